/**
 * The statements the app sends to a PostgreSQL server, counted at the driver (node-postgres
 * `Client.query`): the round trips of issue #15's budgets (test/perf/*-round-trips.test.ts).
 * PGlite runs in the process, without a wire, so these tests need DATABASE_URL.
 */
import pg from "pg";

/**
 * The statements sent while `fn` runs (BEGIN and COMMIT included), each as its first 120
 * characters on one line; those `skip` picks (by text and bound values) are left out.
 */
export async function statementsDuring(
  fn: () => Promise<unknown>,
  skip?: (text: string, values: readonly unknown[]) => boolean,
): Promise<string[]> {
  const seen: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string; values?: unknown[] } | null;
    const text = typeof first === "string" ? first : (first?.text ?? "?");
    const values = (typeof first === "string" ? args[1] : first?.values) as unknown[] | undefined;
    if (!skip?.(text, Array.isArray(values) ? values : []))
      seen.push(text.replace(/\s+/g, " ").slice(0, 120));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return seen;
}
