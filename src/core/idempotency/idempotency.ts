/**
 * `Idempotency-Key` for create requests: a client that retries (timeout, lost answer) gets the
 * first answer again and never makes a second case. The key row is inserted in the same
 * transaction as the work, so its primary key is the lock: a concurrent retry waits on the
 * insert, sees the committed answer, and replays it; if the first attempt failed, nothing was
 * stored and the retry does the work itself. Only successful answers are stored.
 */
import { createHash } from "node:crypto";
import { and, eq, gt, lt, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { idempotencyKeys } from "../../db/schema.js";
import { BadRequestError, ConflictError } from "../../shared/errors.js";

/** How long a key is remembered; after that the same key starts afresh. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export interface IdempotencyRequest {
  /** Who sends it, so two clients' keys never meet: "user:<id>", "apikey:<id>", "anon". */
  scopeKey: string;
  /** The client's Idempotency-Key; undefined runs the work without idempotency. */
  key: string | undefined;
  /** The request as received; its canonical JSON tells a retry from a different request. */
  requestBody: unknown;
}

/** What the work answers, stored as it is and replayed to a retry. */
export interface IdempotentAnswer {
  statusCode: number;
  /** Plain JSON (dates as ISO strings): it is stored in a jsonb column. */
  body: unknown;
}

export interface IdempotencyOutcome extends IdempotentAnswer {
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

const KEY_SHAPE = /^[\x21-\x7e]{1,200}$/;

/** The header's value, checked: 1–200 visible ASCII characters (a UUID is typical). */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !KEY_SHAPE.test(value)) {
    throw new BadRequestError(
      "bad_idempotency_key",
      "Idempotency-Key must be 1 to 200 visible ASCII characters, e.g. a UUID.",
    );
  }
  return value;
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** SHA-256 of the request's canonical JSON. */
export function hashRequestBody(body: unknown): string {
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

/** Thrown inside the transaction when another request holds the key; never leaves this file. */
class KeyTaken extends Error {}

async function readLive(db: Db, storeKey: string) {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.key, storeKey),
        gt(idempotencyKeys.createdAt, sql`now() - make_interval(secs => ${IDEMPOTENCY_TTL_MS / 1000})`),
      ),
    );
  return row ?? null;
}

function replay(
  row: { requestHash: string; statusCode: number; response: unknown },
  hash: string,
): IdempotencyOutcome {
  if (row.requestHash !== hash) {
    throw new ConflictError(
      "idempotency_mismatch",
      "This Idempotency-Key was already used for a different request; use a new key for a new request.",
    );
  }
  return { statusCode: row.statusCode, body: row.response, replayed: true };
}

/**
 * Runs `fn` in a transaction at most once per key: a repeat with the same body gets the stored
 * answer (same status), a repeat with another body 409 idempotency_mismatch. `prepare` runs
 * before the transaction (reads that must not happen inside it, e.g. on PGlite's single
 * connection) and only when there is no stored answer; its result is passed to `fn`.
 */
export async function withIdempotency(
  db: Db,
  request: IdempotencyRequest,
  fn: (tx: Tx) => Promise<IdempotentAnswer>,
): Promise<IdempotencyOutcome>;
export async function withIdempotency<P>(
  db: Db,
  request: IdempotencyRequest,
  fn: (tx: Tx, prepared: P) => Promise<IdempotentAnswer>,
  prepare: () => Promise<P>,
): Promise<IdempotencyOutcome>;
export async function withIdempotency<P>(
  db: Db,
  request: IdempotencyRequest,
  fn: (tx: Tx, prepared: P | undefined) => Promise<IdempotentAnswer>,
  prepare?: () => Promise<P>,
): Promise<IdempotencyOutcome> {
  // Stored as JSON either way, so the first answer and a replay are byte for byte the same.
  const normalise = (a: IdempotentAnswer): IdempotentAnswer => ({
    statusCode: a.statusCode,
    body: JSON.parse(JSON.stringify(a.body ?? null)) as unknown,
  });
  if (request.key === undefined) {
    const prepared = prepare ? await prepare() : undefined;
    const answer = await db.transaction((tx) => fn(tx, prepared));
    return { ...normalise(answer), replayed: false };
  }
  const storeKey = `${request.scopeKey}:${request.key}`;
  const hash = hashRequestBody(request.requestBody);
  const stored = await readLive(db, storeKey);
  if (stored) return replay(stored, hash);

  const prepared = prepare ? await prepare() : undefined;
  try {
    const answer = await db.transaction(async (tx) => {
      // The lock: a concurrent holder of the key makes this wait until it commits (then nothing
      // is returned) or rolls back (then this insert wins). An expired row is taken over.
      const claimed = await tx
        .insert(idempotencyKeys)
        .values({ key: storeKey, requestHash: hash, statusCode: 0, response: {} })
        .onConflictDoUpdate({
          target: idempotencyKeys.key,
          set: { requestHash: hash, statusCode: 0, response: {}, createdAt: sql`now()` },
          setWhere: lt(
            idempotencyKeys.createdAt,
            sql`now() - make_interval(secs => ${IDEMPOTENCY_TTL_MS / 1000})`,
          ),
        })
        .returning({ key: idempotencyKeys.key });
      if (claimed.length === 0) throw new KeyTaken();
      const result = normalise(await fn(tx, prepared));
      await tx
        .update(idempotencyKeys)
        .set({ statusCode: result.statusCode, response: result.body })
        .where(eq(idempotencyKeys.key, storeKey));
      return result;
    });
    return { ...answer, replayed: false };
  } catch (err) {
    if (!(err instanceof KeyTaken)) throw err;
    const now = await readLive(db, storeKey);
    if (!now) {
      throw new ConflictError(
        "idempotency_in_progress",
        "A request with this Idempotency-Key is still running; retry shortly.",
      );
    }
    return replay(now, hash);
  }
}

