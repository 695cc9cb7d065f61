/**
 * Rental housing (出租屋) through the API, on PGlite: a rental registered on a dwelling of the
 * scope (the dwelling becomes rented), tenants moving in and out as dated history that is never
 * deleted, ending a rental (those still there move out that day), one open rental per dwelling,
 * bad days as 400 {error:{code,message}}, another county's rentals as 404, landlords and tenants
 * shown masked with key-population tags absent for a role that may not see them, each move in and
 * out on the tenant's history, the dwelling's use set back when a rental ends. The route ×
 * role matrix is in test/access/people-matrix.test.ts.
 */
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, regions } from "../../db/schema.js";
import { residentIdCheckChar } from "../../core/personal-data/id-number.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { chinaToday } from "../../shared/contracts/days.js";
import { dwellings, persons, rentalTenants } from "./schema.js";

let t: TestApp;
const headers: Record<string, Record<string, string>> = {};
const near = { village: "" };
const far = { village: "" };

function residentId(birth: string, serial: string): string {
  const first17 = `131002${birth}${serial}`;
  return first17 + residentIdCheckChar(first17);
}
const ID_LANDLORD = residentId("19660812", "317");
const PHONE_LANDLORD = "13911112222";

async function firstVillage(county: string): Promise<string> {
  const [row] = await t.database.db
    .select({ code: regions.code })
    .from(regions)
    .where(
      and(
        sql`${regions.path} <@ (select path from regions where code = ${county})`,
        eq(regions.level, "village"),
      ),
    )
    .orderBy(regions.code)
    .limit(1);
  if (!row) throw new Error(`no village under ${county}`);
  return row.code;
}

