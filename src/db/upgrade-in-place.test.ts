/**
 * A database of the last release upgrades in place. Two PGlite databases: `fresh` is built by
 * every migration and then filled with demo data (regions, grids, organisations, catalogue, a case
 * history, the deadline scan's events and notifications, photos on cases) by today's code;
 * `old` is built by the migrations before the workflow core's (`…_workflow_subjects`) and given the same data
 * in that release's shape (case events in `case_events` with `case_id`, notifications and
 * attachments with `case_id`), copied row for row. Then `old` runs the new migrations, and every
 * table must hold exactly what `fresh` holds, the schemas must be the same, and new events must
 * continue the old numbering.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { ltree } from "@electric-sql/pglite/contrib/ltree";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_COUNTIES } from "../../test/helpers/constants.js";
import { enqueueNotifications } from "../core/notifications/enqueue-notifications.js";
import { seedDemoCatalogue } from "../modules/catalogue/seed-demo-catalogue.js";
import { generateDemoHistory } from "../modules/cases/demo-history.js";
import { generateDemoGrids } from "../modules/grids/demo-grids.js";
import { transition } from "../modules/cases/transition.js";
import { seedDemoOrganisations } from "../modules/organisations/seed-demo-organisations.js";
import { importRegions } from "../modules/regions/import-regions.js";
import { runDeadlineScan } from "../modules/cases/deadlines/run-deadline-scan.js";
import type { Db } from "./client.js";
import { attachments, cases, workflowEvents } from "./schema.js";
import * as schema from "./schema.js";

const MIGRATIONS = fileURLToPath(new URL("./migrations", import.meta.url));
/** The last migration before the workflow core's: the database of the previous release. */
const LAST_RELEASED = lastBefore("workflow_subjects");

function lastBefore(tagEnd: string): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, "meta", "_journal.json"), "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  const entry = journal.entries.find((e) => e.tag.endsWith(tagEnd));
  if (!entry) throw new Error(`no migration ${tagEnd}`);
  return entry.idx - 1;
}

/** A copy of the migrations folder whose journal stops at `last`. */
function migrationsUpTo(last: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "microgov-migrations-"));
  fs.cpSync(MIGRATIONS, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= last);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

async function open(): Promise<{ client: PGlite; db: Db }> {
  const client = await PGlite.create({ extensions: { ltree } });
  return { client, db: drizzle({ client, schema }) as unknown as Db };
}

async function rows<T>(client: PGlite, query: string): Promise<T[]> {
  return (await client.query<T>(query)).rows;
}

