/**
 * Which migrations a database has applied, and how that compares with this build of Microgov.
 * drizzle records each applied migration in `drizzle.__drizzle_migrations` with `created_at` set
 * to the journal's `when`, so the largest `created_at` names the schema a database is at.
 */
import fs from "node:fs";
import { z } from "zod";
import type { SchemaVersion } from "./manifest.js";

const JOURNAL = new URL("../../db/migrations/meta/_journal.json", import.meta.url);

const JournalSchema = z.object({
  entries: z.array(z.object({ idx: z.number(), when: z.number(), tag: z.string() })),
});

/** The migrations this build knows, oldest first. */
export function knownMigrations(): { tag: string; when: number }[] {
  const journal = JournalSchema.parse(JSON.parse(fs.readFileSync(JOURNAL, "utf8")));
  return [...journal.entries].sort((a, b) => a.idx - b.idx).map((e) => ({ tag: e.tag, when: e.when }));
}

/** The schema version of a database whose migration rows carry these `created_at` values. */
export function schemaVersionOf(createdAts: readonly number[]): SchemaVersion {
  const last = Math.max(0, ...createdAts);
  const known = knownMigrations().find((m) => m.when === last);
  return { migration: known?.tag ?? null, migrations: createdAts.length, createdAt: last };
}

/** The SQL that lists the applied migrations' `created_at` (the table drizzle keeps). */
export const MIGRATIONS_QUERY = "select created_at::bigint as created_at from drizzle.__drizzle_migrations";

/**
 * Why this build cannot take a backup at `version`, or undefined when it can: a backup from a
 * newer Microgov has tables and columns this one does not know, so it must be restored by that
 * version (or a later one). An older backup is fine: the server migrates it forward at start.
 */
export function newerSchemaProblem(version: SchemaVersion): string | undefined {
  const known = knownMigrations();
  const latest = known.at(-1);
  if (latest === undefined || version.createdAt <= latest.when) {
    if (version.createdAt === 0 || known.some((m) => m.when === version.createdAt)) return undefined;
    return `the backup's schema (migration of ${new Date(version.createdAt).toISOString()}) is not one this Microgov knows; restore it with the version that made it`;
  }
  const name = version.migration ?? `a migration of ${new Date(version.createdAt).toISOString()}`;
  return `the backup comes from a newer Microgov (schema ${name}; this one knows up to ${latest.tag}); upgrade Microgov first`;
}