async function call(who: string, method: "GET" | "POST", url: string, payload?: object) {
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: headers[who],
    ...(payload ? { payload } : {}),
  });
}
async function createOk(who: string, url: string, payload: object): Promise<string> {
  const res = await call(who, "POST", url, payload);
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}
function errorOf(res: { statusCode: number; json: () => unknown }) {
  return (res.json() as { error: { code: string; message: string } }).error;
}
/** The day `n` days from today in China. */
function dayFromToday(n: number): string {
  const d = new Date(`${chinaToday()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const w = { building: "", dwelling: "", dwelling2: "", landlord: "", tenantA: "", tenantB: "", far: "" };

beforeAll(async () => {
  t = await buildTestApp();
  near.village = await firstVillage("131002");
  far.village = await firstVillage("131003");
  for (const [who, role, region] of [
    ["worker", "grid_worker", near.village],
    ["assistant", "grid_assistant", near.village],
    ["farWorker", "grid_worker", far.village],
  ] as const) {
    headers[who] = await sessionHeaders(t.database, await buildUser(t.database, [{ role, region }]));
  }
  w.building = await createOk("worker", "/buildings", {
    kind: "building",
    name: "租赁楼",
    regionCode: near.village,
    units: ["1单元"],
  });
  w.dwelling = await createOk("worker", "/dwellings", { buildingId: w.building, room: "201", use: "vacant" });
  w.dwelling2 = await createOk("worker", "/dwellings", {
    buildingId: w.building,
    room: "202",
    use: "vacant",
  });
  w.landlord = await createOk("worker", "/persons", {
    name: "房东甲",
    idNumber: ID_LANDLORD,
    phone: PHONE_LANDLORD,
    regionCode: near.village,
  });
  await createOk("worker", `/persons/${w.landlord}/population-tags`, {
    typeCode: "community_correction",
    since: "2025-01-01",
  });
  w.tenantA = await createOk("worker", "/persons", { name: "租客甲", regionCode: near.village });
  w.tenantB = await createOk("worker", "/persons", { name: "租客乙", regionCode: near.village });
  w.far = await createOk("farWorker", "/persons", { name: "外县人", regionCode: far.village });
}, 120_000);
afterAll(async () => t?.close());

describe("rentals", () => {
  let rental = "";
  let tenantA = "";

  it("registers a rental on a dwelling of the scope, and the dwelling becomes rented", async () => {
    rental = await createOk("worker", "/rentals", {
      dwellingId: w.dwelling,
      landlordPersonId: w.landlord,
      startsOn: "2026-03-01",
    });
    const dwelling = await call("worker", "GET", `/dwellings/${w.dwelling}`);
    expect(dwelling.json()).toMatchObject({ use: "rented", version: 1 });
    const one = await call("worker", "GET", `/rentals/${rental}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({
      dwelling: { id: w.dwelling, label: "租赁楼201" },
      landlord: { id: w.landlord, name: "房东甲" },
      startsOn: "2026-03-01",
      endsOn: null,
      tenants: [],
    });
    const [audit] = await t.database.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, "rental.create"), eq(auditLog.entityId, rental)));
    expect(audit?.n).toBe(1);
  });

  it("refuses a second open rental of the same dwelling (409 rental_open)", async () => {
    const res = await call("worker", "POST", "/rentals", {
      dwellingId: w.dwelling,
      landlordPersonId: w.landlord,
      startsOn: "2026-04-01",
    });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: "rental_open", message: expect.any(String) });
  });

  it("records move-ins, refusing bad days with 400 and the field", async () => {
    tenantA = await createOk("worker", `/rentals/${rental}/tenants`, {
      personId: w.tenantA,
      movedInOn: "2026-03-05",
    });
    await createOk("worker", `/rentals/${rental}/tenants`, {
      personId: w.tenantB,
      movedInOn: "2026-04-10",
    });
    const bad: [object, string][] = [
      [{ personId: w.tenantA, movedInOn: "2026-05-01" }, "personId"], // lives there already
      [{ personId: w.landlord, movedInOn: "2026-02-28" }, "movedInOn"], // before the rental
      [{ personId: w.landlord, movedInOn: dayFromToday(2) }, "movedInOn"], // the future
    ];
    for (const [payload, field] of bad) {
      const res = await call("worker", "POST", `/rentals/${rental}/tenants`, payload);
      expect(res.statusCode, res.body).toBe(400);
      const error = errorOf(res) as { code: string; message: string; details?: { field: string }[] };
      expect(error.code).toBe("validation_failed");
      expect(error.message).toEqual(expect.any(String));
      expect(error.details?.[0]?.field).toBe(field);
    }
    const malformed = await call("worker", "POST", `/rentals/${rental}/tenants`, {
      personId: w.tenantA,
      movedInOn: "2026-13-45",
    });
    expect(malformed.statusCode).toBe(400);
    expect(errorOf(malformed).code).toBe("validation_failed");
  });

  it("records a move-out as a date on the tenant (never a delete), not before the move-in or in the future", async () => {
    const before = await call("worker", "POST", `/rentals/${rental}/tenants/${tenantA}/move-out`, {
      movedOutOn: "2026-03-04",
    });
    expect(before.statusCode).toBe(400);
    expect(errorOf(before).code).toBe("validation_failed");
    const future = await call("worker", "POST", `/rentals/${rental}/tenants/${tenantA}/move-out`, {
      movedOutOn: dayFromToday(1),
    });
    expect(future.statusCode).toBe(400);
    const today = await call("worker", "POST", `/rentals/${rental}/tenants/${tenantA}/move-out`, {
      movedOutOn: chinaToday(new Date(Date.now() - 5 * 60_000)),
    });
    expect(today.statusCode, today.body).toBe(200);
    const again = await call("worker", "POST", `/rentals/${rental}/tenants/${tenantA}/move-out`, {
      movedOutOn: "2026-06-01",
    });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe("already_moved_out");
    const view = (await call("worker", "GET", `/rentals/${rental}`)).json() as {
      tenants: { id: string; person: { name: string } | null; movedOutOn: string | null }[];
    };
    // Those living there first, then those gone: both kept.
    expect(view.tenants.map((x) => [x.person?.name, x.movedOutOn === null])).toEqual([
      ["租客乙", true],
      ["租客甲", false],
    ]);
    // Moving back in later is a new row: the old stay stays as it was.
    await createOk("worker", `/rentals/${rental}/tenants`, { personId: w.tenantA, movedInOn: chinaToday() });
    const [rows] = await t.database.db
      .select({ n: count() })
      .from(rentalTenants)
      .where(eq(rentalTenants.personId, w.tenantA));
    expect(rows?.n).toBe(2);
  });

  it("hides another county's rentals (404) and refuses their persons as landlord or tenant", async () => {
    for (const url of [`/rentals/${rental}`]) {
      const res = await call("farWorker", "GET", url);
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).code).toBe("not_found");
    }
    const list = await call("farWorker", "GET", "/rentals");
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(rental);
    const moveIn = await call("farWorker", "POST", `/rentals/${rental}/tenants`, {
      personId: w.far,
      movedInOn: "2026-05-01",
    });
    expect(moveIn.statusCode).toBe(404);
    const end = await call("farWorker", "POST", `/rentals/${rental}/end`, { endsOn: "2026-05-01" });
    expect(end.statusCode).toBe(404);
    const farTenant = await call("worker", "POST", `/rentals/${rental}/tenants`, {
      personId: w.far,
      movedInOn: "2026-05-01",
    });
    expect(farTenant.statusCode).toBe(404);
    const farLandlord = await call("worker", "POST", "/rentals", {
      dwellingId: w.dwelling2,
      landlordPersonId: w.far,
      startsOn: "2026-05-01",
    });
    expect(farLandlord.statusCode).toBe(404);
    const farDwelling = await call("farWorker", "POST", "/rentals", {
      dwellingId: w.dwelling2,
      landlordPersonId: w.far,
      startsOn: "2026-05-01",
    });
    expect(farDwelling.statusCode).toBe(404);
  });

  it("shows landlord and tenants masked, the key-population tag only to a role that may see it", async () => {
    const worker = await call("worker", "GET", `/rentals?dwelling=${w.dwelling}`);
    expect(worker.body).not.toContain(ID_LANDLORD);
    expect(worker.body).not.toContain(PHONE_LANDLORD);
    expect(worker.body).toContain(`${ID_LANDLORD.slice(0, 4)}**********${ID_LANDLORD.slice(-4)}`);
    expect(worker.body).toContain("139****2222");
    expect(worker.body).toContain("community_correction");
    const assistant = await call("assistant", "GET", `/rentals?dwelling=${w.dwelling}`);
    expect(assistant.statusCode).toBe(200);
    expect(assistant.body).toContain("房东甲");
    expect(assistant.body).not.toContain("community_correction");
    expect(assistant.body).not.toContain("社区矫正");
  });

  it("ends a rental: those still living there move out that day; then the dwelling may be let again", async () => {
    const early = await call("worker", "POST", `/rentals/${rental}/end`, { endsOn: "2026-04-01" });
    expect(early.statusCode).toBe(400); // 租客乙 moved in on 04-10
    expect(errorOf(early).code).toBe("validation_failed");
    const ended = await call("worker", "POST", `/rentals/${rental}/end`, { endsOn: chinaToday() });
    expect(ended.statusCode, ended.body).toBe(200);
    const view = ended.json() as { endsOn: string; tenants: { movedOutOn: string | null }[] };
    expect(view.endsOn).toBe(chinaToday());
    expect(view.tenants).toHaveLength(3);
    expect(view.tenants.every((x) => x.movedOutOn !== null)).toBe(true);
    const moveIn = await call("worker", "POST", `/rentals/${rental}/tenants`, {
      personId: w.tenantB,
      movedInOn: chinaToday(),
    });
    expect(moveIn.statusCode).toBe(409);
    expect(errorOf(moveIn).code).toBe("rental_ended");
    const twice = await call("worker", "POST", `/rentals/${rental}/end`, { endsOn: chinaToday() });
    expect(twice.statusCode).toBe(409);
    const current = await call("worker", "GET", `/rentals?dwelling=${w.dwelling}&current=true`);
    expect((current.json() as { total: number }).total).toBe(0);
    const ended2 = await call("worker", "GET", `/rentals?dwelling=${w.dwelling}&current=false`);
    expect((ended2.json() as { total: number }).total).toBe(1);
    await createOk("worker", "/rentals", {
      dwellingId: w.dwelling,
      landlordPersonId: w.landlord,
      startsOn: chinaToday(),
    });
    const all = await call("worker", "GET", `/rentals?dwelling=${w.dwelling}`);
    const items = (all.json() as { items: { endsOn: string | null }[] }).items;
    // The open rental first, the ended one kept below it.
    expect(items.map((r) => r.endsOn === null)).toEqual([true, false]);
  });

  it("keeps each move into and out of a rental on the tenant's history", async () => {
    const historyOf = async (id: string) => {
      const res = await call("worker", "GET", `/persons/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { history: { kind: string; detail: { rentalId?: string; on?: string } }[] })
        .history;
    };
    // 租客甲: in, out by hand, in again, out when the rental ended (newest first).
    const a = (await historyOf(w.tenantA)).filter((h) => h.kind.startsWith("rented_"));
    expect(a.map((h) => h.kind)).toEqual(["rented_out", "rented_in", "rented_out", "rented_in"]);
    expect(a.every((h) => h.detail.rentalId === rental)).toBe(true);
    expect(a.at(-1)?.detail.on).toBe("2026-03-05");
    // 租客乙: in, then out the day the rental ended.
    const b = (await historyOf(w.tenantB)).filter((h) => h.kind.startsWith("rented_"));
    expect(b.map((h) => [h.kind, h.detail.on])).toEqual([
      ["rented_out", chinaToday()],
      ["rented_in", "2026-04-10"],
    ]);
  });

  it("sets the dwelling's use back when a rental ends: vacant, or owner-occupied when the landlord lives there", async () => {
    const vacant = await createOk("worker", "/dwellings", {
      buildingId: w.building,
      room: "301",
      use: "vacant",
    });
    const home = await createOk("worker", "/dwellings", {
      buildingId: w.building,
      room: "302",
      use: "owner_occupied",
    });
    const household = await createOk("worker", "/households", { dwellingId: home, type: "registered" });
    const owner = await createOk("worker", "/persons", { name: "房东乙", regionCode: near.village });
    const joined = await call("worker", "POST", `/households/${household}/members`, {
      personId: owner,
      relation: "head",
      joinedOn: "2020-01-01",
    });
    expect(joined.statusCode, joined.body).toBeLessThan(300);
    const useOf = async (id: string) =>
      ((await call("worker", "GET", `/dwellings/${id}`)).json() as { use: string }).use;
    for (const [dwelling, landlord, after] of [
      [vacant, w.landlord, "vacant"],
      [home, owner, "owner_occupied"],
    ] as const) {
      const id = await createOk("worker", "/rentals", {
        dwellingId: dwelling,
        landlordPersonId: landlord,
        startsOn: "2026-05-01",
      });
      expect(await useOf(dwelling)).toBe("rented");
      const ended = await call("worker", "POST", `/rentals/${id}/end`, { endsOn: chinaToday() });
      expect(ended.statusCode, ended.body).toBe(200);
      expect(await useOf(dwelling)).toBe(after);
    }
  });

  it("holds one open rental per dwelling when two registrations race", async () => {
    const body = { dwellingId: w.dwelling2, landlordPersonId: w.landlord, startsOn: "2026-05-01" };
    const answers = await Promise.all([
      call("worker", "POST", "/rentals", body),
      call("worker", "POST", "/rentals", body),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const [d] = await t.database.db.select().from(dwellings).where(eq(dwellings.id, w.dwelling2));
    expect(d?.use).toBe("rented");
  });

  it("lists the households of a dwelling, and 404 for one of another county", async () => {
    const household = await createOk("worker", "/households", { dwellingId: w.dwelling2, type: "floating" });
    await createOk("worker", "/persons", {
      name: "住户甲",
      householdId: household,
      relation: "head",
    });
    const res = await call("worker", "GET", `/households?dwelling=${w.dwelling2}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: { id: string; members: { person: { name: string } }[] }[] }).items;
    expect(items.map((h) => [h.id, h.members.map((m) => m.person.name)])).toEqual([[household, ["住户甲"]]]);
    const far = await call("farWorker", "GET", `/households?dwelling=${w.dwelling2}`);
    expect(far.statusCode).toBe(404);
    const bad = await call("worker", "GET", "/households?dwelling=not-a-uuid");
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).code).toBe("validation_failed");
  });
});

