/**
 * The register as workbooks, through the API on PGlite: the template imports back empty; a full
 * export imports back into an emptied register unchanged (round trip); a file with several bad
 * rows names each (sheet, row, column, reason, in Chinese or English) and writes nothing; a
 * role that may not reveal numbers gets them masked and cannot ask for them in full; a full
 * export logs a read per person; malformed uploads are 400/413/415, never 500.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, personalDataReads, regions } from "../../db/schema.js";
import { residentIdCheckChar } from "../../core/personal-data/id-number.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { FULL_EXPORT_FIELDS } from "./export-register.js";
import { personalDataKeysFromEnv } from "../../core/personal-data/keys.js";
import type { Actor } from "../../core/access/actor.js";
import { importRegister } from "./import-register.js";
import { buildingUnits, buildings, dwellings, householdMembers, households, persons } from "./schema.js";

let t: TestApp;
const near = { township: "", village: "" };
const far = { village: "" };
const h = {} as Record<"worker" | "assistant" | "farWorker" | "dispatcher", Record<string, string>>;
/** Small enough that a test can exceed it. */
const MAX_BYTES = 300_000;
/** Above one write batch (500), so rows are written before the limit is reached. */
const MAX_ROWS = 600;

function residentId(region: string, birth: string, serial: string): string {
  const first17 = `${region}${birth}${serial}`;
  return first17 + residentIdCheckChar(first17);
}
const ID_HEAD = residentId("131002", "19750512", "135");
const ID_SPOUSE = residentId("131002", "19780211", "246");
const PHONE_HEAD = "13912345678";

async function firstChild(parent: string, level: "township" | "village"): Promise<string> {
  const [row] = await t.database.db
    .select({ code: regions.code })
    .from(regions)
    .where(
      and(
        sql`${regions.path} <@ (select path from regions where code = ${parent})`,
        eq(regions.level, level),
      ),
    )
    .orderBy(regions.code)
    .limit(1);
  if (!row) throw new Error(`no ${level} under ${parent}`);
  return row.code;
}

const api = (p: string) => `/api/v1${p}`;

async function pathOf(code: string): Promise<string> {
  const [row] = await t.database.db
    .select({ path: regions.path })
    .from(regions)
    .where(eq(regions.code, code));
  if (!row) throw new Error(`no region ${code}`);
  return row.path;
}

function multipart(file: Buffer, field = "file") {
  const boundary = `----mg${randomBytes(8).toString("hex")}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="register.xlsx"\r\n` +
    "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n";
  return {
    payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(who: keyof typeof h, file: Buffer, lang = "zh-CN") {
  const body = multipart(file);
  return t.app.inject({
    method: "POST",
    url: api("/register/import"),
    headers: { ...h[who], "content-type": body.contentType, "accept-language": lang },
    payload: body.payload,
  });
}

async function download(who: keyof typeof h, url: string) {
  return t.app.inject({ method: "GET", url: api(url), headers: h[who] });
}

/** The sheets of a workbook as arrays of rows of cell texts (header first). */
async function sheetsOf(buffer: Buffer): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const out = new Map<string, string[][]>();
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      rows.push(values.map((v) => (v === null || v === undefined ? "" : String(v))));
    });
    out.set(ws.name, rows);
  });
  return out;
}

