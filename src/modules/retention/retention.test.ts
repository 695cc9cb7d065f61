import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, sessionHeaders } from "../../../test/helpers/app.js";
import { ConfigError, loadConfig, type RetentionConfig } from "../../config.js";
import {
  attachments,
  cases,
  idempotencyKeys,
  loginCodes,
  rateRollups,
  sessions,
  signInFailures,
  settings,
} from "../../db/schema.js";
import { contentPaths } from "../attachments/attachment-files.js";
import { generateDemoHistory } from "../cases/demo-history.js";
import { buildCaseWorld, type CaseWorld } from "../cases/test-fixtures.js";
import { startScheduler } from "../../core/scheduler/start-scheduler.js";
import { PATROL_TRACE_TABLE } from "./delete-old-patrol-traces.js";
import { retentionCutoff } from "./retention-cutoff.js";
import {
  RETENTION_INTERVAL_MS,
  RETENTION_LAST_RUN_KEY,
  retentionTask,
  runRetentionIfDue,
} from "./run-retention-if-due.js";
import { runRetention } from "./run-retention.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DEFAULTS = loadConfig({}).retention;
const OFF: RetentionConfig = {
  signIn: null,
  unclaimedUploads: null,
  reporterContact: null,
  patrolTraces: null,
};

describe("retention settings", () => {
  it("defaults to the issue's periods and reads h, d, y and off", () => {
    expect(DEFAULTS).toEqual({
      signIn: { amount: 1, unit: "days" },
      unclaimedUploads: { amount: 1, unit: "days" },
      reporterContact: { amount: 3, unit: "years" },
      patrolTraces: { amount: 90, unit: "days" },
    });
    const set = loadConfig({
      RETENTION_SIGN_IN: "36h",
      RETENTION_REPORTER_CONTACT: "off",
      RETENTION_PATROL_TRACES: "30d",
    });
    expect(set.retention.signIn).toEqual({ amount: 36, unit: "hours" });
    expect(set.retention.reporterContact).toBeNull();
    expect(set.retention.patrolTraces).toEqual({ amount: 30, unit: "days" });
  });

  it("names the variable and the expected form when a value is wrong", () => {
    for (const bad of ["3 years", "0d", "-1d", "90", "1w"]) {
      expect(() => loadConfig({ RETENTION_REPORTER_CONTACT: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ RETENTION_REPORTER_CONTACT: bad })).toThrow(
        `RETENTION_REPORTER_CONTACT must be a whole number with h, d or y (e.g. 24h, 90d, 3y), or off (got "${bad}").`,
      );
    }
  });

  it("counts spans back by the clock, years by the calendar", () => {
    const now = new Date("2028-02-29T10:00:00Z");
    expect(retentionCutoff({ amount: 24, unit: "hours" }, now).toISOString()).toBe(
      "2028-02-28T10:00:00.000Z",
    );
    expect(retentionCutoff({ amount: 90, unit: "days" }, now).toISOString()).toBe("2027-12-01T10:00:00.000Z");
    expect(retentionCutoff({ amount: 3, unit: "years" }, now).toISOString()).toBe("2025-02-28T10:00:00.000Z");
    expect(retentionCutoff({ amount: 4, unit: "years" }, now).toISOString()).toBe("2024-02-29T10:00:00.000Z");
  });
});

