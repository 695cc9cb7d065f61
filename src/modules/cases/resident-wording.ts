/**
 * What a resident reads about their appeal, in one place (#9 item 9): the sentence for each
 * status and for each step of the timeline, in Chinese and English, and which unit each sentence
 * names. The terms (states, a unit, an appeal…) are the glossary's (src/shared/contracts/glossary.ts). The tracking view, the "my appeals" page and the confirmation after submitting all say
 * what this file says; the mobile pages render the server's sentences and hold no copy.
 *
 * The unit named is the one the resident should think of: for a move of the case (dispatch,
 * redispatch, escalate, send back) the unit that RECEIVES it, not the dispatcher who moved it;
 * for work on it (respond, reply, verify, report) the unit that did the work.
 */
import type { CaseStatus } from "../../db/schema.js";
import { GLOSSARY } from "../../shared/contracts/glossary.js";
import type { CaseAction } from "./state-table.js";

/** A sentence in both languages; `{unit}` is replaced by the unit's name. */
interface Words {
  zh: string;
  en: string;
}

/** A sentence that names a unit, and the one to use when no unit is known. */
interface UnitWords {
  withUnit: Words;
  withoutUnit: Words;
}

/** A sentence that names no unit, the same either way. */
const same = (zh: string, en: string): UnitWords => ({ withUnit: { zh, en }, withoutUnit: { zh, en } });

/** Where an event's unit comes from. */
type UnitSource = "receiver" | "actor" | "none";

/** Each status as one sentence; `{unit}` is the unit holding the case. */
export const STATUS_WORDS: Record<CaseStatus, UnitWords> = {
  triage: {
    withUnit: {
      zh: "{unit}已受理，正在为您安排承办单位",
      en: "Received by {unit}, who is choosing the unit to handle it",
    },
    withoutUnit: {
      zh: "已受理，正在为您安排承办单位",
      en: "Received; the unit to handle it is being chosen",
    },
  },
  dispatched: {
    withUnit: { zh: "已交给{unit}办理", en: "Passed to {unit} to handle" },
    withoutUnit: { zh: "已交给承办单位办理", en: "Passed to the unit that handles it" },
  },
  handling: {
    withUnit: { zh: "{unit}正在办理", en: "{unit} is working on it" },
    withoutUnit: { zh: "正在办理", en: "Being worked on" },
  },
  replied: {
    withUnit: {
      zh: "{unit}已答复办理结果，请您评价",
      en: "{unit} has reported the result: please rate it",
    },
    withoutUnit: { zh: "已答复办理结果，请您评价", en: "The result has been reported: please rate it" },
  },
  supervisor_review: same("督办人员正在复核办理结果", "A supervisor is reviewing the result"),
  closed: same(GLOSSARY.caseStatus.closed.zh, GLOSSARY.caseStatus.closed.en),
  rejected: same(GLOSSARY.caseStatus.rejected.zh, GLOSSARY.caseStatus.rejected.en),
  merged: same("已与相同问题合并办理", "Handled together with the same problem reported by others"),
};

