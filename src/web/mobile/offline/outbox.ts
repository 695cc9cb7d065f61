/**
 * The grid worker's outbox: a patrol finding, a case action, a visit record (走访), an appeal
 * raised from a visit, or a mediator's session or follow-up on a dispute is first recorded on the phone
 * (IndexedDB, photos as Blobs) with its Idempotency-Key, then sent — at once when there is a
 * network, else when it returns (the `online` event, the app's start, the retry button).
 *
 * Exactly once: the key is fixed when the item is recorded and the server replays the first
 * answer to a repeat, so a send whose answer was lost is simply sent again. Photos are uploaded
 * one by one at send time and each returned id is stored on the item before the next step, so a
 * retry never uploads a photo that already has an id; a photo whose upload answer was lost is
 * uploaded again and the orphan upload is never claimed by the case (the server's maintenance
 * removes unclaimed uploads; the stored file itself is content-addressed by SHA-256, so the
 * bytes are kept once). The main request's body is frozen once it has gone out.
 */
import { useSyncExternalStore } from "react";
import { ApiError, api, loadSession } from "../../shared/api.js";
import { uploadPhoto } from "../shared/upload.js";
import { offlineDb, type OutboxItem } from "./db.js";
import { isOnline, markReachable, markUnreachable } from "./online.js";

export type { OutboxItem };

/** What the worker recorded: a patrol finding (POST /cases), an action on a case, or on a visit. */
export type OutboxInput =
  | { kind: "intake"; userId: string; body: Record<string, unknown>; photos: Blob[]; summary: string }
  | {
      kind: "action";
      userId: string;
      caseId: string;
      caseNumber: string;
      action: string;
      body: Record<string, unknown>;
      photos: Blob[];
      summary: string;
    }
  | {
      kind: "visit";
      userId: string;
      visitId: string;
      personName: string;
      /** POST /visits/:id/record, /visits/:id/appeal or /visits/:id/dispute. */
      action: VisitOutboxAction;
      body: Record<string, unknown>;
      photos: Blob[];
      summary: string;
    }
  | {
      kind: "dispute";
      userId: string;
      /** The dispute's number: POST /mediation/disputes/:number/actions/<action>. */
      disputeNumber: string;
      disputeTypeName: string;
      action: DisputeOutboxAction;
      body: Record<string, unknown>;
      photos: Blob[];
      summary: string;
    };

/** What a mediator records on a dispute from the phone: a session (调解记录) and a follow-up (回访). */
export type DisputeOutboxAction = "record_session" | "record_follow_up";

/** What the phone records on a visit: the visit itself, and the appeal and dispute raised from it. */
export type VisitOutboxAction = "record" | "appeal" | "dispute";

/**
 * The workflow subject an item acts on (a case, a visit or a dispute), or null for a new finding:
 * items on the same subject are sent in order and each acts on the version the one before led to.
 */
function subjectOf(item: Pick<OutboxItem, "kind" | "caseId" | "visitId" | "disputeNumber">): string | null {
  if (item.kind === "action") return `case:${item.caseId ?? ""}`;
  if (item.kind === "visit") return `visit:${item.visitId ?? ""}`;
  if (item.kind === "dispute") return `dispute:${item.disputeNumber ?? ""}`;
  return null;
}

/** The subject's version after an accepted item: a case action answers `{ case }`, a visit or dispute itself. */
function versionAfter(item: OutboxItem, answer: unknown): number | undefined {
  const a = answer as { version?: unknown; case?: { version?: unknown } } | undefined;
  const version = item.kind === "action" ? a?.case?.version : a?.version;
  return typeof version === "number" ? version : undefined;
}

/** An item the server accepted during a flush, with its answer. */
export interface SentItem {
  item: OutboxItem;
  answer: unknown;
}

export interface OutboxState {
  items: OutboxItem[];
  sending: boolean;
  /** Why the last flush stopped early: offline, signed out, or the server busy. */
  stopped: "offline" | "signed_out" | "busy" | null;
  /** Items sent since the page opened, newest first (for the "sent" message). */
  sent: SentItem[];
}

let state: OutboxState = { items: [], sending: false, stopped: null, sent: [] };
const listeners = new Set<() => void>();

