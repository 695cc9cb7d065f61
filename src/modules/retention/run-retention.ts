import type { RetentionConfig } from "../../config.js";
import type { Db } from "../../db/client.js";
import { deleteUnclaimedAttachments } from "../attachments/index.js";
import { deleteExpiredIdempotencyKeys } from "../../core/idempotency/idempotency.js";
import { deleteOldPatrolTraces } from "./delete-old-patrol-traces.js";
import { deleteSignInLeftovers } from "./delete-sign-in-leftovers.js";
import { eraseReporterContacts } from "./erase-reporter-contacts.js";
import { erasePartyPhones } from "../mediation/index.js";
import { retentionCutoff } from "./retention-cutoff.js";

export interface RetentionOptions {
  policy: RetentionConfig;
  /** Where unclaimed uploads' files are removed from. */
  uploadDir: string;
  now?: Date;
}

/** What one run removed; null where a rule is off (or, for patrol traces, has nothing to act on yet). */
export interface RetentionCounts {
  loginCodes: number | null;
  sessions: number | null;
  signInFailures: number | null;
  unclaimedUploads: number | null;
  uploadFiles: number | null;
  reporterContactsErased: number | null;
  /** Dispute parties' phones erased (same period as reporters' contacts, from the dispute's archiving). */
  partyPhonesErased: number | null;
  patrolTracePoints: number | null;
  idempotencyKeys: number;
}

/**
 * Applies every retention rule once (the register of personal data in the README says what each
 * kind is kept for). Each rule is its own short statement or batch, safe beside live traffic and
 * beside another server running the same rules.
 */
export async function runRetention(db: Db, opts: RetentionOptions): Promise<RetentionCounts> {
  const now = opts.now ?? new Date();
  const { policy } = opts;
  const signIn = policy.signIn ? await deleteSignInLeftovers(db, retentionCutoff(policy.signIn, now)) : null;
  const uploads = policy.unclaimedUploads
    ? await deleteUnclaimedAttachments(db, {
        uploadDir: opts.uploadDir,
        olderThanHours: (now.getTime() - retentionCutoff(policy.unclaimedUploads, now).getTime()) / 3_600_000,
        now,
      })
    : null;
  return {
    loginCodes: signIn?.loginCodes ?? null,
    sessions: signIn?.sessions ?? null,
    signInFailures: signIn?.signInFailures ?? null,
    unclaimedUploads: uploads?.attachments ?? null,
    uploadFiles: uploads?.files ?? null,
    reporterContactsErased: policy.reporterContact
      ? await eraseReporterContacts(db, retentionCutoff(policy.reporterContact, now))
      : null,
    partyPhonesErased: policy.reporterContact
      ? await erasePartyPhones(db, retentionCutoff(policy.reporterContact, now))
      : null,
    patrolTracePoints: policy.patrolTraces
      ? await deleteOldPatrolTraces(db, retentionCutoff(policy.patrolTraces, now))
      : null,
    // Not a setting: a key is kept exactly as long as a retry may replay it.
    idempotencyKeys: await deleteExpiredIdempotencyKeys(db, now),
  };
}
