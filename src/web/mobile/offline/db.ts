/**
 * The phone's own store (IndexedDB, through idb): the outbox of findings, actions, visits and mediation records recorded
 * without a network, and snapshots of what the grid worker last saw (their session, work list,
 * case pages, the category list) so the pages still open on a village road without signal.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

/** Something recorded on the phone and not yet accepted by the server. */
export interface OutboxItem {
  /** Also the request's Idempotency-Key, fixed from the moment it was recorded. */
  id: string;
  /** Whose session sends it: another account signed in on the same phone never sends it. */
  userId: string;
  kind: "intake" | "action" | "visit" | "dispute";
  createdAt: string;
  /** Action items: the case (uuid), its number for people, and the action's name. */
  caseId?: string;
  caseNumber?: string;
  action?: string;
  /** Visit items (走访): the visit (uuid) and the person's name as the list showed it (masked as there). */
  visitId?: string;
  personName?: string;
  /** Dispute items (调解): the dispute's number (its route takes it) and its type's name, for the list. */
  disputeNumber?: string;
  disputeTypeName?: string;
  /** The JSON body without the photos' ids (`attachmentIds`, a session's `photoIds`: added from the uploads at send time). */
  body: Record<string, unknown>;
  /** Photos, already scaled down on the phone. */
  photos: Blob[];
  /** The server's id for each photo once its upload answered; null until then. */
  attachmentIds: (string | null)[];
  /**
   * Recorded while an earlier action on the same case (or visit) was still waiting: its `version` is the
   * one that earlier action leads to, known only once it is sent.
   */
  chained: boolean;
  /** True once the main request went out: from then on its body never changes (the key's hash). */
  sent: boolean;
  attempts: number;
  state: "waiting" | "failed";
  /** The server's refusal of a failed item, shown to the worker. */
  error?: { code: string; message: string };
  /** A line for the list: the finding's description or the action's note. */
  summary: string;
}

export interface Snapshot<T = unknown> {
  key: string;
  value: T;
  savedAt: string;
}

interface OfflineSchema extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { createdAt: string } };
  snapshots: { key: string; value: Snapshot };
}

let opening: Promise<IDBPDatabase<OfflineSchema>> | undefined;

/** The one connection of this page. */
export function offlineDb(): Promise<IDBPDatabase<OfflineSchema>> {
  opening ??= openDB<OfflineSchema>("mg-offline", 1, {
    upgrade(db) {
      const outbox = db.createObjectStore("outbox", { keyPath: "id" });
      outbox.createIndex("createdAt", "createdAt");
      db.createObjectStore("snapshots", { keyPath: "key" });
    },
  });
  return opening;
}
