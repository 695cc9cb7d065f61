/**
 * Folds the roll-up contributions the triggers appended to `rate_rollup_deltas` (when another
 * transaction held the roll-up row) into `rate_rollups`, every few seconds, each fold one
 * transaction (`rate_rollup_deltas_fold()`, migration 0024_rollup_deltas). The answers do not
 * depend on it (readers sum both tables); it keeps the deltas few, so reading them stays cheap.
 * Any number of processes may run it: a fold already under way elsewhere makes the others skip.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";

/** Folds every committed delta; answers how many delta rows went into the roll-ups. */
export async function foldRollupDeltas(db: Db): Promise<number> {
  const result = (await db.execute(sql`select rate_rollup_deltas_fold() as n`)) as unknown as {
    rows: { n: number | string | null }[];
  };
  return Number(result.rows[0]?.n ?? 0);
}

export interface RollupFolding {
  /** Stops the loop; resolves once a fold in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `foldRollupDeltas` every `intervalMs` (never two at once from this process); a failing
 * fold is logged and retried next time. The timer does not keep the process alive.
 */
export function startRollupFolding(
  db: Db,
  options: { intervalMs: number; log?: { error(obj: object, msg: string): void } },
): RollupFolding {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    timer = setTimeout(() => {
      running = foldRollupDeltas(db)
        .then(
          () => undefined,
          (err: unknown) => options.log?.error({ err }, "roll-up fold failed"),
        )
        .then(() => {
          if (!stopped) schedule();
        });
    }, options.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