function setState(patch: Partial<OutboxState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function allItems(): Promise<OutboxItem[]> {
  const db = await offlineDb();
  return db.getAllFromIndex("outbox", "createdAt");
}

/** A new sign-in: forget that the last flush stopped for want of a session. */
export function clearOutboxStop(): void {
  if (state.stopped !== null) setState({ stopped: null });
}

/** Re-reads the outbox into the state the pages show. */
export async function refreshOutbox(): Promise<OutboxItem[]> {
  const items = await allItems();
  setState({ items });
  return items;
}

async function put(item: OutboxItem): Promise<void> {
  const db = await offlineDb();
  await db.put("outbox", item);
}

/** Keeps what the worker recorded on the phone; nothing is sent yet (see `flushOutbox`). */
export async function recordInOutbox(input: OutboxInput): Promise<OutboxItem> {
  const items = await allItems();
  const subject = subjectOf(input);
  const chained = subject !== null && items.some((i) => subjectOf(i) === subject && i.state === "waiting");
  const item: OutboxItem = {
    ...input,
    id: newKey(),
    createdAt: new Date().toISOString(),
    attachmentIds: input.photos.map(() => null),
    chained,
    sent: false,
    attempts: 0,
    state: "waiting",
  };
  await put(item);
  await refreshOutbox();
  return item;
}

/** Drops an item the server refused (or the worker no longer wants). */
export async function discardOutboxItem(id: string): Promise<void> {
  const db = await offlineDb();
  await db.delete("outbox", id);
  await refreshOutbox();
}

/** Where an item goes, and the body field its photos' ids go in (a mediation session names them `photoIds`). */
function requestOf(item: OutboxItem): { path: string; photoField: string } {
  if (item.kind === "intake") return { path: "/cases", photoField: "attachmentIds" };
  if (item.kind === "visit") {
    return { path: `/visits/${item.visitId ?? ""}/${item.action ?? ""}`, photoField: "attachmentIds" };
  }
  if (item.kind === "dispute") {
    const number = encodeURIComponent(item.disputeNumber ?? "");
    return { path: `/mediation/disputes/${number}/actions/${item.action ?? ""}`, photoField: "photoIds" };
  }
  return { path: `/cases/${item.caseId ?? ""}/actions/${item.action ?? ""}`, photoField: "attachmentIds" };
}

/** A failure that means "later": no network, no session, or the server asks to wait. */
function isTransient(err: ApiError): OutboxState["stopped"] {
  if (err.status === 0) return "offline";
  if (err.status === 401) return "signed_out";
  if (err.status === 429 || err.status >= 500 || err.code === "idempotency_in_progress") return "busy";
  return null;
}

async function sendItem(item: OutboxItem): Promise<unknown> {
  for (let i = 0; i < item.photos.length; i += 1) {
    const photo = item.photos[i];
    if (item.attachmentIds[i] || !photo) continue;
    const uploaded = await uploadPhoto(photo);
    item.attachmentIds[i] = uploaded.id;
    await put(item);
  }
  item.sent = true;
  item.attempts += 1;
  await put(item);
  const ids = item.attachmentIds.filter((id): id is string => id !== null);
  const { path, photoField } = requestOf(item);
  const body = ids.length > 0 ? { ...item.body, [photoField]: ids } : item.body;
  return api<unknown>(path, {
    method: "POST",
    body,
    headers: { "idempotency-key": item.id },
    quiet401: true,
  });
}

let running: Promise<SentItem[]> | undefined;

/**
 * After an action on a case (or a visit) was accepted, the actions recorded on top of it (still
 * unsent) act on the version it led to.
 */
async function passVersionOn(done: OutboxItem, version: number): Promise<void> {
  const subject = subjectOf(done);
  if (subject === null) return;
  const later = (await allItems()).filter(
    (i) => subjectOf(i) === subject && i.chained && !i.sent && i.state === "waiting" && i.id !== done.id,
  );
  for (const item of later) await put({ ...item, body: { ...item.body, version } });
}

async function flushItems(userId: string): Promise<SentItem[]> {
  const sent: SentItem[] = [];
  let stopped: OutboxState["stopped"] = null;
  setState({ sending: true });
  try {
    const waiting = (await allItems()).filter((i) => i.userId === userId && i.state === "waiting");
    if (waiting.length > 0) {
      // The page may have opened offline: the CSRF token comes with the session.
      const session = await loadSession();
      markReachable();
      if (!session) throw new ApiError(401, "unauthorised", "The session has ended.");
    }
    const db = await offlineDb();
    for (const { id } of waiting) {
      // Read again: an earlier send may have passed a version on, the worker may have discarded it.
      const item = await db.get("outbox", id);
      if (!item || item.state !== "waiting") continue;
      try {
        const answer = await sendItem(item);
        await db.delete("outbox", item.id);
        const version = versionAfter(item, answer);
        if (version !== undefined) await passVersionOn(item, version);
        sent.push({ item, answer });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        stopped = isTransient(err);
        if (stopped) break;
        // Refused for good (stale version, not allowed any more, invalid): kept, shown, not resent.
        await put({ ...item, state: "failed", error: { code: err.code, message: err.message } });
      }
    }
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    stopped = isTransient(err) ?? "busy";
  } finally {
    if (stopped === "offline") markUnreachable();
    const items = await allItems();
    setState({ items, sending: false, stopped, sent: [...sent.reverse(), ...state.sent].slice(0, 20) });
  }
  return sent;
}

/**
 * Sends the waiting items of `userId`, oldest first, each exactly once; stops at the first
 * "later" failure (offline, signed out, server busy) so the order on a case is kept. One flush
 * at a time, in this tab and (through Web Locks) across tabs. Resolves with what was sent.
 */
export function flushOutbox(userId: string): Promise<SentItem[]> {
  if (!isOnline()) {
    setState({ stopped: "offline" });
    return Promise.resolve([]);
  }
  // A flush already under way may have read the outbox before the newest item: run again after it.
  const before = running ?? Promise.resolve([]);
  const next: Promise<SentItem[]> = before
    .catch(() => [])
    .then(async () => {
      if (typeof navigator !== "undefined" && navigator.locks) {
        return navigator.locks.request("mg-outbox-flush", () => flushItems(userId));
      }
      return flushItems(userId);
    })
    .finally(() => {
      if (running === next) running = undefined;
    });
  running = next;
  return next;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The outbox as the pages show it; re-renders on every change. */
export function useOutbox(): OutboxState {
  return useSyncExternalStore(
    subscribe,
    () => state,
    () => state,
  );
}

/**
 * Per subject (a case, visit or dispute, as `key` names it), whether something of it waits in the
 * outbox or was refused; a refusal shows over what waits, so a list never calls it "waiting".
 */
export function outboxMarks(
  items: readonly OutboxItem[],
  key: (item: OutboxItem) => string | undefined,
): Map<string, OutboxItem["state"]> {
  const marks = new Map<string, OutboxItem["state"]>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined && marks.get(k) !== "failed") marks.set(k, item.state);
  }
  return marks;
}

