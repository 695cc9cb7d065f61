/**
 * The SQLSTATE of a database error, however the driver wraps it (Drizzle puts the driver's error
 * in `cause`; pg and PGlite both carry the SQLSTATE in `code`). Not `instanceof Error`: errors
 * that crossed the PGlite/WASM boundary need not pass it.
 */
export function sqlState(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** A unique index refused the row (23505): someone else wrote the same unit first. */
export function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === "23505";
}

/** A foreign key still points at the row (23503): something was attached concurrently. */
export function isForeignKeyViolation(err: unknown): boolean {
  return sqlState(err) === "23503";
}