/** A workbook of the given sheets (header row first), as an import file. */
async function workbook(sheets: Record<string, (string | number | null)[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The rows of a sheet as objects by header, the columns named in `drop` left out. */
function records(rows: string[][] | undefined, drop: string[] = []): Record<string, string>[] {
  const [header = [], ...body] = rows ?? [];
  return body.map((r) =>
    Object.fromEntries(header.flatMap((c, i) => (drop.includes(c) ? [] : [[c, r[i] ?? ""]]))),
  );
}

async function createOk(url: string, payload: unknown): Promise<string> {
  const res = await t.app.inject({
    method: "POST",
    url: api(url),
    headers: h.worker,
    payload: payload as object,
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

async function registerCount(): Promise<number> {
  const [b] = await t.database.db.select({ n: count() }).from(buildings);
  const [p] = await t.database.db.select({ n: count() }).from(persons);
  return (b?.n ?? 0) + (p?.n ?? 0);
}

/** Empties the register (the round trip imports into an empty scope). */
async function emptyRegister() {
  await t.database.db.execute(
    sql`truncate person_events, household_members, person_population_tags, rental_tenants, rentals, persons, households, dwellings, building_units, buildings cascade`,
  );
}

beforeAll(async () => {
  t = await buildTestApp({
    REGISTER_IMPORT_MAX_BYTES: String(MAX_BYTES),
    REGISTER_IMPORT_MAX_ROWS: String(MAX_ROWS),
  });
  near.township = await firstChild("131002", "township");
  near.village = await firstChild(near.township, "village");
  far.village = await firstChild(await firstChild("131003", "township"), "village");
  const login = async (role: "grid_worker" | "grid_assistant" | "township_dispatcher", region: string) =>
    sessionHeaders(t.database, await buildUser(t.database, [{ role, region }]));
  h.worker = await login("grid_worker", near.village);
  h.assistant = await login("grid_assistant", near.village);
  h.dispatcher = await login("township_dispatcher", near.township);
  h.farWorker = await login("grid_worker", far.village);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function buildWorld() {
  const building = await createOk("/buildings", {
    kind: "building",
    name: "7号楼",
    floors: 6,
    regionCode: near.village,
    units: ["1单元", "2单元"],
    lon: 116.7,
    lat: 39.5,
  });
  const detail = (await download("worker", `/buildings/${building}`)).json() as {
    units: { id: string; name: string }[];
  };
  const dwelling = await createOk("/dwellings", {
    buildingId: building,
    unitId: detail.units.find((u) => u.name === "2单元")?.id,
    floor: 3,
    room: "302",
    use: "rented",
  });
  const household = await createOk("/households", { dwellingId: dwelling, type: "floating", number: "H-01" });
  await createOk("/persons", {
    name: "周建华",
    idNumber: ID_HEAD,
    phone: PHONE_HEAD,
    householdId: household,
    relation: "head",
    workplace: "=cmd|' /C calc'!A0",
    tags: ["党员", "志愿者"],
  });
  await createOk("/persons", {
    name: "吴丽",
    idNumber: ID_SPOUSE,
    householdId: household,
    relation: "spouse",
  });
  await createOk("/persons", {
    name: "Anna Smith",
    idDocumentType: "passport",
    idNumber: "E12345678",
    sex: "female",
    birthDate: "1990-01-02",
    regionCode: near.village,
  });
}

describe("template", () => {
  it("has the instructions and the four sheets with Chinese headers, and imports back empty", async () => {
    const res = await download("worker", "/register/template");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const sheets = await sheetsOf(res.rawPayload);
    expect([...sheets.keys()]).toEqual(["填写说明", "楼栋", "房屋", "住户", "人员"]);
    expect(sheets.get("人员")?.[0]).toContain("证件号码");
    expect(sheets.get("填写说明")?.length).toBeGreaterThan(30);
    const back = await upload("worker", res.rawPayload);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ buildings: 0, persons: 0, rows: 0 });
  });

  it("is for those who may import: a dispatcher (people.read only) gets 403", async () => {
    expect((await download("dispatcher", "/register/template")).statusCode).toBe(403);
  });
});

describe("round trip", () => {
  it("imports a full export into the emptied register unchanged, and logs the full export's reads", async () => {
    await emptyRegister();
    await buildWorld();
    const readsBefore = await t.database.db
      .select({ n: count() })
      .from(personalDataReads)
      .where(eq(personalDataReads.fields, FULL_EXPORT_FIELDS));
    const first = await download(
      "worker",
      "/register/export?full=true&reason=%E5%B9%B4%E5%BA%A6%E6%A0%B8%E5%AF%B9",
    );
    expect(first.statusCode, first.body).toBe(200);
    const readsAfter = await t.database.db
      .select({ reason: personalDataReads.reason })
      .from(personalDataReads)
      .where(eq(personalDataReads.fields, FULL_EXPORT_FIELDS));
    expect(readsAfter.length - (readsBefore[0]?.n ?? 0)).toBe(3);
    expect(readsAfter.map((r) => r.reason)).toContain("年度核对");
    const before = await sheetsOf(first.rawPayload);
    expect(records(before.get("人员")).find((p) => p["姓名"] === "周建华")?.["证件号码"]).toBe(ID_HEAD);

    await emptyRegister();
    const imported = await upload("worker", first.rawPayload);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ buildings: 1, dwellings: 1, households: 1, persons: 3 });

    const again = await sheetsOf(
      (await download("worker", "/register/export?full=true&reason=check")).rawPayload,
    );
    // Keys are the new records' ids; everything else is the same.
    const keyed = ["编号", "楼栋编号", "房屋编号", "住户编号"];
    for (const sheet of ["楼栋", "房屋", "住户", "人员"]) {
      const sorted = (rows: Record<string, string>[]) => rows.map((r) => JSON.stringify(r)).sort();
      expect(sorted(records(again.get(sheet), keyed)), sheet).toEqual(
        sorted(records(before.get(sheet), keyed)),
      );
    }
    const person = records(again.get("人员")).find((p) => p["姓名"] === "吴丽");
    const household = records(again.get("住户"))[0];
    expect(person?.["住户编号"]).toBe(household?.["编号"]);
    expect(person?.["与户主关系"]).toBe("配偶");
    expect(records(again.get("人员")).find((p) => p["姓名"] === "周建华")?.["工作单位"]).toBe(
      "=cmd|' /C calc'!A0",
    );
  });
});

describe("masking", () => {
  it("exports numbers masked to a role without full rights, and refuses it a full export", async () => {
    const reads = async () => (await t.database.db.select({ n: count() }).from(personalDataReads))[0]?.n ?? 0;
    const readsBefore = await reads();
    const res = await download("assistant", "/register/export");
    expect(res.statusCode).toBe(200);
    const people = records((await sheetsOf(res.rawPayload)).get("人员"));
    const head = people.find((p) => p["姓名"] === "周建华");
    expect(head?.["证件号码"]).toMatch(/^\d{4}\*+\w{4}$/);
    expect(head?.["手机号码"]).toBe("139****5678");
    // Nothing decrypted anywhere in the file, in any form.
    const all = JSON.stringify([...(await sheetsOf(res.rawPayload)).values()]);
    for (const plain of [ID_HEAD, ID_SPOUSE, PHONE_HEAD, "E12345678"]) expect(all).not.toContain(plain);
    expect(await reads()).toBe(readsBefore);

    expect((await download("assistant", "/register/export?full=true&reason=x")).statusCode).toBe(403);
    const noReason = await download("worker", "/register/export?full=true");
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe("validation_failed");
  });

  it("exports nothing of another area", async () => {
    const res = await download("farWorker", "/register/export");
    expect(res.statusCode).toBe(200);
    const sheets = await sheetsOf(res.rawPayload);
    expect(sheets.get("人员")).toHaveLength(1);
    expect(sheets.get("楼栋")).toHaveLength(1);
  });

  it("will not import a masked export back (the numbers are not there)", async () => {
    const masked = (await download("worker", "/register/export")).rawPayload;
    await emptyRegister();
    const res = await upload("worker", masked);
    expect(res.statusCode).toBe(400);
    const problems = res.json().error.details.problems as { reason: string; column: string }[];
    expect(problems.filter((p) => p.reason === "masked_number").length).toBeGreaterThanOrEqual(3);
    expect(await registerCount()).toBe(0);
  });
});

describe("bad rows", () => {
  const file = () =>
    workbook({
      楼栋: [
        ["编号", "类型", "名称", "区划代码", "单元", "层数"],
        ["B1", "楼栋", "好楼", near.village, "1单元", 6],
        ["B2", "宫殿", "坏楼", near.village, "", ""],
        ["B1", "楼栋", "重号楼", near.village, "", ""],
        ["B3", "院落", "远处院落", far.village, "", ""],
        ["B4", "楼栋", "高楼", near.village, "", 500],
      ],
      房屋: [
        ["编号", "楼栋编号", "单元", "房号", "用途"],
        ["D1", "B1", "1单元", "101", "自住"],
        ["D2", "B9", "", "102", "自住"],
        ["D3", "B1", "9单元", "103", "自住"],
      ],
      住户: [
        ["编号", "房屋编号", "户类型"],
        ["H1", "D1", "户籍户"],
      ],
      人员: [
        ["姓名", "证件号码", "手机号码", "住户编号", "与户主关系", "出生日期"],
        ["甲", ID_HEAD, "", "H1", "户主", ""],
        ["乙", `${ID_SPOUSE.slice(0, 17)}${ID_SPOUSE[17] === "0" ? "1" : "0"}`, "8123", "H1", "配偶", ""],
        ["丙", "", "", "H1", "户主", ""],
        ["丁", ID_HEAD, "", "H1", "子女", ""],
        ["戊", "", "12345", "H1", "子女", "1990-02-30"],
        ["己", "", "", "", "", ""],
        ["", "", "", "H1", "子女", ""],
      ],
    });

  it("names every bad row by sheet, row, column and reason, and writes nothing", async () => {
    await emptyRegister();
    const res = await upload("worker", await file());
    expect(res.statusCode, res.body).toBe(400);
    const error = res.json().error as {
      code: string;
      details: {
        total: number;
        problems: { sheet: string; row: number; column: string; reason: string; message: string }[];
      };
    };
    expect(error.code).toBe("import_rejected");
    const where = error.details.problems.map((p) => `${p.sheet}!${p.row}:${p.column}:${p.reason}`);
    expect(where).toEqual([
      "楼栋!3:类型:not_a_choice",
      "楼栋!4:编号:duplicate_key",
      "楼栋!5:区划代码:unknown_region",
      "楼栋!6:层数:out_of_range",
      "房屋!3:楼栋编号:unknown_key",
      "房屋!4:单元:unknown_unit",
      "人员!3:证件号码:invalid_id_number",
      "人员!3:手机号码:invalid_phone",
      "人员!4:与户主关系:second_head",
      "人员!5:证件号码:person_repeated",
      "人员!6:出生日期:not_a_date",
      "人员!6:手机号码:invalid_phone",
      "人员!7:住户编号:no_place",
      "人员!8:姓名:required",
    ]);
    expect(error.details.total).toBe(where.length);
    expect(error.details.problems[4]?.message).toBe(
      "前面的表中没有编号为“B9”的楼栋，您的管辖范围内也没有该标识的已登记楼栋",
    );
    expect(await registerCount()).toBe(0);
    // The refusal is on record (who, how many rows, the problems by reason), though nothing was written.
    const [audited] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "register.import_rejected"))
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(audited?.actorUsername).toBeTruthy();
    expect(audited?.after).toMatchObject({
      rows: 16,
      problems: where.length,
      reasons: { invalid_phone: 2, person_repeated: 1, second_head: 1 },
    });
  });

  it("says the reasons in English to an English client", async () => {
    const res = await upload("worker", await file(), "en-GB,en;q=0.9");
    const problems = res.json().error.details.problems as { message: string }[];
    expect(problems[0]?.message).toBe("Must be one of: Building (楼栋), Courtyard (院落)");
    expect(problems.find((p) => p.message.includes("check digit"))).toBeTruthy();
  });

  it("names a number already registered, and a number typed as a number cell", async () => {
    await emptyRegister();
    await buildWorld();
    const res = await upload(
      "worker",
      await workbook({
        人员: [
          ["姓名", "证件号码", "区划代码"],
          ["重复的人", ID_HEAD, near.village],
          ["数字格式", 110101199003074000, near.village],
        ],
      }),
    );
    expect(res.statusCode).toBe(400);
    const reasons = (res.json().error.details.problems as { row: number; reason: string }[]).map(
      (p) => `${p.row}:${p.reason}`,
    );
    expect(reasons).toEqual(["3:number_as_number", "2:person_exists"]);
  });
});

describe("references to records already registered", () => {
  type Problem = { sheet: string; row: number; column: string; reason: string; message: string };
  const problemsOf = (res: { json(): unknown }) =>
    (res.json() as { error: { details: { problems: Problem[] } } }).error.details.problems;
  const idOf = async (table: typeof buildings | typeof dwellings | typeof households, where = sql`true`) => {
    const [row] = await t.database.db.select({ id: table.id }).from(table).where(where).limit(1);
    if (!row) throw new Error("none");
    return row.id;
  };

  it("resolves a later file's keys against the rows a first import wrote, by the id an export gives", async () => {
    await emptyRegister();
    const first = await upload(
      "worker",
      await workbook({
        楼栋: [
          ["编号", "类型", "名称", "区划代码", "单元"],
          ["B1", "楼栋", "9号楼", near.village, "1单元、2单元"],
        ],
        房屋: [
          ["编号", "楼栋编号", "单元", "房号", "用途"],
          ["D1", "B1", "1单元", "101", "自住"],
        ],
        住户: [
          ["编号", "房屋编号", "户类型"],
          ["H1", "D1", "户籍户"],
        ],
        人员: [
          ["姓名", "证件号码", "住户编号", "与户主关系"],
          ["周建华", ID_HEAD, "H1", "户主"],
        ],
      }),
    );
    expect(first.statusCode, first.body).toBe(200);
    // Months later: the clerk takes the ids from an export and names the records by them.
    const exported = await sheetsOf((await download("worker", "/register/export")).rawPayload);
    const buildingId = records(exported.get("楼栋"))[0]?.["编号"] ?? "";
    const dwellingId = records(exported.get("房屋"))[0]?.["编号"] ?? "";
    const householdId = records(exported.get("住户"))[0]?.["编号"] ?? "";
    expect(buildingId).toBe(await idOf(buildings));
    const second = await upload(
      "worker",
      await workbook({
        房屋: [
          ["编号", "楼栋编号", "单元", "房号", "用途"],
          ["D2", buildingId, "2单元", "202", "出租"],
        ],
        住户: [
          ["编号", "房屋编号", "户类型"],
          ["H2", "D2", "流动人口户"],
          ["H3", dwellingId, "其他"],
        ],
        人员: [
          ["姓名", "证件号码", "住户编号", "与户主关系"],
          ["吴丽", ID_SPOUSE, householdId, "配偶"],
          ["新租客", "", "H2", "户主"],
        ],
      }),
    );
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ buildings: 0, dwellings: 1, households: 2, persons: 2 });
    const [d2] = await t.database.db
      .select({
        buildingId: dwellings.buildingId,
        unit: buildingUnits.name,
        regionCode: dwellings.regionCode,
      })
      .from(dwellings)
      .innerJoin(buildingUnits, eq(buildingUnits.id, dwellings.unitId))
      .where(eq(dwellings.room, "202"));
    expect(d2).toEqual({ buildingId, unit: "2单元", regionCode: near.village });
    const [h3] = await t.database.db
      .select({ dwellingId: households.dwellingId })
      .from(households)
      .where(eq(households.type, "other"));
    expect(h3?.dwellingId).toBe(dwellingId);
    const members = await t.database.db
      .select({ relation: householdMembers.relation })
      .from(householdMembers)
      .where(eq(householdMembers.householdId, householdId));
    expect(members.map((m) => m.relation).sort()).toEqual(["head", "spouse"]);
  });

  it("refuses a row whose own key is a record already registered (a row copied from an export), and writes nothing", async () => {
    const exported = await sheetsOf((await download("worker", "/register/export")).rawPayload);
    const building = records(exported.get("楼栋"))[0] ?? {};
    const before = await registerCount();
    const res = await upload(
      "worker",
      await workbook({
        楼栋: [Object.keys(building), Object.values(building)],
      }),
    );
    expect(res.statusCode, res.body).toBe(400);
    expect(problemsOf(res)).toEqual([
      expect.objectContaining({ sheet: "楼栋", row: 2, column: "编号", reason: "registered_key" }),
    ]);
    expect(await registerCount()).toEqual(before);
  });

  it("names a reference to another county's record as not found, like a missing one, and writes nothing", async () => {
    const farBuilding = (
      await t.app.inject({
        method: "POST",
        url: api("/buildings"),
        headers: h.farWorker,
        payload: { kind: "building", name: "远处楼", regionCode: far.village },
      })
    ).json() as { id: string };
    expect(farBuilding.id).toBeTruthy();
    const ownBuilding = await idOf(buildings, eq(buildings.regionCode, near.village));
    const ownHousehold = await idOf(households, eq(households.type, "registered"));
    const missing = "00000000-0000-4000-8000-000000000000";
    const before = await registerCount();
    const [dwellingsBefore] = await t.database.db.select({ n: count() }).from(dwellings);
    const res = await upload(
      "worker",
      await workbook({
        房屋: [
          ["编号", "楼栋编号", "房号", "用途"],
          ["D1", ownBuilding, "301", "自住"],
          ["D2", farBuilding.id, "302", "自住"],
          ["D3", missing, "303", "自住"],
        ],
        人员: [
          ["姓名", "住户编号", "与户主关系"],
          ["第二个户主", ownHousehold, "户主"],
        ],
      }),
    );
    expect(res.statusCode, res.body).toBe(400);
    const problems = problemsOf(res);
    expect(problems.map((p) => `${p.sheet}!${p.row}:${p.column}:${p.reason}`)).toEqual([
      "房屋!3:楼栋编号:unknown_key",
      "房屋!4:楼栋编号:unknown_key",
      "人员!2:与户主关系:second_head",
    ]);
    // The same words for a row of another area as for none at all: nothing says it exists.
    expect(problems[0]?.message.replace(farBuilding.id, "ID")).toBe(
      problems[1]?.message.replace(missing, "ID"),
    );
    const [dwellingsAfter] = await t.database.db.select({ n: count() }).from(dwellings);
    expect(dwellingsAfter?.n).toBe(dwellingsBefore?.n);
    expect(await registerCount()).toBe(before);
  });

  it("analyses the tables an import wrote, after the commit, once it took enough rows", async () => {
    const actor: Actor = {
      userId: (await buildUser(t.database, [])).id,
      username: "clerk",
      displayName: "clerk",
      organisationId: null,
      bindings: [
        {
          role: "grid_worker",
          scopePath: await pathOf(near.village),
          scopeRegionCode: near.village,
          scopeDepartmentId: null,
        },
      ],
    };
    const rows = Array.from({ length: 30 }, (_, i) => [
      `A${i}`,
      "院落",
      `院落${i}`,
      near.village,
      "东屋、西屋",
    ]);
    const file = path.join(os.tmpdir(), `mg-analyze-${randomBytes(4).toString("hex")}.xlsx`);
    await fs.promises.writeFile(
      file,
      await workbook({ 楼栋: [["编号", "类型", "名称", "区划代码", "单元"], ...rows] }),
    );
    const estimate = async (table: string) => {
      const res = await t.database.db.execute(
        sql`select reltuples::int as n from pg_class where relname = ${table}`,
      );
      return (res as unknown as { rows: { n: number }[] }).rows[0]?.n;
    };
    try {
      const keys = personalDataKeysFromEnv({});
      await importRegister(t.database.db, actor, keys, file, {
        lang: "zh",
        maxRows: 100,
        analyzeAfterRows: 10,
      });
      const [b] = await t.database.db.select({ n: count() }).from(buildings);
      const [u] = await t.database.db.select({ n: count() }).from(buildingUnits);
      expect(await estimate("buildings")).toBe(b?.n);
      expect(await estimate("building_units")).toBe(u?.n);
    } finally {
      await fs.promises.rm(file, { force: true });
    }
  });
});