/** The waiting and failed items of one account. */
export function itemsOf(outbox: OutboxState, userId: string | undefined): OutboxItem[] {
  return outbox.items.filter((i) => i.userId === userId);
}

/**
 * What became of something just recorded: sent (with the server's answer), waiting (the item
 * kept on the phone), or refused.
 */
export type SubmitOutcome =
  | { status: "sent"; answer: unknown }
  | { status: "waiting"; itemId: string }
  | { status: "failed"; error: { code: string; message: string } };

/**
 * An outcome as it stands now: an item that was waiting may since have been sent (the network
 * came back) or refused by the server, and a page must not go on saying it will be sent. Null
 * once the worker discarded it.
 */
export function currentOutcome(
  outcome: SubmitOutcome,
  outbox: Pick<OutboxState, "items" | "sent">,
): SubmitOutcome | null {
  if (outcome.status !== "waiting") return outcome;
  const item = outbox.items.find((i) => i.id === outcome.itemId);
  if (item?.state === "failed" && item.error) {
    return { status: "failed", error: item.error };
  }
  if (item) return outcome;
  const sent = outbox.sent.find((s) => s.item.id === outcome.itemId);
  if (sent) return { status: "sent", answer: sent.answer };
  return null;
}

/**
 * Records on the phone first (so a network lost mid-submit loses nothing), then sends at once
 * when there is a network.
 */
export async function recordAndSend(input: OutboxInput): Promise<SubmitOutcome> {
  const item = await recordInOutbox(input);
  const sent = await flushOutbox(input.userId);
  const mine = sent.find((s) => s.item.id === item.id);
  if (mine) return { status: "sent", answer: mine.answer };
  const db = await offlineDb();
  const now = await db.get("outbox", item.id);
  if (now?.state === "failed" && now.error) return { status: "failed", error: now.error };
  return { status: "waiting", itemId: item.id };
}
