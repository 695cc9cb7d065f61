/** What the grid pages keep on the phone, and the case actions that fit a phone with their words. */
import type { CaseAction } from "../../shared/contracts.js";
import type { MobileKey } from "../i18n/index.js";

/** The actions of a case that fit a phone, in the order their buttons appear. */
export const PHONE_ACTIONS = [
  "respond",
  "reply",
  "verify",
  "send_back",
] as const satisfies readonly CaseAction[];
export type PhoneAction = (typeof PHONE_ACTIONS)[number];

interface FormWords {
  text: MobileKey;
  placeholder: MobileKey;
  submit: MobileKey;
  /** The message when the text is left empty; absent where the text is optional. */
  textRequired?: MobileKey;
}

/** The words of each phone action's form. */
export const PHONE_FORMS = {
  respond: {
    text: "grid.action.respond.text",
    placeholder: "grid.action.respond.placeholder",
    submit: "grid.action.respond.submit",
  },
  reply: {
    text: "grid.action.reply.text",
    placeholder: "grid.action.reply.placeholder",
    submit: "grid.action.reply.submit",
    textRequired: "grid.action.reply.textRequired",
  },
  verify: {
    text: "grid.action.verify.text",
    placeholder: "grid.action.verify.placeholder",
    submit: "grid.action.verify.submit",
  },
  send_back: {
    text: "grid.action.send_back.text",
    placeholder: "grid.action.send_back.placeholder",
    submit: "grid.action.send_back.submit",
    textRequired: "grid.action.send_back.textRequired",
  },
} as const satisfies Record<PhoneAction, FormWords>;

export function isPhoneAction(action: string): action is PhoneAction {
  return (PHONE_ACTIONS as readonly string[]).includes(action);
}

/** Snapshot keys, per account so two accounts on one phone never see each other's copies. */
export const snapshotKeys = {
  workList: (userId: string) => `worklist:${userId}`,
  case: (userId: string, id: string) => `case:${userId}:${id}`,
  categories: () => "categories",
  visits: (userId: string, state: string) => `visits:${userId}:${state}`,
  visit: (userId: string, id: string) => `visit:${userId}:${id}`,
  person: (userId: string, id: string) => `person:${userId}:${id}`,
  disputeTypes: () => "dispute-types",
  disputes: (userId: string) => `disputes:${userId}`,
  dispute: (userId: string, number: string) => `dispute:${userId}:${number}`,
};
