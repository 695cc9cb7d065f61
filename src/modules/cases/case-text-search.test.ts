/**
 * The text search of case lists (GET /cases?q=) over the n-gram index of migration
 * 0016_case_text_search.sql: two-character Chinese words, fragments of case numbers and mixed
 * ASCII, the index really used by the planner, results equal to the plain `ilike` on a randomly
 * generated set, and the list's count that stops at its cap.
 */
import { and, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, sessionHeaders, type TestUser } from "../../../test/helpers/app.js";
import { cases, regions } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { caseTextMatch, listCases } from "./find-cases.js";
import { intakeCase, type IntakeResult } from "./intake.js";
import { buildCaseWorld, type CaseWorld } from "./test-fixtures.js";

let w: CaseWorld;
let supervisor: TestUser;
let leak: IntakeResult;
let lamp: IntakeResult;
let mixed: IntakeResult;
let far: IntakeResult;

const get = async (url: string, user: TestUser) =>
  w.t.app.inject({ method: "GET", url, headers: await sessionHeaders(w.t.database, user) });

const search = async (q: string, user = supervisor) => {
  const res = await get(`/api/v1/cases?q=${encodeURIComponent(q)}&pageSize=100`, user);
  expect(res.statusCode).toBe(200);
  return res.json() as { items: { number: string }[]; total: number; totalCapped?: boolean };
};
const numbers = (body: { items: { number: string }[] }) => body.items.map((i) => i.number).sort();

beforeAll(async () => {
  w = await buildCaseWorld();
  const db = w.t.database.db;
  supervisor = await buildUser(w.t.database, [{ role: "supervisor", region: w.county }]);
  leak = await intakeCase(db, {
    channel: "web",
    description: "楼顶漏水，墙皮脱落",
    address: "幸福路8号院3单元",
    regionCode: w.village,
  });
  lamp = await intakeCase(db, {
    channel: "web",
    description: "路灯不亮已经一周",
    address: "和平街东口",
    regionCode: w.otherVillage,
  });
  mixed = await intakeCase(db, {
    channel: "hotline",
    description: "WiFi杆子倒了，编号GZ-17B",
    address: "建设路Ab12号",
    regionCode: w.otherVillage,
  });
  far = await intakeCase(db, {
    channel: "web",
    description: "另一个县的楼顶漏水",
    regionCode: w.farVillage,
  });
});
afterAll(async () => w.t.close());

describe("two-character Chinese words", () => {
  it("finds the description's and the address's words, in scope only", async () => {
    expect(numbers(await search("漏水"))).toEqual([leak.case.number]);
    expect(numbers(await search("路灯"))).toEqual([lamp.case.number]);
    expect(numbers(await search("平街"))).toEqual([lamp.case.number]);
    expect(numbers(await search("单元"))).toEqual([leak.case.number]);
    // Every two characters of the description must stand together, not merely both appear.
    expect((await search("漏墙")).items).toEqual([]);
    expect((await search("水漏")).items).toEqual([]);
    // The supervisor's scope is one county: the far case is another county's.
    expect(numbers(await search("楼顶"))).toEqual([leak.case.number]);
    expect(numbers(await search("县的"))).not.toContain(far.case.number);
  });

  it("finds a word across the punctuation inside a description", async () => {
    expect(numbers(await search("漏水，墙"))).toEqual([leak.case.number]);
  });
});

describe("case numbers and mixed ASCII", () => {
  it("finds a case by a fragment of its number", async () => {
    const n = mixed.case.number;
    expect(numbers(await search(n.slice(6)))).toEqual([n]);
    expect(numbers(await search(n.slice(3, 11)))).toContain(n);
    // The whole number still opens exactly that case.
    expect(numbers(await search(n))).toEqual([n]);
  });

  it("matches ASCII letters and digits mixed with Chinese, ignoring case", async () => {
    expect(numbers(await search("wifi杆"))).toEqual([mixed.case.number]);
    expect(numbers(await search("gz-17b"))).toEqual([mixed.case.number]);
    expect(numbers(await search("AB12号"))).toEqual([mixed.case.number]);
    expect(numbers(await search("17"))).toContain(mixed.case.number);
    expect((await search("GZ-71B")).items).toEqual([]);
  });

  it("takes LIKE's wildcards as plain characters", async () => {
    expect((await search("漏%墙")).items).toEqual([]);
    expect((await search("漏_")).items).toEqual([]);
  });

  it("searches one character without the index (the plain ilike)", async () => {
    expect(numbers(await search("漏"))).toEqual([leak.case.number]);
    expect(numbers(await search("b"))).toEqual([mixed.case.number]);
  });
});

