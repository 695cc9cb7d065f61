/**
 * What the run has started and must stop even when it crashes or is interrupted: app processes
 * and PostgreSQL servers register a stop here and unregister once stopped normally.
 */
const pending = new Map<number, () => Promise<void>>();
let nextId = 1;

/** Registers `stop`; returns the function that unregisters it. */
export function onCleanup(stop: () => Promise<void>): () => void {
  const id = nextId++;
  pending.set(id, stop);
  return () => {
    pending.delete(id);
  };
}

/** Runs every registered stop, newest first (apps before the database they use). */
export async function cleanupAll(): Promise<void> {
  const stops = [...pending.entries()].reverse();
  pending.clear();
  for (const [, stop] of stops) await stop().catch(() => undefined);
}
