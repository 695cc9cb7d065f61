/**
 * Two app processes on one PostgreSQL server run the deadline scan at the same time, against
 * the same due cases: every deadline event must fire exactly once. Needs a PostgreSQL server
 * (DATABASE_URL); skipped on PGlite, which one process holds alone (the DATA_DIR lock).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { and, eq, inArray, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openPostgres, type Database } from "../../src/db/client.js";
import { caseEvents, cases, notifications } from "../../src/db/schema.js";
import { runDeadlineScan } from "../../src/modules/cases/deadlines/run-deadline-scan.js";
import { buildCase, buildLadder } from "../../src/modules/cases/deadlines/test-fixtures.js";

const CHILD = fileURLToPath(new URL("./scheduler-scan-child.ts", import.meta.url));
const serverUrl = process.env.DATABASE_URL;
const HOUR = 3_600_000;
const CASES = 240;

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A child process that reports "ready" once connected and starts scanning on `go()`. */
function startChild(env: Record<string, string>): {
  ready: Promise<void>;
  go(): void;
  done: Promise<ChildResult>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (stdout.includes("ready\n")) markReady();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<ChildResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      markReady();
      resolve({ code, stdout: stdout.replace("ready\n", ""), stderr });
    });
  });
  return { ready, go: () => child.stdin.write("go\n"), done };
}

const TITLE = serverUrl
  ? "two processes scanning deadlines on one PostgreSQL server"
  : "two processes scanning deadlines (skipped: needs a PostgreSQL server in DATABASE_URL; PGlite serves one process)";

describe.skipIf(!serverUrl)(TITLE, () => {
  let name = "";
  let url = "";
  let database: Database | undefined;
  const ids: string[] = [];

  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    name = `mg_sched_${randomBytes(5).toString("hex")}`;
    await admin(`create database ${name} template ${inject("testDatabaseSeed")}`);
    const u = new URL(serverUrl ?? "");
    u.pathname = `/${name}`;
    url = u.toString();
    database = await openPostgres(url, { poolSize: 4 });
    const db = database.db;
    const ladder = await buildLadder(db);
    const units = [ladder.gridPost, ladder.village, ladder.township, ladder.department];
    // Long past both deadlines and the escalation grace: every mark and the escalation are due.
    const now = Date.now();
    for (let i = 0; i < CASES; i++) {
      ids.push(
        await buildCase(db, ladder, {
          status: i % 2 === 0 ? "dispatched" : "triage",
          assignedOrgId: i % 2 === 0 ? units[(i / 2) % units.length] : null,
          createdAt: new Date(now - 100 * HOUR),
          responseDueAt: new Date(now - 90 * HOUR),
          handleDueAt: new Date(now - 50 * HOUR),
        }),
      );
    }
  });

  afterAll(async () => {
    await database?.close();
    if (name) await admin(`drop database if exists ${name} with (force)`);
  });

  it("fires every warning, overdue mark and escalation exactly once", { timeout: 180_000 }, async () => {
    const env = { DATABASE_URL: url, ROUNDS: "6" };
    const children = [startChild(env), startChild(env)];
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const results = await Promise.all(children.map((c) => c.done));
    expect(results.map((r) => [r.code, r.stderr])).toEqual([
      [0, ""],
      [0, ""],
    ]);
    const totals = results.map((r) => JSON.parse(r.stdout.trim()) as Record<string, number>);
    const sum = (key: string) => totals.reduce((s, t) => s + (t[key] ?? 0), 0);
    expect([
      sum("responseWarnings"),
      sum("responseOverdue"),
      sum("handleWarnings"),
      sum("handleOverdue"),
    ]).toEqual([CASES, CASES, CASES, CASES]);
    // Only the dispatched half is being handled by a unit, so only it escalates.
    expect(sum("escalations")).toBe(CASES / 2);
    // Both processes did part of the work: the race was real.
    for (const t of totals) expect((t.responseWarnings ?? 0) + (t.handleOverdue ?? 0)).toBeGreaterThan(0);

    const db = database?.db;
    if (!db) throw new Error("no database");
    const perCase = await db
      .select({
        caseId: caseEvents.caseId,
        action: caseEvents.action,
        deadline: sql<string | null>`${caseEvents.data} ->> 'deadline'`,
        n: sql<number>`count(*)::int`,
      })
      .from(caseEvents)
      .where(inArray(caseEvents.action, ["deadline_warning", "deadline_overdue", "escalate"]))
      .groupBy(caseEvents.caseId, caseEvents.action, sql`${caseEvents.data} ->> 'deadline'`);
    const key = (r: { action: string; deadline: string | null }) => `${r.action}:${r.deadline ?? "-"}`;
    for (const id of ids) {
      const mine = perCase.filter((r) => r.caseId === id);
      expect(mine.every((r) => r.n === 1)).toBe(true);
      expect(mine.map(key).sort()).toEqual(
        expect.arrayContaining([
          "deadline_overdue:handle",
          "deadline_overdue:response",
          "deadline_warning:handle",
          "deadline_warning:response",
        ]),
      );
    }
    const [escalated] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(cases)
      .where(and(inArray(cases.id, ids), sql`${cases.autoEscalatedAt} is not null`));
    expect(escalated?.n).toBe(CASES / 2);
    const [overdueNotes] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(eq(notifications.kind, "deadline_overdue"));
    // Two overdue marks per case, each to the unit and its supervising centre.
    expect(overdueNotes?.n).toBe(CASES * 2 * 2);
    // Nothing is left for a later scan.
    const after = await runDeadlineScan(db);
    expect(after).toMatchObject({
      responseWarnings: 0,
      responseOverdue: 0,
      handleWarnings: 0,
      handleOverdue: 0,
    });
    expect(after.escalations).toBe(0);
  });
});