/** What an idempotent action needs of the HTTP request (a Fastify request has it). */
export interface ActionRequest {
  headers: Record<string, string | string[] | undefined>;
  actor: { userId: string } | null;
  ip: string;
}

/**
 * An action on a workflow subject (a case, a visit, a dispute) that a phone's outbox may send
 * again: with an `Idempotency-Key` header, a repeat of the same `requestBody` answers the first
 * answer (header `idempotent-replayed: true`) and does nothing again; the same key with another
 * body is 409 idempotency_mismatch. Name the subject and the action in `requestBody`, so one key
 * names one action on one subject. Without a key the action simply runs. `run` gets the database
 * to act on: the action's own transaction nests (a savepoint) in the key's, so a refusal (409
 * stale, 403, 404) rolls the key back too and only successes are stored.
 */
export async function idempotentAction<T>(
  db: Db,
  request: ActionRequest,
  reply: { header(name: string, value: string): unknown },
  requestBody: unknown,
  run: (db: Db) => Promise<T>,
): Promise<T> {
  const key = parseIdempotencyKey(request.headers["idempotency-key"]);
  if (key === undefined) return run(db);
  const answer = await withIdempotency(
    db,
    { scopeKey: request.actor ? `user:${request.actor.userId}` : `anon:${request.ip}`, key, requestBody },
    // A transaction handle is a Db to the action: its own `db.transaction` becomes a savepoint.
    async (tx) => ({ statusCode: 200, body: await run(tx as Db) }),
  );
  if (answer.replayed) reply.header("idempotent-replayed", "true");
  return answer.body as T;
}

/** Forgets keys older than 24 h; run by the scheduler. Returns how many were deleted. */
export async function deleteExpiredIdempotencyKeys(db: Db, now: Date = new Date()): Promise<number> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}

/** A key to claim in the same statement as the work (see `withIdempotentStatement`). */
export interface IdempotencyClaim {
  storeKey: string;
  requestHash: string;
}

/**
 * The claim as an `insert … returning key` to run as a CTE of the statement that does the work:
 * it stores the answer at once (the answer's SQL may use the statement's other CTEs, e.g. a
 * number drawn from a sequence), and answers no row when another request holds the key (the
 * work's CTEs then insert nothing: make them select from it). An expired row is taken over.
 */
export function claimStatement(claim: IdempotencyClaim, statusCode: number, response: SQL, from: SQL): SQL {
  const ttl = IDEMPOTENCY_TTL_MS / 1000;
  return sql`insert into idempotency_keys (key, request_hash, status_code, response)
    select ${claim.storeKey}, ${claim.requestHash}, ${statusCode}, ${response} from ${from}
    on conflict (key) do update set request_hash = excluded.request_hash, status_code = excluded.status_code,
      response = excluded.response, created_at = now()
    where idempotency_keys.created_at < now() - make_interval(secs => ${ttl})
    returning key`;
}

/**
 * `withIdempotency` for work done in one statement (no transaction, one round trip): `prepare`
 * plans it (reads only), `run` does it with the claim inside (see `claimStatement`) and answers
 * null when the claim found the key taken. A stored answer is replayed, as with
 * `withIdempotency`: looked up only when the claim fails or the planning throws (a retry whose
 * planning would now fail still gets its first answer), not before every request.
 */
export async function withIdempotentStatement<P>(
  db: Db,
  request: IdempotencyRequest,
  prepare: () => Promise<P>,
  run: (prepared: P, claim: IdempotencyClaim | null) => Promise<IdempotentAnswer | null>,
): Promise<IdempotencyOutcome> {
  const normalise = (a: IdempotentAnswer): IdempotentAnswer => ({
    statusCode: a.statusCode,
    body: JSON.parse(JSON.stringify(a.body ?? null)) as unknown,
  });
  if (request.key === undefined) {
    const answer = await run(await prepare(), null);
    if (!answer) throw new Error("the work answered nothing without an idempotency key");
    return { ...normalise(answer), replayed: false };
  }
  const storeKey = `${request.scopeKey}:${request.key}`;
  const hash = hashRequestBody(request.requestBody);
  let prepared: P;
  try {
    prepared = await prepare();
  } catch (err) {
    const stored = await readLive(db, storeKey);
    if (stored && stored.statusCode !== 0) return replay(stored, hash);
    throw err;
  }
  const answer = await run(prepared, { storeKey, requestHash: hash });
  if (answer) return { ...normalise(answer), replayed: false };
  const now = await readLive(db, storeKey);
  if (!now || now.statusCode === 0) {
    throw new ConflictError(
      "idempotency_in_progress",
      "A request with this Idempotency-Key is still running; retry shortly.",
    );
  }
  return replay(now, hash);
}
