/**
 * One of the app processes of the two-process scheduler test: connects to DATABASE_URL, says
 * "ready" and waits for "go" on stdin (so both processes start together), then runs ROUNDS rounds of three
 * concurrent deadline scans with random small batches, and prints its summed counts as one JSON
 * line.
 */
import { randomInt } from "node:crypto";
import { openPostgres } from "../../src/db/client.js";
import {
  emptyScanCounts,
  runDeadlineScan,
  type DeadlineScanCounts,
} from "../../src/modules/cases/deadlines/run-deadline-scan.js";

type Totals = Omit<DeadlineScanCounts, "skipped">;

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const rounds = Number(process.env.ROUNDS ?? "10");
  const database = await openPostgres(url, { poolSize: 4 });
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) => {
    process.stdin.setEncoding("utf8").on("data", (chunk: string) => {
      if (chunk.includes("go")) resolve();
    });
  });
  process.stdin.pause();
  const { skipped: _skipped, ...totals } = emptyScanCounts();
  for (let round = 0; round < rounds; round++) {
    const runs = await Promise.all(
      Array.from({ length: 3 }, () => runDeadlineScan(database.db, { batchSize: randomInt(3, 18) })),
    );
    for (const run of runs) {
      for (const key of Object.keys(totals) as (keyof Totals)[]) totals[key] += run[key];
    }
  }
  process.stdout.write(`${JSON.stringify(totals)}\n`);
  process.stdin.destroy();
  await database.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