describe("malformed files", () => {
  it("answers 400 bad_file for bytes that are not a workbook, and for a cut-off workbook", async () => {
    const junk = await upload("worker", Buffer.from("name,id\n张三,1\n"));
    expect(junk.statusCode).toBe(400);
    expect(junk.json().error.code).toBe("bad_file");
    const whole = (await download("worker", "/register/template")).rawPayload;
    const cut = await upload("worker", whole.subarray(0, Math.floor(whole.length / 2)));
    expect(cut.statusCode, cut.body).toBe(400);
    expect(["bad_file", "import_rejected"]).toContain(cut.json().error.code);
  });

  it("names a sheet that is not the template's and a sheet without the template's columns", async () => {
    const res = await upload("worker", await workbook({ Sheet1: [["a", "b"]], 楼栋: [["名字", "地址"]] }));
    expect(res.statusCode).toBe(400);
    const reasons = (
      res.json().error.details.problems as { sheet: string | null; column: string | null; reason: string }[]
    ).map((p) => `${p.column}:${p.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining(["Sheet1:unknown_sheet", "名字:unknown_column", "编号:missing_column"]),
    );
  });

  it("applies the API's text length limits, naming sheet, row and column", async () => {
    const before = await registerCount();
    const res = await upload(
      "worker",
      await workbook({
        楼栋: [
          ["编号", "类型", "名称", "区划代码", "单元"],
          ["B1", "楼栋", "楼".repeat(101), near.village, `1单元、${"单".repeat(41)}`],
        ],
        人员: [
          ["姓名", "区划代码", "户籍地", "工作单位"],
          ["张三", near.village, "河".repeat(32_000), "厂".repeat(200)],
        ],
      }),
    );
    expect(res.statusCode, res.body).toBe(400);
    const problems = res.json().error.details.problems as {
      sheet: string;
      row: number;
      column: string;
      reason: string;
      message: string;
    }[];
    expect(problems.map((p) => `${p.sheet}:${p.row}:${p.column}:${p.reason}:${p.message}`)).toEqual([
      "楼栋:2:名称:too_long:最多 100 个字符",
      "楼栋:2:单元:too_long:最多 40 个字符",
      "人员:2:户籍地:too_long:最多 200 个字符",
    ]);
    expect(await registerCount()).toBe(before);
  });

  it("checks the whole file before opening the write transaction, which opens only for a good file", async () => {
    const db = t.database.db;
    const original = db.transaction.bind(db);
    let opened = 0;
    db.transaction = ((...args: Parameters<typeof original>) => {
      opened += 1;
      return original(...args);
    }) as typeof db.transaction;
    try {
      const rows = Array.from({ length: 550 }, (_, i) => [`事务${i}`, near.village]);
      const bad = await upload(
        "worker",
        await workbook({ 人员: [["姓名", "区划代码"], ...rows, ["错行", "999999999999"]] }),
      );
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.json().error.code).toBe("import_rejected");
      expect(opened).toBe(0);
      const good = await upload("worker", await workbook({ 人员: [["姓名", "区划代码"], ...rows] }));
      expect(good.statusCode, good.body).toBe(200);
      expect(good.json().persons).toBe(550);
      expect(opened).toBe(1);
    } finally {
      db.transaction = original;
      await t.database.db.execute(
        sql`delete from person_events where person_id in (select id from persons where name like '事务%')`,
      );
      await t.database.db.execute(sql`delete from persons where name like '事务%'`);
    }
  });

  it("refuses a file over the row limit as a whole, with nothing written", async () => {
    const before = await registerCount();
    const rows = Array.from({ length: MAX_ROWS + 1 }, (_, i) => [`人${i}`, near.village]);
    const res = await upload("worker", await workbook({ 人员: [["姓名", "区划代码"], ...rows] }));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe("too_many_rows");
    expect(res.json().error.message).toContain(String(MAX_ROWS));
    expect(await registerCount()).toBe(before);
  });

  it("refuses shared strings that inflate past 16 MB, also when the zip declares them smaller", async () => {
    const before = await registerCount();
    const small = await workbook({
      人员: [
        ["姓名", "区划代码"],
        ["张三", near.village],
      ],
    });
    const zip = await JSZip.loadAsync(small);
    const many = "<si><t>张三张三张三张三</t></si>".repeat(600_000); // about 19 MB
    zip.file(
      "xl/sharedStrings.xml",
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${many}</sst>`,
    );
    const bomb = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    expect(bomb.length).toBeLessThan(MAX_BYTES);
    const honest = await upload("worker", bomb, "en");
    expect(honest.statusCode, honest.body).toBe(400);
    expect(honest.json().error.code).toBe("workbook_too_large");
    expect(honest.json().error.message).toContain("16 MB");
    // The same zip claiming 100 bytes in its directories: caught while inflating.
    const liar = Buffer.from(bomb);
    const name = Buffer.from("xl/sharedStrings.xml");
    for (const [sig, sizeAt, nameAt] of [
      [0x02014b50, 24, 46],
      [0x04034b50, 22, 30],
    ] as const) {
      for (let p = 0; p + nameAt + name.length <= liar.length; p += 1) {
        if (liar.readUInt32LE(p) === sig && liar.subarray(p + nameAt, p + nameAt + name.length).equals(name))
          liar.writeUInt32LE(100, p + sizeAt);
      }
    }
    const lying = await upload("worker", liar);
    expect(lying.statusCode, lying.body).toBe(400);
    expect(lying.json().error.code).toBe("workbook_too_large");
    expect(lying.json().error.message).toContain("xl/sharedStrings.xml");
    expect(await registerCount()).toBe(before);
  });

  it("answers 413 above the size limit, 415 without multipart, 400 without the file field", async () => {
    const big = await upload("worker", randomBytes(MAX_BYTES + 10_000));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe("payload_too_large");
    const json = await t.app.inject({
      method: "POST",
      url: api("/register/import"),
      headers: h.worker,
      payload: {},
    });
    expect(json.statusCode).toBe(415);
    const other = multipart(Buffer.from("x"), "photo");
    const wrongField = await t.app.inject({
      method: "POST",
      url: api("/register/import"),
      headers: { ...h.worker, "content-type": other.contentType },
      payload: other.payload,
    });
    expect(wrongField.statusCode).toBe(400);
    // Two files (each small): 400 with a message about one file, not 413.
    const small = await workbook({ 人员: [["姓名", "区划代码"]] });
    const boundary = `----mg${randomBytes(8).toString("hex")}`;
    const part = (b: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.xlsx"\r\n` +
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n",
        ),
        b,
        Buffer.from("\r\n"),
      ]);
    const two = await t.app.inject({
      method: "POST",
      url: api("/register/import"),
      headers: { ...h.worker, "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([part(small), part(small), Buffer.from(`--${boundary}--\r\n`)]),
    });
    expect(two.statusCode, two.body).toBe(400);
    expect(two.json().error.code).toBe("too_many_files");
    expect(two.json().error.message).toContain("一个工作簿");
  });
});