/** The base tables of `public`, by name. */
async function tables(client: PGlite): Promise<string[]> {
  const found = await rows<{ name: string }>(
    client,
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  return found.map((t) => t.name);
}

async function columns(client: PGlite, table: string): Promise<string[]> {
  const found = await rows<{ name: string }>(
    client,
    `select column_name as name from information_schema.columns
      where table_schema = 'public' and table_name = '${table}' order by ordinal_position`,
  );
  return found.map((c) => c.name);
}

/** Every table's content as one digest per table (rows as text, sorted), for comparing two databases. */
async function contents(client: PGlite): Promise<Record<string, { rows: number; digest: string }>> {
  const out: Record<string, { rows: number; digest: string }> = {};
  for (const table of await tables(client)) {
    const [r] = await rows<{ n: number; digest: string | null }>(
      client,
      `select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as digest
         from "${table}" t`,
    );
    out[table] = { rows: r?.n ?? 0, digest: r?.digest ?? "" };
  }
  return out;
}

/** Columns, indexes, constraints and views of `public`, as text to compare. */
async function schemaOf(client: PGlite): Promise<string[]> {
  const cols = await rows<{ s: string }>(
    client,
    `select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
            coalesce(column_default, '') as s
       from information_schema.columns where table_schema = 'public' order by 1`,
  );
  const indexes = await rows<{ s: string }>(
    client,
    `select indexdef as s from pg_indexes where schemaname = 'public' order by 1`,
  );
  const constraints = await rows<{ s: string }>(
    client,
    `select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as s
       from pg_constraint where connamespace = 'public'::regnamespace order by 1`,
  );
  const views = await rows<{ s: string }>(
    client,
    `select viewname || ' ' || definition as s from pg_views where schemaname = 'public' order by 1`,
  );
  return [...cols, ...indexes, ...constraints, ...views].map((r) => r.s);
}

/**
 * Copies `fresh`'s data into `old`, in the old shape: for each old table, each of its columns
 * from the same column of the same relation in `fresh` (`case_events` is fresh's view of the
 * event store), and a `case_id` the new shape dropped from the row's subject when it is a case.
 */
async function copyIntoOldShape(fresh: PGlite, old: PGlite): Promise<void> {
  const freshTables = new Set(await tables(fresh));
  await old.exec(`set session_replication_role = replica`);
  for (const table of await tables(old)) {
    if (table === "case_events" || freshTables.has(table)) {
      const have = new Set(await columns(fresh, table));
      const wanted = await columns(old, table);
      const select = wanted.map((c) => {
        if (have.has(c)) return `"${c}"`;
        if (c === "case_id" && have.has("subject_id")) {
          return `case when subject_type = 'case' then subject_id end as case_id`;
        }
        throw new Error(`${table}.${c} has no source in the new schema`);
      });
      const copied = await fresh.query(`copy (select ${select.join(", ")} from "${table}") to '/dev/blob'`);
      // An empty table gives no blob (the comparison at the end catches anything left behind).
      if (!copied.blob || copied.blob.size === 0) continue;
      await old.query(`copy "${table}" (${wanted.map((c) => `"${c}"`).join(", ")}) from '/dev/blob'`, [], {
        blob: copied.blob,
      });
    } else {
      throw new Error(`old table ${table} has no source in the new schema`);
    }
  }
  await old.exec(`set session_replication_role = origin`);
  // The sequences carry on where they stood.
  const sequences = await rows<{ table: string; column: string; seq: string }>(
    old,
    `select c.table_name as table, c.column_name as column, pg_get_serial_sequence(c.table_name, c.column_name) as seq
       from information_schema.columns c
      where c.table_schema = 'public' and pg_get_serial_sequence(c.table_name, c.column_name) is not null`,
  );
  for (const s of sequences) {
    await old.query(
      `select setval('${s.seq}', coalesce((select max("${s.column}") from "${s.table}"), 1),
                     (select count(*) > 0 from "${s.table}"))`,
    );
  }
  const [caseNumber] = await rows<{ last: string; called: boolean }>(
    fresh,
    `select last_value::text as last, is_called as called from case_number_seq`,
  );
  if (caseNumber)
    await old.query(`select setval('case_number_seq', $1, $2)`, [caseNumber.last, caseNumber.called]);
}

describe("upgrade in place from the last release", () => {
  let fresh: { client: PGlite; db: Db };
  let old: { client: PGlite; db: Db };
  let oldMigrations: string;
  const now = new Date();

  beforeAll(async () => {
    fresh = await open();
    await migrate(drizzle({ client: fresh.client }), { migrationsFolder: MIGRATIONS });
    const db = fresh.db;
    await importRegions(db, { city: "1310", counties: TEST_COUNTIES });
    await generateDemoGrids(db, { city: "1310" });
    await seedDemoOrganisations(db);
    await seedDemoCatalogue(db);
    await generateDemoHistory(db, { cases: 300, seed: 7, now });
    // Deadline marks (events and notifications keyed by subject), and notifications and photos
    // of cases beside ones about nothing.
    await runDeadlineScan(db, { now });
    const some = await db.select({ id: cases.id }).from(cases).limit(3);
    await enqueueNotifications(
      db,
      some.map((c) => ({
        channel: "sms" as const,
        recipientCaseId: c.id,
        subjectType: "case",
        subjectId: c.id,
        kind: "case_replied",
        title: "t",
        body: "b",
      })),
    );
    await enqueueNotifications(db, [{ channel: "sms", kind: "login_code", title: "t", body: "b" }]);
    const photos = await db
      .insert(attachments)
      .values(
        ["a", "b", "c"].map((c) => ({
          sha256: c.repeat(64),
          mime: "image/png" as const,
          bytes: 5,
          width: 1,
          height: 1,
          storagePath: `${c}.png`,
          thumbPath: `${c}.thumb.webp`,
        })),
      )
      .returning({ id: attachments.id });
    const [first, second] = some;
    if (!first || !second || photos.length !== 3) throw new Error("setup");
    // Two photos on cases (one on the case's first event), one unclaimed.
    const [firstEvent] = await db
      .select({ id: workflowEvents.id })
      .from(workflowEvents)
      .where(eq(workflowEvents.subjectId, first.id))
      .limit(1);
    await db
      .update(attachments)
      .set({ subjectType: "case", subjectId: first.id, eventId: firstEvent?.id ?? null })
      .where(eq(attachments.id, photos[0]?.id ?? ""));
    await db
      .update(attachments)
      .set({ subjectType: "case", subjectId: second.id })
      .where(eq(attachments.id, photos[1]?.id ?? ""));

    old = await open();
    oldMigrations = migrationsUpTo(LAST_RELEASED);
    await migrate(drizzle({ client: old.client }), { migrationsFolder: oldMigrations });
    await copyIntoOldShape(fresh.client, old.client);
  }, 300_000);

  afterAll(async () => {
    await fresh?.client.close();
    await old?.client.close();
    if (oldMigrations) fs.rmSync(oldMigrations, { recursive: true, force: true });
  });

  it("holds the same data and schema as a fresh database after the new migrations", async () => {
    // The old database really is the old shape, and holds the demo data.
    expect(await tables(old.client)).toContain("case_events");
    expect(await columns(old.client, "notifications")).toContain("case_id");
    const [oldEvents] = await rows<{ n: number }>(old.client, `select count(*)::int as n from case_events`);
    expect(oldEvents?.n).toBeGreaterThan(1000);
    const [oldNotices] = await rows<{ n: number }>(
      old.client,
      `select count(*)::int as n from notifications where case_id is not null`,
    );
    expect(oldNotices?.n).toBeGreaterThanOrEqual(3);

    await migrate(drizzle({ client: old.client }), { migrationsFolder: MIGRATIONS });

    expect(await schemaOf(old.client)).toEqual(await schemaOf(fresh.client));
    const before = await contents(fresh.client);
    const after = await contents(old.client);
    expect(after).toEqual(before);
    expect(after.workflow_events?.rows).toBe(oldEvents?.n);
    // The cases' view reads the same events as before, with their ids.
    const [view] = await rows<{ n: number }>(old.client, `select count(*)::int as n from case_events`);
    expect(view?.n).toBe(oldEvents?.n);
  });

  it("goes on numbering events after the upgraded ones", async () => {
    const [last] = await rows<{ id: number }>(old.client, `select max(id)::int as id from workflow_events`);
    const [open] = await old.db
      .select()
      .from(cases)
      .where(sql`${cases.status} in ('triage', 'dispatched', 'handling')`)
      .limit(1);
    if (!open || last?.id === undefined) throw new Error("setup");
    const moved = await old.db.transaction((tx) =>
      transition(tx, {
        caseId: open.id,
        action: "urge",
        actor: { userId: null, orgId: null, label: "system" },
      }),
    );
    expect(moved.event.id).toBe(last.id + 1);
    expect(moved.event.caseId).toBe(open.id);
  });
});
