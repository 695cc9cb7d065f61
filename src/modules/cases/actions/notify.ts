/**
 * In-app notifications of the case actions, written through the outbox in the action's own
 * transaction, so a person learns of exactly the actions that happened.
 */
import type { Tx } from "../../../db/client.js";
import type { NotificationData } from "../../../db/schema.js";
import { enqueueNotifications } from "../../../core/notifications/enqueue-notifications.js";
import type { CaseRow } from "../transition.js";

/** What kind of news, and its text. */
export interface CaseNotice {
  kind: string;
  title: string;
  body: string;
  /** The facts of the text by name, for the console's words in either language. */
  data?: NotificationData;
}

/** Tells units (everyone acting for them reads it in their list); nulls are skipped. */
export async function notifyUnits(
  tx: Tx,
  caseRow: CaseRow,
  orgIds: readonly (string | null)[],
  notice: CaseNotice,
): Promise<void> {
  const recipients = [...new Set(orgIds.filter((id): id is string => id !== null))];
  await enqueueNotifications(
    tx,
    recipients.map((orgId) => ({
      channel: "in_app",
      recipientOrgId: orgId,
      subjectType: "case",
      subjectId: caseRow.id,
      ...notice,
    })),
  );
}

/**
 * Tells the reporter: their account when they were signed in, else the case itself, which an
 * anonymous reporter reads through the tracking code.
 */
export async function notifyReporter(tx: Tx, caseRow: CaseRow, notice: CaseNotice): Promise<void> {
  await enqueueNotifications(tx, [
    {
      channel: "in_app",
      recipientUserId: caseRow.reporterUserId,
      recipientCaseId: caseRow.reporterUserId === null ? caseRow.id : null,
      subjectType: "case",
      subjectId: caseRow.id,
      ...notice,
    },
  ]);
}

/** A person's text put inside a sentence: without its own closing punctuation (no "。。"). */
export function clause(text: string): string {
  return text.trim().replace(/[。．.!！?？;；，,\s]+$/u, "");
}