describe("rentals sheet", () => {
  it("exports the rentals with their tenants on 出租屋, masked, and an import passes over it", async () => {
    await emptyRegister();
    await buildWorld();
    const db = t.database.db;
    const idOf = async (name: string) => {
      const [row] = await db.select({ id: persons.id }).from(persons).where(eq(persons.name, name));
      if (!row) throw new Error(name);
      return row.id;
    };
    const [room] = await db.select({ id: dwellings.id }).from(dwellings).limit(1);
    const rental = await createOk("/rentals", {
      dwellingId: room?.id,
      landlordPersonId: await idOf("周建华"),
      startsOn: "2026-01-01",
    });
    await createOk(`/rentals/${rental}/tenants`, { personId: await idOf("吴丽"), movedInOn: "2026-01-05" });
    await createOk(`/rentals/${rental}/tenants`, {
      personId: await idOf("Anna Smith"),
      movedInOn: "2026-02-01",
    });

    const res = await download("assistant", "/register/export");
    expect(res.statusCode).toBe(200);
    const sheets = await sheetsOf(res.rawPayload);
    expect([...sheets.keys()]).toEqual(["填写说明", "楼栋", "房屋", "住户", "人员", "出租屋"]);
    const rows = records(sheets.get("出租屋"));
    expect(rows.map((r) => [r["房屋"], r["房东"], r["起租日期"], r["租客"], r["入住日期"]])).toEqual([
      ["7号楼2单元302", "周建华", "2026-01-01", "吴丽", "2026-01-05"],
      ["7号楼2单元302", "周建华", "2026-01-01", "Anna Smith", "2026-02-01"],
    ]);
    expect(rows[0]?.["房东手机号码"]).toBe("139****5678");
    expect(rows[0]?.["房东证件号码"]).toMatch(/^\d{4}\*+\w{4}$/);
    expect(rows[0]?.["租客证件号码"]).toMatch(/^\d{4}\*+\w{4}$/);
    const all = JSON.stringify(sheets.get("出租屋"));
    for (const plain of [ID_HEAD, ID_SPOUSE, PHONE_HEAD, "E12345678"]) expect(all).not.toContain(plain);
    // Another area's export: no rental of this one.
    const far = await sheetsOf((await download("farWorker", "/register/export")).rawPayload);
    expect(far.get("出租屋")).toHaveLength(1);

    // A full export with its rentals sheet imports back (the sheet is passed over).
    const full = await download("worker", "/register/export?full=true&reason=check");
    await emptyRegister();
    const imported = await upload("worker", full.rawPayload);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ buildings: 1, persons: 3 });
  });
});
