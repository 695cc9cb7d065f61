/**
 * The workflow core on a workflow that is not a case: a two-step "probe" declared as data, its
 * subjects in a table of its own, moved only by `transition()`. The move, its version, its event
 * and its notifications land together, keyed by the probe's subject type; stale and illegal
 * moves are the typed 409s; a refused move writes nothing.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/helpers/db.js";
import type { Database, Tx } from "../../db/client.js";
import { notifications, workflowEvents } from "../../db/schema.js";
import { AppError } from "../../shared/errors.js";
import { checkMove, transition, type SubjectStore } from "./transition.js";
import { allowedActions, defineWorkflow, targetState } from "./workflow.js";

const PROBE = defineWorkflow({
  subjectType: "probe",
  noun: "probe",
  staleCode: "stale_case",
  states: ["open", "checked", "done"],
  openStates: ["open", "checked"],
  actions: ["check", "note", "finish", "reopen"],
  rules: {
    check: { from: ["open"], to: ["checked"], permission: "cases.verify" },
    note: { from: ["open", "checked"], to: "same", offered: false },
    finish: { from: ["checked"], to: ["done"] },
    reopen: { from: ["checked", "done"], to: ["open", "checked"] },
  },
});
type ProbeState = (typeof PROBE.states)[number];

interface ProbeRow {
  id: string;
  status: ProbeState;
  version: number;
  label: string;
}

function probeRow(row: Record<string, unknown> | undefined): ProbeRow | null {
  if (!row) return null;
  return {
    id: String(row.id),
    status: row.status as ProbeState,
    version: Number(row.version),
    label: String(row.label),
  };
}

async function rowsOf(tx: Tx, query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  const result: unknown = await tx.execute(query);
  const rows = typeof result === "object" && result !== null && "rows" in result ? result.rows : [];
  return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
}

const STORE: SubjectStore<ProbeState, ProbeRow, { label?: string }> = {
  async lock(tx, id) {
    return probeRow((await rowsOf(tx, sql`select * from probes where id = ${id} for update`))[0]);
  },
  async move(tx, id, status, set) {
    const [row] = await rowsOf(
      tx,
      sql`update probes set status = ${status}, version = version + 1,
            label = coalesce(${set?.label ?? null}, label) where id = ${id} returning *`,
    );
    return probeRow(row);
  },
  label: (row) => row.label,
  countyCode: () => "131002",
};

describe("workflow core", () => {
  let database: Database;
  const actor = { userId: null, orgId: null, label: "system" };

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.execute(
      sql`create table probes (id uuid primary key, status text not null, version integer not null, label text not null)`,
    );
  });

  afterAll(async () => {
    await database?.close();
  });

  async function newProbe(label: string): Promise<string> {
    const id = randomUUID();
    await database.db.execute(sql`insert into probes values (${id}, 'open', 0, ${label})`);
    return id;
  }

  it("reads the table: offered actions, targets, permissions", () => {
    expect(allowedActions(PROBE, "open")).toEqual(["check"]);
    expect(allowedActions(PROBE, "checked")).toEqual(["finish", "reopen"]);
    expect(targetState(PROBE, "reopen", "done")).toBe("open");
    expect(targetState(PROBE, "reopen", "done", "checked")).toBe("checked");
    expect(targetState(PROBE, "reopen", "done", "done")).toBeNull();
    expect(targetState(PROBE, "note", "checked")).toBe("checked");
    expect(targetState(PROBE, "finish", "open")).toBeNull();
  });

  it("moves a subject, bumps its version and writes its event and notifications together", async () => {
    const id = await newProbe("P-1");
    const moved = await database.db.transaction((tx) =>
      transition(tx, PROBE, STORE, {
        subjectId: id,
        action: "check",
        actor,
        expectedVersion: 0,
        set: { label: "P-1a" },
        note: "looked at it",
        data: { by: "test" },
        notify: [{ channel: "in_app", recipientUserId: null, kind: "probe_checked", title: "t", body: "b" }],
      }),
    );
    expect(moved.subject).toEqual({ id, status: "checked", version: 1, label: "P-1a" });
    expect(moved.event).toMatchObject({
      subjectType: "probe",
      subjectId: id,
      countyCode: "131002",
      action: "check",
      fromStatus: "open",
      toStatus: "checked",
      actorLabel: "system",
      note: "looked at it",
      data: { by: "test" },
    });
    const notices = await database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.subjectType, "probe"), eq(notifications.subjectId, id)));
    expect(notices.map((n) => n.kind)).toEqual(["probe_checked"]);
  });

  it("refuses a stale version and an illegal move with typed 409s, and writes nothing", async () => {
    const id = await newProbe("P-2");
    const attempt = (action: "finish" | "check", expectedVersion?: number) =>
      database.db.transaction((tx) =>
        transition(tx, PROBE, STORE, { subjectId: id, action, actor, expectedVersion }),
      );
    const stale = await attempt("check", 3).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(AppError);
    expect(stale).toMatchObject({
      status: 409,
      code: "stale_case",
      message: "Someone acted on probe P-2 first; it is now open.",
      details: { status: "open", version: 0, allowedActions: ["check"] },
    });
    const illegal = await attempt("finish").catch((e: unknown) => e);
    expect(illegal).toMatchObject({
      status: 409,
      code: "illegal_transition",
      message: "Cannot finish probe P-2: a probe in state open allows check.",
    });
    const events = await database.db
      .select()
      .from(workflowEvents)
      .where(and(eq(workflowEvents.subjectType, "probe"), eq(workflowEvents.subjectId, id)))
      .orderBy(asc(workflowEvents.id));
    expect(events).toEqual([]);
    const [row] = await rowsOf(database.db, sql`select version from probes where id = ${id}`);
    expect(row?.version).toBe(0);
  });

  it("names a target the action cannot reach", () => {
    expect(() =>
      checkMove(PROBE, { id: "x", status: "done", version: 2 }, "P-3", "reopen", undefined, "done"),
    ).toThrow("Cannot reopen probe P-3: reopen cannot lead to done.");
  });

  it("moves a row the caller locked without reading it again, and refuses another subject's row", async () => {
    const id = await newProbe("P-4");
    let reads = 0;
    const counting: typeof STORE = {
      ...STORE,
      lock: async (tx, subject) => {
        reads++;
        return STORE.lock(tx, subject);
      },
    };
    const moved = await database.db.transaction(async (tx) => {
      const locked = await counting.lock(tx, id);
      if (!locked) throw new Error("no probe");
      return transition(tx, PROBE, counting, {
        subjectId: id,
        locked,
        action: "check",
        actor,
        expectedVersion: 0,
      });
    });
    expect(reads).toBe(1);
    expect(moved.subject).toEqual({ id, status: "checked", version: 1, label: "P-4" });
    expect(moved.event).toMatchObject({ fromStatus: "open", toStatus: "checked" });
    // The locked row is the guard's input too: a stale one is refused like a stale client version.
    const stale = { id, status: "open" as const, version: 0, label: "P-4" };
    await expect(
      database.db.transaction((tx) =>
        transition(tx, PROBE, counting, { subjectId: id, locked: stale, action: "finish", actor }),
      ),
    ).rejects.toMatchObject({ status: 409, code: "illegal_transition" });
    const other = await newProbe("P-5");
    await expect(
      database.db.transaction((tx) =>
        transition(tx, PROBE, counting, { subjectId: other, locked: stale, action: "check", actor }),
      ),
    ).rejects.toThrow(`the locked row is ${id}, not ${other}`);
    const [row] = await rowsOf(database.db, sql`select status, version from probes where id = ${other}`);
    expect(row).toEqual({ status: "open", version: 0 });
  });

  it("answers 404 for a subject that does not exist", async () => {
    const missing = randomUUID();
    await expect(
      database.db.transaction((tx) =>
        transition(tx, PROBE, STORE, { subjectId: missing, action: "check", actor }),
      ),
    ).rejects.toMatchObject({ status: 404, message: `Probe ${missing} not found.` });
  });
});
