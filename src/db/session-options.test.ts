/**
 * Every app connection to a PostgreSQL server runs with JIT compilation off (SESSION_OPTIONS in
 * client.ts): on the loaded bench database it cost 75–400 ms per list statement that ran in
 * 30–100 ms. PGlite has no JIT.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openPostgresReader } from "./client.js";
import { createTestDatabase } from "../../test/helpers/db.js";

describe.skipIf(!process.env.DATABASE_URL)("app connections to PostgreSQL (needs DATABASE_URL)", () => {
  it("have JIT off, on the primary's pool and on the read pool", async () => {
    const primary = await createTestDatabase();
    const reader = await openPostgresReader(process.env.DATABASE_URL ?? "", { poolSize: 1 });
    try {
      for (const db of [primary.db, reader.db]) {
        const result = (await db.execute(sql`select current_setting('jit') as jit`)) as unknown as {
          rows: { jit: string }[];
        };
        expect(result.rows[0]?.jit).toBe("off");
      }
    } finally {
      await reader.close();
      await primary.close();
    }
  });
});
