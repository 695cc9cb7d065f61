import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Binding } from "./actor.js";

/** `column <@ any of the binding scopes`; false for no bindings, so nothing is visible. */
export function withinScopes(column: SQLWrapper, bindings: readonly Binding[]): SQL {
  const paths = [...new Set(bindings.map((b) => b.scopePath))];
  if (paths.length === 0) return sql`false`;
  return sql`(${sql.join(
    paths.map((p) => sql`${column} <@ ${p}::ltree`),
    sql` or `,
  )})`;
}

/** `column @> any of the binding scopes`: the rows that contain a scope (its ancestors). */
export function containingScopes(column: SQLWrapper, bindings: readonly Binding[]): SQL {
  const paths = [...new Set(bindings.map((b) => b.scopePath))];
  if (paths.length === 0) return sql`false`;
  return sql`(${sql.join(
    paths.map((p) => sql`${column} @> ${p}::ltree`),
    sql` or `,
  )})`;
}