describe("move-in by name and numbers (the phone's form)", () => {
  const ID_NEW = residentId("19920304", "528");
  const ID_FAR = residentId("19850607", "419");
  let rental = "";

  beforeAll(async () => {
    const dwelling = await createOk("worker", "/dwellings", {
      buildingId: w.building,
      room: "301",
      use: "rented",
    });
    rental = await createOk("worker", "/rentals", {
      dwellingId: dwelling,
      landlordPersonId: w.landlord,
      startsOn: "2026-01-01",
    });
    await createOk("farWorker", "/persons", { name: "外县租客", idNumber: ID_FAR, regionCode: far.village });
  });

  const tenantsOf = async () =>
    (
      (await call("worker", "GET", `/rentals/${rental}`)).json() as {
        tenants: {
          person: { id: string; name: string; idNumber: string | null; phone: string | null } | null;
        }[];
      }
    ).tenants;

  it("registers a new person at the rental's place and moves them in, numbers masked in the answer", async () => {
    await createOk("worker", `/rentals/${rental}/tenants`, {
      person: { name: "新租客", idNumber: ID_NEW, phone: "13700001111" },
      movedInOn: "2026-02-01",
    });
    const [tenant] = await tenantsOf();
    expect(tenant?.person).toMatchObject({ name: "新租客", phone: "137****1111" });
    expect(tenant?.person?.idNumber).not.toContain(ID_NEW.slice(6, 14));
    const [p] = await t.database.db
      .select({ regionCode: persons.regionCode })
      .from(persons)
      .where(eq(persons.id, tenant?.person?.id ?? ""));
    expect(p?.regionCode).toBe(near.village);
  });

  it("takes the registered person of a document number in the area instead of a second record", async () => {
    const [before] = await t.database.db.select({ n: count() }).from(persons);
    await createOk("worker", `/rentals/${rental}/tenants`, {
      person: { name: "房东甲", idNumber: ID_LANDLORD },
      movedInOn: "2026-02-02",
    });
    const [after] = await t.database.db.select({ n: count() }).from(persons);
    expect(after?.n).toBe(before?.n);
    expect((await tenantsOf()).map((x) => x.person?.id)).toContain(w.landlord);
  });

  it("refuses a number registered in another county (409), a card without numbers and both forms (400)", async () => {
    const far = await call("worker", "POST", `/rentals/${rental}/tenants`, {
      person: { name: "外县租客", idNumber: ID_FAR },
      movedInOn: "2026-02-03",
    });
    expect(far.statusCode, far.body).toBe(409);
    expect(errorOf(far).code).toBe("person_exists");
    for (const payload of [
      { person: { name: "无号码" }, movedInOn: "2026-02-03" },
      { person: { name: "两种", phone: "13700002222" }, personId: w.tenantA, movedInOn: "2026-02-03" },
      { movedInOn: "2026-02-03" },
    ]) {
      const res = await call("worker", "POST", `/rentals/${rental}/tenants`, payload);
      expect(res.statusCode, res.body).toBe(400);
      expect(errorOf(res).code).toBe("validation_failed");
    }
    const [left] = await t.database.db.select({ n: count() }).from(persons).where(eq(persons.name, "无号码"));
    expect(left?.n).toBe(0);
  });

  it("takes the person of the area with the same name and phone when only a phone is given (no second record)", async () => {
    const card = { name: "只留电话", phone: "13700005555" };
    await createOk("worker", `/rentals/${rental}/tenants`, { person: card, movedInOn: "2026-02-05" });
    const [before] = await t.database.db.select({ n: count() }).from(persons);
    // Moving in again is refused as "already lives here", and no second person is written.
    const again = await call("worker", "POST", `/rentals/${rental}/tenants`, {
      person: card,
      movedInOn: "2026-02-06",
    });
    expect(again.statusCode, again.body).toBe(400);
    const [after] = await t.database.db.select({ n: count() }).from(persons);
    expect(after?.n).toBe(before?.n);
  });

  it("refuses a registered number under another name (409 person_name_mismatch): a typo must not move a stranger in", async () => {
    const res = await call("worker", "POST", `/rentals/${rental}/tenants`, {
      person: { name: "张三", idNumber: ID_LANDLORD },
      movedInOn: "2026-02-03",
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(errorOf(res).code).toBe("person_name_mismatch");
    expect(res.body).not.toContain("房东甲");
  });

  it("takes one Idempotency-Key for one rental: the same key and body sent to another rental is 409, not a replay", async () => {
    const second = await createOk("worker", "/rentals", {
      dwellingId: await createOk("worker", "/dwellings", {
        buildingId: w.building,
        room: "302",
        use: "rented",
      }),
      landlordPersonId: w.landlord,
      startsOn: "2026-01-01",
    });
    const body = { person: { name: "同键租客", phone: "13700004444" }, movedInOn: "2026-02-04" };
    const send = (to: string) =>
      t.app.inject({
        method: "POST",
        url: `/api/v1/rentals/${to}/tenants`,
        headers: { ...headers.worker, "idempotency-key": "tenant-key-1" },
        payload: body,
      });
    expect((await send(rental)).statusCode).toBe(201);
    const replay = await send(rental);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    const elsewhere = await send(second);
    expect(elsewhere.statusCode, elsewhere.body).toBe(409);
    expect(errorOf(elsewhere).code).toBe("idempotency_mismatch");
  });

  it("writes no person when the move-in is refused (a day before the rental)", async () => {
    const res = await call("worker", "POST", `/rentals/${rental}/tenants`, {
      person: { name: "太早的租客", phone: "13700003333" },
      movedInOn: "2025-12-01",
    });
    expect(res.statusCode).toBe(400);
    const [n] = await t.database.db
      .select({ n: count() })
      .from(persons)
      .where(eq(persons.name, "太早的租客"));
    expect(n?.n).toBe(0);
  });
});
