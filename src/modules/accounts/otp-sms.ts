import type { NotificationChannel } from "../../core/notifications/channels.js";
import type { NotificationRow } from "../../core/notifications/enqueue-notifications.js";

/**
 * A sign-in code as a message for an SMS channel. The code is sent straight away, not through the
 * outbox: a code must not wait in a table in plain text, nor arrive after it has expired. Outbox
 * rows name a user, and a first sign-in has none yet, so the number travels in `toPhone`; the
 * demo channel logs the text but never the number.
 */
export type LoginCodeMessage = NotificationRow & { toPhone: string };

export function loginCodeMessage(
  phone: string,
  code: string,
  minutes: number,
  now = new Date(),
): LoginCodeMessage {
  return {
    id: 0,
    channel: "sms",
    recipientUserId: null,
    recipientCaseId: null,
    recipientOrgId: null,
    kind: "login_code",
    subjectType: null,
    data: null,
    subjectId: null,
    title: "【微治理】",
    body: `您的登录验证码是 ${code}，${minutes} 分钟内有效。请勿告诉他人。`,
    createdAt: now,
    deliveredAt: null,
    readAt: null,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    toPhone: phone,
  };
}

/** Sends a sign-in code through an SMS channel. */
export async function sendLoginCode(
  channel: NotificationChannel,
  phone: string,
  code: string,
  minutes: number,
): Promise<void> {
  await channel.send(loginCodeMessage(phone, code, minutes));
}