describe("the n-gram index", () => {
  it("gives the character pairs of lower-cased text and the ASCII triples", async () => {
    const db = w.t.database.db;
    const grams = async (t: string) => {
      const r = (await db.execute(sql`select case_text_grams(${t}::text) as g`)) as unknown as {
        rows: { g: string[] }[];
      };
      return [...new Set(r.rows[0]?.g ?? [])].sort();
    };
    expect(await grams("漏水")).toEqual(["漏水"]);
    expect(await grams("漏")).toEqual([]);
    expect(await grams("楼顶漏水")).toEqual(["楼顶", "漏水", "顶漏"].sort());
    expect(await grams("Ab12号")).toEqual(["ab", "b1", "12", "2号", "ab1", "b12"].sort());
  });

  it("is the plan for a search (not a scan of every case)", async () => {
    const db = w.t.database.db;
    const query = db.select({ id: cases.id }).from(cases).where(caseTextMatch("漏水")).toSQL();
    const plan = await db.transaction(async (tx) => {
      // The test table is tiny: without this the planner rightly reads it whole.
      await tx.execute(sql`set local enable_seqscan = off`);
      const text = query.sql.replace(/\$(\d+)/g, (_, i: string) => {
        const v = query.params[Number(i) - 1];
        return `'${String(v).replaceAll("'", "''")}'`;
      });
      const r = (await tx.execute(sql.raw(`explain ${text}`))) as unknown as {
        rows: Record<string, string>[];
      };
      return r.rows.map((row) => Object.values(row)[0]).join("\n");
    });
    expect(plan).toContain("cases_text_grams_gin");
  });
});

describe("results equal the plain ilike on a generated set", () => {
  it("for random queries over random texts", async () => {
    const db = w.t.database.db;
    // A seeded generator: a failure can be replayed.
    let seed = 20261207;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    // A small alphabet, so random queries often hit: Chinese, letters of both cases, digits,
    // punctuation, a space, LIKE's wildcards and a backslash.
    const alphabet = [..."漏水路灯楼道垃圾幸福街口号院aAbBzZ019-_%\\ ，。"];
    const text = (min: number, max: number) =>
      Array.from({ length: min + Math.floor(rand() * (max - min + 1)) }, () => pick(alphabet)).join("");
    const [village] = await db
      .select({ code: regions.code, path: sql<string>`${regions.path}::text` })
      .from(regions)
      .where(eq(regions.code, w.otherVillage));
    if (!village) throw new Error("no village");
    const rows = Array.from({ length: 300 }, (_, i) => ({
      number: `9912${String(i).padStart(8, "0")}${pick(["", "", "A"])}`,
      channel: "web" as const,
      description: text(1, 30),
      address: rand() < 0.3 ? null : text(0, 12),
      regionCode: village.code,
      regionPath: village.path,
      countyCode: w.county,
      status: "handling" as const,
    }));
    const inserted = await db.insert(cases).values(rows).returning({ id: cases.id });
    const ids = inserted.map((r) => r.id);
    const escape = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const queries: string[] = [];
    for (let i = 0; i < 60; i++) {
      const from = pick(rows);
      const source = rand() < 0.5 ? from.description : `${from.address ?? ""}${from.number}`;
      const start = Math.floor(rand() * source.length);
      // Substrings of real texts (hits), random strings (mostly misses), case-flipped ones.
      const sub = source.slice(start, start + 1 + Math.floor(rand() * 5));
      queries.push(sub, text(1, 4), rand() < 0.5 ? sub.toUpperCase() : sub.toLowerCase());
    }
    let hits = 0;
    for (const q of queries.filter((x) => x.length > 0)) {
      const mine = await db
        .select({ id: cases.id })
        .from(cases)
        .where(and(inArray(cases.id, ids), caseTextMatch(q)));
      const plain = await db
        .select({ id: cases.id })
        .from(cases)
        .where(
          and(
            inArray(cases.id, ids),
            or(
              ilike(cases.description, escape(q)),
              ilike(cases.address, escape(q)),
              ilike(cases.number, escape(q)),
            ),
          ),
        );
      expect(mine.map((r) => r.id).sort(), `q = ${JSON.stringify(q)}`).toEqual(plain.map((r) => r.id).sort());
      if (plain.length > 0) hits++;
    }
    // The comparison means something only if many queries found cases.
    expect(hits).toBeGreaterThan(60);
    await db.delete(cases).where(inArray(cases.id, ids));
  });
});

describe("the count of a long list", () => {
  it("stops at the cap and says so", async () => {
    const db = w.t.database.db;
    const [county] = await db
      .select({ path: sql<string>`${regions.path}::text` })
      .from(regions)
      .where(eq(regions.code, w.county));
    const actor: Actor = {
      userId: supervisor.id,
      username: supervisor.username,
      displayName: "supervisor",
      organisationId: null,
      bindings: [
        {
          role: "supervisor",
          scopePath: county?.path ?? "",
          scopeRegionCode: w.county,
          scopeDepartmentId: null,
        },
      ],
    };
    const base = { sort: "created" as const, page: 1, pageSize: 1 };
    const all = await listCases(db, actor, base);
    expect(all.totalCapped).toBe(false);
    expect(all.total).toBeGreaterThanOrEqual(3);
    const capped = await listCases(db, actor, base, { countUpTo: 2 });
    expect(capped).toMatchObject({ total: 2, totalCapped: true });
    expect(capped.rows).toHaveLength(1);
    const exact = await listCases(db, actor, base, { countUpTo: all.total });
    expect(exact).toMatchObject({ total: all.total, totalCapped: false });
    // A page that is not full counts itself.
    const last = await listCases(db, actor, { ...base, pageSize: 100 }, { countUpTo: 2 });
    expect(last).toMatchObject({ total: all.total, totalCapped: false });
  });

  it("answers totalCapped in GET /cases", async () => {
    const body = await search("漏水");
    expect(body).toMatchObject({ total: 1, totalCapped: false });
  });
});
