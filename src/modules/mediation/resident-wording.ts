/**
 * What a resident who is a party reads about their dispute, in one place (as
 * ../cases/resident-wording.ts does for appeals): the sentence for each state and for each step of
 * the timeline, in Chinese and English. State names are the glossary's
 * (src/shared/contracts/glossary.ts); the mobile page renders these sentences and holds no copy.
 */
import { GLOSSARY } from "../../shared/contracts/glossary.js";
import type { DisputeStatus, PartyRole, Performance, ReferralChannel } from "./schema.js";

/** A sentence in both languages. */
export interface Words {
  zh: string;
  en: string;
}

const status = GLOSSARY.disputeStatus;

/** Each state as one sentence; `{committee}` is the committee's name. */
export const DISPUTE_STATUS_WORDS: Record<DisputeStatus, Words> = {
  registered: {
    zh: `${status.registered.zh}，{committee}正在安排调解员`,
    en: `${status.registered.en}: {committee} is choosing a mediator`,
  },
  accepted: {
    zh: `${status.accepted.zh}，{committee}将在期限内组织调解`,
    en: `${status.accepted.en}: {committee} will mediate within the time limit`,
  },
  in_mediation: {
    zh: `${status.in_mediation.zh}，{committee}正在组织双方调解`,
    en: `${status.in_mediation.en}: {committee} is mediating between the parties`,
  },
  settled_written: {
    zh: `${status.settled_written.zh}，请按协议履行`,
    en: `${status.settled_written.en}: please perform what was agreed`,
  },
  settled_oral: {
    zh: `${status.settled_oral.zh}，请按约定履行`,
    en: `${status.settled_oral.en}: please perform what was agreed`,
  },
  not_settled: {
    zh: `${status.not_settled.zh}，已告知您可以通过其他途径解决`,
    en: `${status.not_settled.en}: you were told where else it can be resolved`,
  },
  follow_up: {
    zh: `${status.follow_up.zh}，调解员会了解协议的履行情况`,
    en: `${status.follow_up.en}: the mediator will ask how the agreement is being performed`,
  },
  archived: { zh: `${status.archived.zh}，调解已结束`, en: `${status.archived.en}: the mediation is over` },
};

/** A party's role, named (the other parties are shown by role only). */
export const PARTY_ROLE_WORDS: Record<PartyRole, Words> = {
  applicant: { zh: "申请人", en: "Applicant" },
  respondent: { zh: "被申请人", en: "Respondent" },
  other: { zh: "其他当事人", en: "Other party" },
};

/** Where a dispute not settled was referred. */
export const REFERRAL_WORDS: Record<ReferralChannel, Words> = {
  litigation: { zh: "诉讼", en: "Litigation" },
  arbitration: { zh: "仲裁", en: "Arbitration" },
  administrative: { zh: "行政处理", en: "Administrative handling" },
  petition: { zh: "信访", en: "Petition" },
};

const PERFORMANCE_WORDS: Record<Performance, Words> = {
  yes: { zh: "协议已履行", en: "the agreement is performed" },
  partly: { zh: "协议部分履行", en: "the agreement is partly performed" },
  no: { zh: "协议尚未履行", en: "the agreement is not performed yet" },
};

/** The steps of a dispute a party is told about; assignment, risk and other internal steps are not. */
export type ResidentStep =
  | { kind: "registered" }
  | { kind: "accepted" }
  | { kind: "session"; place: string }
  | { kind: "extended" }
  | { kind: "settled"; written: boolean }
  | { kind: "referred"; channel: ReferralChannel; receivingBody: string }
  | { kind: "follow_up"; performed: Performance }
  | { kind: "archived" };

const fill = (w: Words, values: Record<string, string>): Words => ({
  zh: w.zh.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? ""),
  en: w.en.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? ""),
});

/** The state sentence, naming the committee. */
export const disputeStatusSentence = (s: DisputeStatus, committee: string): Words =>
  fill(DISPUTE_STATUS_WORDS[s], { committee });

/** One step of the timeline as a sentence (`committee` names the committee that mediates). */
export function stepSentence(step: ResidentStep, committee: string): Words {
  switch (step.kind) {
    case "registered":
      return fill({ zh: "{committee}登记了纠纷", en: "{committee} registered the dispute" }, { committee });
    case "accepted":
      return fill(
        {
          zh: "{committee}受理了纠纷，30日内调解",
          en: "{committee} accepted the dispute: mediation within 30 days",
        },
        { committee },
      );
    case "session":
      return fill({ zh: "在{place}进行了一次调解", en: "A mediation session was held at {place}" }, step);
    case "extended":
      return { zh: "经双方同意，调解期限延长", en: "With the parties' consent, the time limit was extended" };
    case "settled":
      return step.written
        ? { zh: "双方达成书面调解协议", en: "The parties reached a written agreement" }
        : { zh: "双方达成口头调解协议", en: "The parties reached an oral agreement" };
    case "referred": {
      const channel = REFERRAL_WORDS[step.channel];
      return {
        zh: `调解不成，引导通过${channel.zh}解决（${step.receivingBody}）`,
        en: `Not settled: referred to ${channel.en.toLowerCase()} (${step.receivingBody})`,
      };
    }
    case "follow_up": {
      const p = PERFORMANCE_WORDS[step.performed];
      return { zh: `调解员回访：${p.zh}`, en: `The mediator followed up: ${p.en}` };
    }
    case "archived":
      return { zh: "纠纷调解已结束并归档", en: "The mediation ended and was archived" };
  }
}
