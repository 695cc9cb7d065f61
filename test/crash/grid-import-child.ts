/**
 * The process the crash test kills. Opens the database the way the server does (DATA_DIR lock or
 * DATABASE_URL), then by mode:
 * - `import`: imports Langfang's ~6,000 demo grids in one transaction, printing each progress
 *   event as a JSON line so the test can `kill -9` it at a chosen moment;
 * - `count`: prints {"grids":n,"gridRegions":m,"version":v} and exits.
 */
import { count, eq } from "drizzle-orm";
import { loadConfig } from "../../src/config.js";
import { grids, regions } from "../../src/db/schema.js";
import { openDatabase } from "../../src/db/open.js";
import { generateDemoGrids } from "../../src/modules/grids/demo-grids.js";
import { readGridsVersion } from "../../src/modules/grids/grids-version.js";

async function main(): Promise<void> {
  const mode = process.argv[2];
  const { database, release } = await openDatabase(loadConfig());
  const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  if (mode === "import") {
    say({ stage: "opened" });
    await generateDemoGrids(database.db, { onProgress: say });
  } else if (mode === "count") {
    const [g] = await database.db.select({ n: count() }).from(grids);
    const [r] = await database.db.select({ n: count() }).from(regions).where(eq(regions.level, "grid"));
    say({ grids: g?.n ?? 0, gridRegions: r?.n ?? 0, version: await readGridsVersion(database.db) });
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  await database.close();
  release();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
