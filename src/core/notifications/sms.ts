/**
 * SMS delivery: an outbox channel that sends through an SMS provider. Chinese providers send
 * only pre-approved templates (签名 + 模板 with named parameters), so each kind of message that
 * may go out by SMS names its template; rows of other kinds are not for SMS and fail loudly.
 * The provider sits behind `SmsGateway`: Aliyun's SDK in production (./aliyun-sms.ts), a
 * recording fake in tests. Off unless SMS_PROVIDER is set (see `smsSettingsFromEnv`).
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases, users } from "../../db/schema.js";
import type { NotificationChannel } from "./channels.js";
import type { NotificationRow } from "./enqueue-notifications.js";
import { notificationKind, notificationKinds, type NotificationKind, type SmsTemplate } from "./kinds.js";

/** One templated message to one number, as every provider takes it. */
export interface SmsMessage {
  phone: string;
  template: string;
  params: Record<string, string>;
  /** The outbox row's id: the provider's idempotency / tracing key where it has one. */
  outId: string;
}

/** An SMS provider: resolves when it accepted the message, rejects otherwise (to be retried). */
export interface SmsGateway {
  send(message: SmsMessage): Promise<void>;
}

/**
 * The kinds of message that go out by SMS: those whose manifest declaration names a template
 * (`login_code`, `received`, `reply` today; see ./kinds.ts).
 */
export type SmsKind = string;

function smsKinds(): (NotificationKind & { sms: SmsTemplate })[] {
  return notificationKinds().flatMap((k) => (k.sms ? [{ ...k, sms: k.sms }] : []));
}

export interface SmsSettings {
  provider: "aliyun";
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved signature (签名), e.g. 微治理. */
  signName: string;
  /** Template code per kind; a kind without one is never sent by SMS. */
  templates: Partial<Record<SmsKind, string>>;
  /** The provider's API host; default Aliyun's (a test points it at a local fake). */
  endpoint: string;
}

/** Raised for SMS settings that cannot work; the server refuses to start with them. */
export class SmsSettingsError extends Error {}

/**
 * SMS settings from the environment, or null when SMS is off (SMS_PROVIDER unset or `off`).
 * SMS_PROVIDER=aliyun needs SMS_ACCESS_KEY_ID, SMS_ACCESS_KEY_SECRET, SMS_SIGN_NAME and at least
 * one template: SMS_TEMPLATE_LOGIN_CODE (param `code`), SMS_TEMPLATE_RECEIVED and
 * SMS_TEMPLATE_REPLY (param `number`, the case number).
 */
export function smsSettingsFromEnv(env: NodeJS.ProcessEnv): SmsSettings | null {
  const provider = env.SMS_PROVIDER?.trim() ?? "";
  if (provider === "" || provider === "off") return null;
  if (provider !== "aliyun")
    throw new SmsSettingsError(`SMS_PROVIDER must be aliyun or off, not ${provider}.`);
  const need = (name: string) => {
    const v = env[name]?.trim();
    if (!v) throw new SmsSettingsError(`SMS_PROVIDER=aliyun needs ${name}.`);
    return v;
  };
  const keys = {
    accessKeyId: need("SMS_ACCESS_KEY_ID"),
    accessKeySecret: need("SMS_ACCESS_KEY_SECRET"),
    signName: need("SMS_SIGN_NAME"),
  };
  const templates: Partial<Record<SmsKind, string>> = {};
  for (const { kind, sms } of smsKinds()) {
    const v = env[sms.templateVar]?.trim();
    if (v) templates[kind] = v;
  }
  if (Object.keys(templates).length === 0) {
    throw new SmsSettingsError("SMS_PROVIDER=aliyun needs at least one SMS_TEMPLATE_* code.");
  }
  return {
    provider,
    ...keys,
    templates,
    endpoint: env.SMS_ENDPOINT?.trim() || "dysmsapi.aliyuncs.com",
  };
}

/** A row as the channel receives it; a sign-in code carries its number (it has no account yet). */
type Outgoing = NotificationRow & { toPhone?: string };

/** The parameters of each template, from the row. */
function paramsOf(sms: SmsTemplate, n: Outgoing, caseNumber: string | null): Record<string, string> {
  const kind = n.kind;
  if (sms.param === "code") {
    const code = /\d{6}/.exec(n.body)?.[0];
    if (!code) throw new Error(`notification ${n.id}: no code in a ${kind} message`);
    return { code };
  }
  if (!caseNumber) throw new Error(`notification ${n.id}: no case for a ${kind} message`);
  return { number: caseNumber };
}

/**
 * The outbox's SMS channel: finds the number (the sign-in code's own, else the account's phone,
 * else the reporter's phone on the case), picks the kind's template and hands it to the gateway.
 * A row it cannot send (no template for its kind, no number) rejects, so the outbox records why.
 */
export class SmsChannel implements NotificationChannel {
  readonly name = "sms" as const;

  constructor(
    private readonly db: Db,
    private readonly gateway: SmsGateway,
    private readonly templates: Partial<Record<SmsKind, string>>,
  ) {}

  async send(row: NotificationRow): Promise<void> {
    const n = row as Outgoing;
    const sms = notificationKind(n.kind)?.sms;
    const template = sms === undefined ? undefined : this.templates[n.kind];
    if (sms === undefined || template === undefined) {
      throw new Error(`notification ${n.id}: no SMS template for kind ${n.kind}`);
    }
    const { phone, caseNumber } = await this.recipientOf(n);
    if (!phone) throw new Error(`notification ${n.id}: the recipient has no phone`);
    await this.gateway.send({ phone, template, params: paramsOf(sms, n, caseNumber), outId: String(n.id) });
  }

  private async recipientOf(n: Outgoing): Promise<{ phone: string | null; caseNumber: string | null }> {
    const caseId = n.recipientCaseId ?? (n.subjectType === "case" ? n.subjectId : null);
    const [c] =
      caseId === null
        ? []
        : await this.db
            .select({ number: cases.number, phone: cases.reporterPhone })
            .from(cases)
            .where(eq(cases.id, caseId));
    if (n.toPhone) return { phone: n.toPhone, caseNumber: c?.number ?? null };
    if (n.recipientUserId !== null) {
      const [u] = await this.db
        .select({ phone: users.phone })
        .from(users)
        .where(eq(users.id, n.recipientUserId));
      if (u?.phone) return { phone: u.phone, caseNumber: c?.number ?? null };
    }
    // An anonymous reporter is reached through their case: the phone they left on it.
    return { phone: n.recipientCaseId !== null ? (c?.phone ?? null) : null, caseNumber: c?.number ?? null };
  }
}
