/**
 * What the worker wrote in an outbox item, as plain text: shown in full when the server refused
 * the item, so the notes of something that really happened (a mediation session, a visit) can be
 * copied into a new record before the item is discarded. Every kind of item (patrol finding,
 * case action, visit, dispute record) is read the same way, from the body its form sent.
 */
import type { MobileKey, MobileT } from "../i18n/index.js";
import type { OutboxItem } from "../offline/outbox.js";
import { PERFORMED_WORDS } from "./mediation-words.js";

/** One thing the worker wrote: its label, its value, and how the value reads (a time, a word for a code). */
export interface WrittenField {
  label: MobileKey;
  value: string;
  as?: "time" | "performed";
}

type FieldSpec = readonly [field: string, label: MobileKey, as?: WrittenField["as"]];

/** The fields each form writes, in the form's order (what is not text, like a location, is left out). */
const WRITTEN: Record<string, readonly FieldSpec[]> = {
  intake: [
    ["description", "grid.patrol.description"],
    ["address", "grid.outbox.field.address"],
  ],
  "action:respond": [["note", "grid.outbox.field.note"]],
  "action:reply": [["result", "grid.action.reply.text"]],
  "action:verify": [["note", "grid.outbox.field.note"]],
  "action:send_back": [["reason", "grid.action.send_back.text"]],
  "visit:record": [["findings", "grid.visits.findings"]],
  "visit:appeal": [["description", "grid.outbox.field.appeal"]],
  "visit:dispute": [["facts", "grid.mediation.facts"]],
  "dispute:record_session": [
    ["heldAt", "grid.mediation.heldAt", "time"],
    ["place", "grid.mediation.place"],
    ["participants", "grid.mediation.participants"],
    ["notes", "grid.mediation.notes"],
  ],
  "dispute:record_follow_up": [
    ["followedOn", "grid.mediation.followedOn"],
    ["performed", "grid.mediation.performed", "performed"],
    ["notes", "grid.mediation.followNotes"],
  ],
};

/** The other party named on a dispute raised from a visit: name and phone as typed. */
function otherParties(body: Record<string, unknown>): string[] {
  const list = Array.isArray(body.otherParties) ? (body.otherParties as unknown[]) : [];
  return list.flatMap((p) => {
    const party = p as { name?: unknown; phone?: unknown };
    const words = [party.name, party.phone].filter((w): w is string => typeof w === "string" && w !== "");
    return words.length > 0 ? [words.join(" ")] : [];
  });
}

/** The non-empty texts of the item's body, labelled; the item's summary when its form is not known. */
export function writtenFields(
  item: Pick<OutboxItem, "kind" | "action" | "body" | "summary">,
): WrittenField[] {
  const specs = WRITTEN[item.kind === "intake" ? "intake" : `${item.kind}:${item.action ?? ""}`] ?? [];
  const fields: WrittenField[] = specs.flatMap(([field, label, as]) => {
    const value = item.body[field];
    if (typeof value !== "string" || value.trim() === "") return [];
    return [{ label, value, ...(as ? { as } : {}) }];
  });
  if (item.kind === "visit" && item.action === "dispute") {
    for (const value of otherParties(item.body))
      fields.push({ label: "grid.outbox.field.otherParty", value });
  }
  if (fields.length === 0 && item.summary.trim() !== "") {
    fields.push({ label: "grid.outbox.field.note", value: item.summary });
  }
  return fields;
}

/**
 * The whole text to copy: what the item was (its title), when it was recorded, then each field
 * as "label: value" in the page's language.
 */
export function writtenText(
  item: Pick<OutboxItem, "kind" | "action" | "body" | "summary" | "createdAt">,
  words: { t: MobileT; title: string; time: (iso: string) => string },
): string {
  const { t } = words;
  const lines = [words.title, t("grid.outbox.recorded", { time: words.time(item.createdAt) })];
  for (const f of writtenFields(item)) {
    const value =
      f.as === "time"
        ? words.time(f.value)
        : f.as === "performed" && f.value in PERFORMED_WORDS
          ? t(PERFORMED_WORDS[f.value as keyof typeof PERFORMED_WORDS])
          : f.value;
    lines.push(t("grid.outbox.line", { label: t(f.label), value }));
  }
  return lines.join("\n");
}

/**
 * What an item is, as its list shows it: "调解记录 · 邻里纠纷 · 纠纷编号 …", "走访登记 · 张三",
 * "巡查发现", or a case action and the case's number (`actionName` names the action).
 */
export function outboxTitle(
  item: Pick<
    OutboxItem,
    "kind" | "action" | "caseNumber" | "personName" | "disputeNumber" | "disputeTypeName"
  >,
  t: MobileT,
  actionName: (action: string) => string,
): string {
  if (item.kind === "intake") return t("grid.outbox.finding");
  if (item.kind === "dispute") {
    const words = { type: item.disputeTypeName ?? "", number: item.disputeNumber ?? "" };
    return item.action === "record_follow_up"
      ? t("grid.mediation.outboxFollowUp", words)
      : t("grid.mediation.outboxSession", words);
  }
  if (item.kind === "visit") {
    const name = item.personName ?? "";
    if (item.action === "appeal") return t("grid.visits.outboxAppeal", { name });
    if (item.action === "dispute") return t("grid.visits.outboxDispute", { name });
    return t("grid.visits.outboxTitle", { name });
  }
  return `${actionName(item.action ?? "respond")} · ${item.caseNumber ?? ""}`;
}
