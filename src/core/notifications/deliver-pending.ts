import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { notifications } from "../../db/schema.js";
import type { NotificationChannel } from "./channels.js";
import type { NotificationRow } from "./enqueue-notifications.js";

export interface DeliverOptions {
  now?: Date;
  /** Rows claimed per round; the call keeps claiming until a round comes back short. */
  batchSize?: number;
  /** After this many failed attempts a row is left undelivered (its lastError says why). */
  maxAttempts?: number;
  /** How long a claimed row is hidden from other workers while it is being sent. */
  leaseMs?: number;
}

export interface DeliverCounts {
  delivered: number;
  failed: number;
  /** Failures that used the last attempt: nobody will try these again. */
  gaveUp: number;
}

const MINUTE = 60_000;
const DEFAULTS = { batchSize: 50, maxAttempts: 8, leaseMs: 5 * MINUTE };

/** Wait before the next attempt after `attempts` failures: 1, 2, 4 … minutes, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MINUTE * 2 ** Math.max(0, attempts - 1), 360 * MINUTE);
}

/**
 * Sends undelivered SMS / WeChat rows through the given channels. Each round claims rows with
 * `FOR UPDATE SKIP LOCKED` and stamps a lease (`nextAttemptAt`) plus the attempt in the same
 * statement, so several workers share the outbox without sending a row twice, and no
 * transaction stays open while a gateway is slow. Success sets `deliveredAt`; failure records
 * the error and backs off. Rows of channels not given here are left for another worker.
 */
export async function deliverPending(
  db: Db,
  channels: readonly NotificationChannel[],
  options: DeliverOptions = {},
): Promise<DeliverCounts> {
  const counts: DeliverCounts = { delivered: 0, failed: 0, gaveUp: 0 };
  const byName = new Map(channels.map((c) => [c.name, c]));
  if (byName.size === 0) return counts;
  const { batchSize, maxAttempts, leaseMs } = { ...DEFAULTS, ...options };
  for (;;) {
    const now = options.now ?? new Date();
    const due = and(
      isNull(notifications.deliveredAt),
      inArray(notifications.channel, [...byName.keys()]),
      lt(notifications.attempts, maxAttempts),
      or(isNull(notifications.nextAttemptAt), lte(notifications.nextAttemptAt, now)),
    );
    const pick = db
      .select({ id: notifications.id })
      .from(notifications)
      .where(due)
      .orderBy(asc(notifications.id))
      .limit(batchSize)
      .for("update", { skipLocked: true });
    const claimed = await db
      .update(notifications)
      .set({
        attempts: sql`${notifications.attempts} + 1`,
        nextAttemptAt: new Date(now.getTime() + leaseMs),
      })
      .where(and(inArray(notifications.id, pick), due))
      .returning();
    for (const row of claimed) await deliverOne(db, row, byName, maxAttempts, counts, options.now);
    if (claimed.length < batchSize) return counts;
  }
}

async function deliverOne(
  db: Db,
  row: NotificationRow,
  byName: Map<string, NotificationChannel>,
  maxAttempts: number,
  counts: DeliverCounts,
  fixedNow: Date | undefined,
): Promise<void> {
  const channel = byName.get(row.channel);
  try {
    if (!channel) throw new Error(`no channel ${row.channel}`);
    await channel.send(row);
  } catch (err) {
    const now = fixedNow ?? new Date();
    const message = err instanceof Error ? err.message : String(err);
    await db
      .update(notifications)
      .set({
        lastError: message.slice(0, 500),
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts)),
      })
      .where(eq(notifications.id, row.id));
    counts.failed += 1;
    if (row.attempts >= maxAttempts) counts.gaveUp += 1;
    return;
  }
  await db
    .update(notifications)
    .set({ deliveredAt: fixedNow ?? new Date(), nextAttemptAt: null, lastError: null })
    .where(eq(notifications.id, row.id));
  counts.delivered += 1;
}