describe("retention rules", () => {
  let w: CaseWorld;
  const now = new Date();
  const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), "microgov-retention-"));

  beforeAll(async () => {
    w = await buildCaseWorld();
    // Four years of appeals in every state: some ended more than three years ago.
    await generateDemoHistory(w.t.database.db, { cases: 600, seed: 7, now, days: 4 * 365 });
  }, 240_000);

  afterAll(async () => {
    await w?.t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  const db = () => w.t.database.db;
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it("deletes sign-in codes, expired sessions and stale lock-out counts a day on, and idempotency keys after their window", async () => {
    const user = await buildUser(w.t.database, [{ role: "resident", region: "1310" }]);
    await db()
      .insert(loginCodes)
      .values([
        {
          phone: "13800000001",
          codeHash: "old",
          expiresAt: ago(2 * DAY - 5 * 60_000),
          createdAt: ago(2 * DAY),
        },
        { phone: "13800000002", codeHash: "new", expiresAt: ago(HOUR - 5 * 60_000), createdAt: ago(HOUR) },
      ]);
    await db()
      .insert(sessions)
      .values([
        { id: "expired-long-ago", userId: user.id, csrfToken: "x", expiresAt: ago(2 * DAY) },
        { id: "expired-lately", userId: user.id, csrfToken: "x", expiresAt: ago(HOUR) },
        { id: "live", userId: user.id, csrfToken: "x", expiresAt: new Date(now.getTime() + HOUR) },
      ]);
    await db()
      .insert(signInFailures)
      .values([
        { username: "stale", address: "192.0.2.1", failures: 3, lastFailedAt: ago(2 * DAY) },
        { username: "recent", address: "192.0.2.1", failures: 3, lastFailedAt: ago(HOUR) },
        // An old count whose lock still holds stays.
        {
          username: "locked",
          address: "192.0.2.1",
          failures: 0,
          lastFailedAt: ago(2 * DAY),
          lockedUntil: new Date(now.getTime() + HOUR),
        },
      ]);
    await db()
      .insert(idempotencyKeys)
      .values([
        { key: "anon:old", requestHash: "h", statusCode: 201, response: {}, createdAt: ago(25 * HOUR) },
        { key: "anon:new", requestHash: "h", statusCode: 201, response: {}, createdAt: ago(HOUR) },
      ]);

    const counts = await runRetention(db(), { policy: { ...OFF, signIn: DEFAULTS.signIn }, uploadDir, now });
    expect(counts).toMatchObject({
      loginCodes: 1,
      sessions: 1,
      signInFailures: 1,
      idempotencyKeys: 1,
      reporterContactsErased: null,
    });
    expect((await db().select().from(loginCodes)).map((c) => c.codeHash)).toEqual(["new"]);
    expect((await db().select().from(sessions).orderBy(asc(sessions.id))).map((s) => s.id)).toEqual([
      "expired-lately",
      "live",
    ]);
    expect((await db().select().from(idempotencyKeys)).map((k) => k.key)).toEqual(["anon:new"]);
    expect(
      (await db().select().from(signInFailures).orderBy(asc(signInFailures.username))).map((f) => f.username),
    ).toEqual(["locked", "recent"]);
  });

  it("deletes unclaimed uploads and their files a day on, never a claimed one", async () => {
    const [someCase] = await db().select({ id: cases.id }).from(cases).limit(1);
    const rows = ["a", "b", "c"].map((c) => {
      const sha256 = c.repeat(64);
      return { sha256, ...contentPaths(sha256, "image/png") };
    });
    for (const row of rows) {
      for (const file of [row.storagePath, row.thumbPath]) {
        fs.mkdirSync(path.dirname(path.join(uploadDir, file)), { recursive: true });
        fs.writeFileSync(path.join(uploadDir, file), "photo");
        fs.utimesSync(path.join(uploadDir, file), ago(2 * DAY), ago(2 * DAY));
      }
    }
    const base = { mime: "image/png" as const, bytes: 5, width: 1, height: 1 };
    const [oldUnclaimed, newUnclaimed, oldClaimed] = rows;
    if (!oldUnclaimed || !newUnclaimed || !oldClaimed || !someCase) throw new Error("setup");
    await db()
      .insert(attachments)
      .values([
        { ...base, ...oldUnclaimed, createdAt: ago(2 * DAY) },
        { ...base, ...newUnclaimed, createdAt: ago(HOUR) },
        { ...base, ...oldClaimed, createdAt: ago(2 * DAY), subjectType: "case", subjectId: someCase.id },
      ]);

    const counts = await runRetention(db(), {
      policy: { ...OFF, unclaimedUploads: DEFAULTS.unclaimedUploads },
      uploadDir,
      now,
    });
    expect(counts).toMatchObject({ unclaimedUploads: 1, uploadFiles: 2 });
    expect((await db().select().from(attachments)).map((a) => a.sha256).sort()).toEqual([
      newUnclaimed.sha256,
      oldClaimed.sha256,
    ]);
    expect(fs.existsSync(path.join(uploadDir, oldUnclaimed.storagePath))).toBe(false);
    expect(fs.existsSync(path.join(uploadDir, oldClaimed.storagePath))).toBe(true);
  });

  it("erases reporters' contact on appeals that ended three years ago, and keeps the case and its figures", async () => {
    const cutoff = retentionCutoff(DEFAULTS.reporterContact ?? { amount: 3, unit: "years" }, now);
    // A rejected appeal ended long ago: its last change dates its end.
    await db().execute(
      sql`update cases set status = 'rejected', closed_at = null, updated_at = ${ago(4 * 365 * DAY).toISOString()}::timestamptz
          where id = (select id from cases where status in ('dispatched', 'handling') and reporter_phone is not null order by id limit 1)`,
    );
    const before = await db().select().from(cases).orderBy(asc(cases.id));
    const rollupsBefore = await db().select().from(rateRollups);
    const admin = await sessionHeaders(
      w.t.database,
      await buildUser(w.t.database, [{ role: "admin", region: "1310" }]),
    );
    const ratesUrl = `/api/v1/rates?from=${ago(5 * 365 * DAY)
      .toISOString()
      .slice(0, 10)}&to=${now.toISOString().slice(0, 10)}`;
    const ratesBefore = await w.t.app.inject({ method: "GET", url: ratesUrl, headers: admin });
    expect(ratesBefore.statusCode, ratesBefore.body).toBe(200);

    const ended = (c: (typeof before)[number]) =>
      ["closed", "rejected", "merged"].includes(c.status) &&
      (c.closedAt ?? c.updatedAt).getTime() < cutoff.getTime();
    const hasContact = (c: (typeof before)[number]) =>
      c.reporterName !== null || c.reporterPhone !== null || c.reporterEmail !== null;
    const due = before.filter((c) => ended(c) && hasContact(c));
    expect(due.length).toBeGreaterThan(10);
    expect(due.some((c) => c.status === "rejected")).toBe(true);
    expect(before.some((c) => !ended(c) && hasContact(c))).toBe(true);

    const counts = await runRetention(db(), {
      policy: { ...OFF, reporterContact: DEFAULTS.reporterContact },
      uploadDir,
      now,
    });
    expect(counts.reporterContactsErased).toBe(due.length);

    const after = await db().select().from(cases).orderBy(asc(cases.id));
    const dueIds = new Set(due.map((c) => c.id));
    for (const [i, row] of after.entries()) {
      const old = before[i];
      if (!old) throw new Error("row count changed");
      if (dueIds.has(row.id)) {
        expect(row).toMatchObject({ reporterName: null, reporterPhone: null, reporterEmail: null });
        expect(row.reporterErasedAt).not.toBeNull();
        // Everything else, the case's figures and timestamps included, is as it was.
        expect({
          ...row,
          reporterName: old.reporterName,
          reporterPhone: old.reporterPhone,
          reporterEmail: old.reporterEmail,
          reporterErasedAt: null,
        }).toEqual(old);
      } else {
        expect(row).toEqual(old);
      }
    }
    // The roll-up triggers saw the update and changed no figure.
    const sortKey = (r: (typeof rollupsBefore)[number]) =>
      `${r.grain}|${r.dim}|${r.dimKey}|${r.period}|${r.regionPath}`;
    const sorted = (rs: typeof rollupsBefore) => [...rs].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    expect(sorted(await db().select().from(rateRollups))).toEqual(sorted(rollupsBefore));
    const ratesAfter = await w.t.app.inject({ method: "GET", url: ratesUrl, headers: admin });
    // The same figures (only the moment of asking differs).
    const figures = (body: { scope: object }) => ({ ...body, scope: { ...body.scope, asOf: undefined } });
    expect(figures(ratesAfter.json())).toEqual(figures(ratesBefore.json()));

    // The case page says the contact was erased; it does not call the reporter anonymous.
    const erased = due[0];
    if (!erased) throw new Error("none erased");
    const view = await w.t.app.inject({ method: "GET", url: `/api/v1/cases/${erased.id}`, headers: admin });
    expect(view.statusCode).toBe(200);
    expect(view.json().reporter).toMatchObject({ name: null, phone: null, email: null, anonymous: false });
    expect(view.json().reporter.erasedAt).toEqual(expect.any(String));

    // A second run finds nothing more to erase.
    expect(
      (
        await runRetention(db(), {
          policy: { ...OFF, reporterContact: DEFAULTS.reporterContact },
          uploadDir,
          now,
        })
      ).reporterContactsErased,
    ).toBe(0);
  });

  it("keeps patrol GPS points 90 days once a module records them", async () => {
    const policy = { ...OFF, patrolTraces: DEFAULTS.patrolTraces };
    expect((await runRetention(db(), { policy, uploadDir, now })).patrolTracePoints).toBeNull();
    await db().execute(
      sql.raw(
        `create table ${PATROL_TRACE_TABLE.name} (id serial primary key, ${PATROL_TRACE_TABLE.recordedAt} timestamptz not null)`,
      ),
    );
    await db().execute(
      sql.raw(
        `insert into ${PATROL_TRACE_TABLE.name} (${PATROL_TRACE_TABLE.recordedAt}) values ('${ago(91 * DAY).toISOString()}'), ('${ago(89 * DAY).toISOString()}')`,
      ),
    );
    expect((await runRetention(db(), { policy, uploadDir, now })).patrolTracePoints).toBe(1);
    const left = (await db().execute(
      sql.raw(`select count(*)::int as n from ${PATROL_TRACE_TABLE.name}`),
    )) as unknown as {
      rows: { n: number }[];
    };
    expect(left.rows[0]?.n).toBe(1);
    await db().execute(sql.raw(`drop table ${PATROL_TRACE_TABLE.name}`));
  });

  it("runs once an hour, from one server at a time, and logs what it removed", async () => {
    await db().delete(settings).where(eq(settings.key, RETENTION_LAST_RUN_KEY));
    const logged: object[] = [];
    const log = { info: (obj: object) => logged.push(obj) };
    const opts = { policy: DEFAULTS, uploadDir, log };
    // Two servers ticking at the same moment: one runs it.
    const [a, b] = await Promise.all([
      runRetentionIfDue(db(), { ...opts, now }),
      runRetentionIfDue(db(), { ...opts, now }),
    ]);
    expect([a, b].filter((r) => r !== undefined)).toHaveLength(1);
    expect(
      await runRetentionIfDue(db(), { ...opts, now: new Date(now.getTime() + RETENTION_INTERVAL_MS - 1000) }),
    ).toBeUndefined();
    expect(
      await runRetentionIfDue(db(), { ...opts, now: new Date(now.getTime() + RETENTION_INTERVAL_MS) }),
    ).toBeDefined();
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({
      loginCodes: expect.any(Number),
      sessions: expect.any(Number),
      idempotencyKeys: expect.any(Number),
    });
    const [row] = await db().select().from(settings).where(eq(settings.key, RETENTION_LAST_RUN_KEY));
    expect(row?.value).toMatchObject({ finishedAt: expect.any(String), counts: expect.any(Object) });
  });

  it("is run by the scheduler", async () => {
    await db().delete(settings).where(eq(settings.key, RETENTION_LAST_RUN_KEY));
    await db()
      .insert(idempotencyKeys)
      .values({
        key: "anon:stale",
        requestHash: "h",
        statusCode: 201,
        response: {},
        createdAt: ago(30 * HOUR),
      });
    let ran: (counts: object) => void = () => undefined;
    const retentionLogged = new Promise<object>((resolve) => (ran = resolve));
    const scheduler = startScheduler(db(), {
      intervalMs: 60_000,
      log: { info: () => undefined, error: () => undefined },
      tasks: [
        retentionTask({
          policy: DEFAULTS,
          uploadDir,
          log: { info: (obj, msg) => (msg === "retention" ? ran(obj) : undefined) },
        }),
      ],
    });
    try {
      expect(await retentionLogged).toMatchObject({ idempotencyKeys: 1 });
    } finally {
      await scheduler.stop();
    }
    expect(await db().select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "anon:stale"))).toEqual(
      [],
    );
  });
});
