import type { NotificationRow } from "./enqueue-notifications.js";

/** The outbox channels a delivery worker sends through (`in_app` needs none). */
export type DeliveryChannelName = "sms" | "wechat";

/**
 * A way to reach people outside the platform. `send` resolves when the message is accepted and
 * rejects to have it retried later with backoff. Delivery is at least once: a process that dies
 * between sending and recording it sends again after the claim's lease, so a real gateway
 * should pass `n.id` as its idempotency key where it has one.
 */
export interface NotificationChannel {
  name: DeliveryChannelName;
  send(n: NotificationRow): Promise<void>;
}

/** The part of a pino / Fastify logger the demo channel writes to. */
export interface ChannelLog {
  info(obj: object, msg: string): void;
}

/**
 * Demo SMS: writes the message to the log instead of a gateway, so the outbox can be watched
 * working before an SMS contract exists. Logs ids, not phone numbers: the log is not a place for
 * personal data.
 */
export class LogSmsChannel implements NotificationChannel {
  readonly name = "sms" as const;

  constructor(private readonly log: ChannelLog) {}

  async send(n: NotificationRow): Promise<void> {
    this.log.info(
      {
        notificationId: n.id,
        kind: n.kind,
        subjectType: n.subjectType,
        subjectId: n.subjectId,
        recipientUserId: n.recipientUserId,
        recipientOrgId: n.recipientOrgId,
        recipientCaseId: n.recipientCaseId,
        text: `${n.title} ${n.body}`,
      },
      "sms (demo: logged, not sent)",
    );
  }
}