/** The steps a resident is told about, each with the unit it names; other steps stay internal. */
export const EVENT_WORDS: Partial<Record<CaseAction, UnitWords & { unit: UnitSource }>> = {
  intake: {
    unit: "receiver",
    withUnit: { zh: "{unit}已受理您的诉求", en: "{unit} has received your appeal" },
    withoutUnit: { zh: "您的诉求已受理", en: "Your appeal was received" },
  },
  answer_on_spot: {
    unit: "actor",
    withUnit: {
      zh: "{unit}已当场答复并办结您的诉求",
      en: "{unit} answered your appeal on the spot and closed it",
    },
    withoutUnit: { zh: "您的诉求已当场答复并办结", en: "Your appeal was answered on the spot and closed" },
  },
  dispatch: {
    unit: "receiver",
    withUnit: { zh: "您的诉求已交给{unit}办理", en: "Your appeal was passed to {unit}" },
    withoutUnit: {
      zh: "您的诉求已交给承办单位办理",
      en: "Your appeal was passed to the unit that handles it",
    },
  },
  redispatch: {
    unit: "receiver",
    withUnit: { zh: "您的诉求已改由{unit}办理", en: "Your appeal is now handled by {unit}" },
    withoutUnit: { zh: "您的诉求已改由其他单位办理", en: "Your appeal was passed to another unit" },
  },
  send_back: {
    unit: "receiver",
    withUnit: {
      zh: "{unit}正在为您的诉求重新安排承办单位",
      en: "{unit} is choosing another unit to handle it",
    },
    withoutUnit: { zh: "正在为您的诉求重新安排承办单位", en: "Another unit to handle it is being chosen" },
  },
  escalate: {
    unit: "receiver",
    withUnit: { zh: "您的诉求已提交{unit}办理", en: "Your appeal was passed up to {unit}" },
    withoutUnit: { zh: "您的诉求已提交上级办理", en: "Your appeal was passed up a level" },
  },
  respond: {
    unit: "actor",
    withUnit: { zh: "{unit}已与您联系", en: "{unit} contacted you" },
    withoutUnit: { zh: "承办单位已与您联系", en: "The unit contacted you" },
  },
  whistle: {
    unit: "none",
    ...same("已召集相关部门联合办理", "Departments were called in to help"),
  },
  report: {
    unit: "actor",
    withUnit: { zh: "{unit}已加入办理", en: "{unit} joined the work" },
    withoutUnit: { zh: "相关部门已加入办理", en: "A department joined the work" },
  },
  request_extension: {
    unit: "actor",
    withUnit: { zh: "{unit}申请延长办理时间", en: "{unit} asked for more time" },
    withoutUnit: { zh: "承办单位申请延长办理时间", en: "The unit asked for more time" },
  },
  reply: {
    unit: "actor",
    withUnit: { zh: "{unit}答复了办理结果", en: "{unit} reported the result" },
    withoutUnit: { zh: "承办单位答复了办理结果", en: "The unit reported the result" },
  },
  verify: {
    unit: "actor",
    withUnit: { zh: "{unit}已到现场核查", en: "{unit} checked it on the spot" },
    withoutUnit: { zh: "网格员已到现场核查", en: "A grid worker checked it on the spot" },
  },
  evaluate: {
    unit: "none",
    ...same("您已评价办理结果", "You rated the result"),
  },
  supervisor_decide: {
    unit: "none",
    ...same("督办人员已复核办理结果", "A supervisor reviewed the result"),
  },
  close: {
    unit: "none",
    ...same("您的诉求已办结", "Your appeal was closed"),
  },
  reject: {
    unit: "none",
    ...same("您的诉求不予受理", "Your appeal was not accepted"),
  },
  merge: {
    unit: "none",
    ...same("您的诉求已与相同问题合并办理", "Your appeal is handled together with the same problem"),
  },
  transfer_to_mediation: {
    unit: "none",
    ...same(
      "您反映的事项已转人民调解委员会调解，调解员将与您联系",
      "Your appeal was passed to a people's mediation committee: a mediator will contact you",
    ),
  },
  urge: {
    unit: "none",
    ...same("督办人员已催促承办单位", "A supervisor urged the unit on"),
  },
};

/** A case that left the loop for mediation ends in `rejected` (no rate counts it), but it was not refused. */
const TRANSFERRED: UnitWords = same("已转人民调解", "Passed to people's mediation");

/** The status sentence's words: the status's own, or "passed to mediation" for a transferred case. */
export function statusWords(status: CaseStatus, events: readonly { action: string }[]): UnitWords {
  const last = events.at(-1)?.action;
  return status === "rejected" && last === "transfer_to_mediation" ? TRANSFERRED : STATUS_WORDS[status];
}

/** The sentence in both languages, with the unit's name put in where there is one. */
export function say(words: UnitWords, unit: string | null): Words {
  if (unit === null) return words.withoutUnit;
  return { zh: words.withUnit.zh.replace("{unit}", unit), en: words.withUnit.en.replace("{unit}", unit) };
}

/** An event as the wording needs it: its action, its acting unit, and its data. */
export interface WordedEvent {
  action: string;
  unitName: string | null;
  data: unknown;
}

/** The unit that received the case in a move, from the event's data (dispatch: orgName; escalate, send back: toOrgName). */
function receiverOf(event: WordedEvent): string | null {
  const data = (event.data ?? {}) as { orgName?: unknown; toOrgName?: unknown };
  const name = data.orgName ?? data.toOrgName;
  return typeof name === "string" ? name : null;
}

/**
 * Each event the resident is told about, with the unit its sentence names. Intake names the unit
 * that first held the appeal: the receiver of the next move, else the next unit that acted, else
 * the unit holding it now.
 */
export function residentTimeline<E extends WordedEvent>(
  events: readonly E[],
  holdingUnit: string | null,
): { event: E; unit: string | null; words: Words }[] {
  return events.flatMap((event, i) => {
    const words = EVENT_WORDS[event.action as CaseAction];
    if (!words) return [];
    let unit: string | null = null;
    if (words.unit === "actor") unit = event.unitName;
    if (words.unit === "receiver") {
      unit =
        event.action === "intake"
          ? (events
              .slice(i + 1)
              .map((later) => later.unitName ?? null)
              .find((u) => u !== null) ?? holdingUnit)
          : receiverOf(event);
    }
    return [{ event, unit, words: say(words, unit) }];
  });
}
