/**
 * The register of people and places through the API, on PGlite: the resident ID check digit,
 * numbers encrypted at rest and found through the blind index, masks and logged reveals,
 * key-population tags absent for roles that may not see them (lists, counts, filters, history),
 * scope (another county's records are 404), moves kept as history. The authorization matrix of
 * every route × role × scope is test/access/people-matrix.test.ts.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personalDataReads, regions, ROLES, type Role } from "../../db/schema.js";
import { residentIdCheckChar } from "../../core/personal-data/id-number.js";
import {
  buildTestApp,
  buildUser,
  sessionHeaders,
  type BindingSpec,
  type TestApp,
} from "../../../test/helpers/app.js";
import { householdMembers, persons } from "./schema.js";

let t: TestApp;
const near = { county: "131002", township: "", village: "" };
const far = { county: "131003", township: "", village: "" };
const headers = {} as Record<string, Record<string, string>>;

/** A valid 18-digit resident ID for a birth date and a serial (odd: male). */
function residentId(region: string, birth: string, serial: string): string {
  const first17 = `${region}${birth}${serial}`;
  return first17 + residentIdCheckChar(first17);
}
const ID_A = residentId("131002", "19800315", "123");
const PHONE_A = "13812345678";

function binding(role: Role, side: "in" | "out"): BindingSpec {
  const w = side === "in" ? near : far;
  switch (role) {
    case "grid_worker":
    case "grid_assistant":
    case "village_staff":
      return { role, region: w.village };
    case "township_dispatcher":
      return { role, region: w.township };
    case "resident":
    case "partner":
      return { role, region: "1310" };
    default:
      return { role, region: w.county };
  }
}

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
async function call(
  who: string | null,
  method: string,
  url: string,
  payload?: unknown,
  extraHeaders: Record<string, string> = {},
) {
  return t.app.inject({
    method: method as "GET",
    url: api(url),
    headers: { ...(who ? headers[who] : {}), ...extraHeaders },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function createOk(who: string, url: string, payload: unknown): Promise<string> {
  const res = await call(who, "POST", url, payload);
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

/** The world: a building with a dwelling and a household of two in the near village, one in the far county. */
const w = {
  address: "",
  building: "",
  dwelling: "",
  household: "",
  head: "",
  spouse: "",
  farPerson: "",
  farHousehold: "",
  tagCare: "",
  tagKey: "",
};

beforeAll(async () => {
  t = await buildTestApp();
  near.township = await firstChild(near.county, "township");
  near.village = await firstChild(near.township, "village");
  far.township = await firstChild(far.county, "township");
  far.village = await firstChild(far.township, "village");
  for (const role of ROLES) {
    for (const side of ["in", "out"] as const) {
      const user = await buildUser(t.database, [binding(role, side)]);
      headers[`${role}:${side}`] = await sessionHeaders(t.database, user);
    }
  }
  const gw = "grid_worker:in";
  w.address = await createOk(gw, "/addresses", {
    road: "新华路",
    houseNumber: "12号",
    building: "3号楼",
    regionCode: near.village,
  });
  w.building = await createOk(gw, "/buildings", {
    kind: "building",
    name: "3号楼",
    addressId: w.address,
    floors: 6,
    regionCode: near.village,
    units: ["1单元", "2单元"],
  });
  const building = (await call(gw, "GET", `/buildings/${w.building}`)).json() as { units: { id: string }[] };
  w.dwelling = await createOk(gw, "/dwellings", {
    buildingId: w.building,
    unitId: building.units[0]?.id,
    floor: 5,
    room: "501",
    use: "owner_occupied",
  });
  w.household = await createOk(gw, "/households", { dwellingId: w.dwelling, type: "registered" });
  w.head = await createOk(gw, "/persons", {
    name: "王建国",
    idNumber: ID_A,
    phone: PHONE_A,
    householdId: w.household,
    relation: "head",
    workplace: "廊坊市第一中学",
  });
  w.spouse = await createOk(gw, "/persons", {
    name: "李秀英",
    idNumber: residentId("131002", "19820708", "246"),
    householdId: w.household,
    relation: "spouse",
  });
  w.tagCare = await createOk(gw, `/persons/${w.head}/population-tags`, {
    typeCode: "elderly_alone",
    since: "2026-01-01",
  });
  w.tagKey = await createOk(gw, `/persons/${w.head}/population-tags`, {
    typeCode: "community_correction",
    since: "2026-02-01",
  });
  // The far county's own register.
  const fb = await createOk("grid_worker:out", "/buildings", {
    kind: "courtyard",
    name: "东王庄院落",
    regionCode: far.village,
  });
  const fd = await createOk("grid_worker:out", "/dwellings", {
    buildingId: fb,
    room: "正房",
    use: "owner_occupied",
  });
  w.farHousehold = await createOk("grid_worker:out", "/households", { dwellingId: fd, type: "registered" });
  w.farPerson = await createOk("grid_worker:out", "/persons", {
    name: "赵远方",
    idNumber: residentId("131003", "19700101", "111"),
    householdId: w.farHousehold,
    relation: "head",
  });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("resident ID numbers", () => {
  it("refuses a wrong check digit with 400 invalid_id_number and names the field", async () => {
    const wrong = ID_A.slice(0, 17) + (ID_A[17] === "1" ? "2" : "1");
    const res = await call("grid_worker:in", "POST", "/persons", {
      name: "错号",
      idNumber: wrong,
      regionCode: near.village,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("invalid_id_number");
    expect(res.json().error.details[0].field).toBe("idNumber");
    expect(res.body).not.toContain(wrong);
  });

  it("refuses a birth date in year 0000 with 400 naming the field (the database would have answered 500)", async () => {
    const res = await call("grid_worker:in", "POST", "/persons", {
      name: "零年生",
      birthDate: "0000-01-01",
      regionCode: near.village,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details[0].field).toBe("body.birthDate");
  });

  it("takes other document types without the check, and derives sex and birth date from a resident ID", async () => {
    const id = await createOk("grid_worker:in", "/persons", {
      name: "John Smith",
      idDocumentType: "passport",
      idNumber: "E12345678",
      regionCode: near.village,
    });
    const p = (await call("grid_worker:in", "GET", `/persons/${id}`)).json();
    expect(p.idDocumentType).toBe("passport");
    expect(p.idNumber).toBe("E*******8");
    const head = (await call("grid_worker:in", "GET", `/persons/${w.head}`)).json();
    expect(head.birthDate).toBe("1980-03-15");
    expect(head.sex).toBe("male"); // the 17th digit (3) is odd
  });

  it("keeps one record per person: the same number again is 409 person_exists", async () => {
    const res = await call("grid_worker:in", "POST", "/persons", {
      name: "王建国",
      idNumber: ID_A.toLowerCase(),
      regionCode: near.village,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("person_exists");
  });
});

describe("numbers at rest", () => {
  it("stores ciphertext, a blind index and the mask, never the plaintext", async () => {
    const [row] = await t.database.db.select().from(persons).where(eq(persons.id, w.head));
    expect(row?.idNumberCipher).toMatch(/^v2\.[0-9a-f]{8}\./);
    expect(JSON.stringify(row)).not.toContain(ID_A);
    expect(JSON.stringify(row)).not.toContain(PHONE_A);
    expect(row?.idNumberMasked).toBe(`${ID_A.slice(0, 4)}**********${ID_A.slice(-4)}`);
    expect(row?.phoneMasked).toBe("138****5678");
    // Nowhere in the database either (audit log, events).
    const dump = await t.database.db.execute(
      sql`select (select coalesce(string_agg(a::text, ''), '') from audit_log a) || (select coalesce(string_agg(e::text, ''), '') from person_events e) as all`,
    );
    expect(JSON.stringify(dump)).not.toContain(ID_A);
  });
});

describe("look-up through the blind index", () => {
  it("finds a person by exact ID or phone number in scope, logs the hit, answers masked", async () => {
    const before = await t.database.db
      .select()
      .from(personalDataReads)
      .where(eq(personalDataReads.personId, w.head));
    const res = await call("grid_assistant:in", "POST", "/persons/lookup", {
      idNumber: ` ${ID_A.toLowerCase()} `,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { id: string }) => p.id)).toEqual([w.head]);
    expect(res.body).not.toContain(ID_A);
    const byPhone = await call("grid_assistant:in", "POST", "/persons/lookup", {
      phone: "+86 138-1234-5678",
    });
    expect(byPhone.json().items.map((p: { id: string }) => p.id)).toEqual([w.head]);
    const after = await t.database.db
      .select()
      .from(personalDataReads)
      .where(eq(personalDataReads.personId, w.head));
    expect(after.length - before.length).toBe(2);
    expect(after.map((r) => r.fields)).toEqual(expect.arrayContaining(["id_number_lookup", "phone_lookup"]));
  });

  it("finds nothing out of scope, and nothing by a near miss", async () => {
    const res = await call("grid_worker:out", "POST", "/persons/lookup", { idNumber: ID_A });
    expect(res.json().items).toEqual([]);
    const miss = await call("grid_worker:in", "POST", "/persons/lookup", { phone: "13812345679" });
    expect(miss.json().items).toEqual([]);
    const both = await call("grid_worker:in", "POST", "/persons/lookup", { phone: PHONE_A, idNumber: ID_A });
    expect(both.statusCode).toBe(400);
  });
});

describe("masking and reveal", () => {
  it("masks the numbers for every role in lists, cards and households", async () => {
    for (const role of ["grid_worker", "grid_assistant", "village_staff", "admin"] as const) {
      for (const url of [`/persons/${w.head}`, `/persons?name=王建`, `/households/${w.household}`]) {
        const res = await call(`${role}:in`, "GET", url);
        expect(res.statusCode, `${role} ${url}`).toBe(200);
        expect(res.body).not.toContain(ID_A);
        expect(res.body).not.toContain(PHONE_A);
        expect(res.body).toContain("138****5678");
      }
    }
  });

  it("reveals in full to a role that may, with a reason, and logs the read", async () => {
    const res = await call("grid_worker:in", "POST", `/persons/${w.head}/reveal`, { reason: "入户核对身份" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ idNumber: ID_A, phone: PHONE_A });
    const reads = await t.database.db
      .select()
      .from(personalDataReads)
      .where(and(eq(personalDataReads.personId, w.head), eq(personalDataReads.reason, "入户核对身份")));
    expect(reads).toHaveLength(1);
    expect(reads[0]?.fields).toBe("id_number,phone");
  });

  it("files reveals and look-ups under the person in GET /personal-data-reads, for the admins of the area", async () => {
    const res = await call("admin:in", "GET", `/personal-data-reads?person=${w.head}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      case: unknown;
      person: { id: string; name: string };
      fields: string[];
      reason: string | null;
    }[];
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.every((r) => r.case === null && r.person.id === w.head && r.person.name === "王建国")).toBe(
      true,
    );
    expect(items.find((r) => r.reason === "入户核对身份")?.fields).toEqual(["id_number", "phone"]);
    expect(res.body).not.toContain(ID_A);
    expect(res.body).not.toContain(PHONE_A);
    const far = await call("admin:out", "GET", `/personal-data-reads?person=${w.head}`);
    expect(far.json().total).toBe(0);
    expect((await call("grid_worker:in", "GET", "/personal-data-reads")).statusCode).toBe(403);
  });

  it("refuses a reveal without a reason (400), to a grid assistant (403), out of scope (404)", async () => {
    expect((await call("grid_worker:in", "POST", `/persons/${w.head}/reveal`, {})).statusCode).toBe(400);
    expect(
      (await call("grid_assistant:in", "POST", `/persons/${w.head}/reveal`, { reason: "x" })).statusCode,
    ).toBe(403);
    expect(
      (await call("grid_worker:out", "POST", `/persons/${w.head}/reveal`, { reason: "x" })).statusCode,
    ).toBe(404);
  });
});

describe("key population tags", () => {
  const codes = (body: string) =>
    (JSON.parse(body) as { populationTags: { type: { code: string } }[] }).populationTags.map(
      (t) => t.type.code,
    );

  it("are absent, not masked, for a grid assistant: card, list, history and catalogue", async () => {
    const seen = await call("grid_worker:in", "GET", `/persons/${w.head}`);
    expect(codes(seen.body).sort()).toEqual(["community_correction", "elderly_alone"]);
    const card = await call("grid_assistant:in", "GET", `/persons/${w.head}`);
    expect(codes(card.body)).toEqual(["elderly_alone"]);
    expect(card.body).not.toContain("community_correction");
    expect(card.body).not.toContain("社区矫正");
    const list = await call("grid_assistant:in", "GET", "/persons?name=王建国");
    expect(list.body).not.toContain("community_correction");
    const catalogue = await call("grid_assistant:in", "GET", "/population-types");
    expect(catalogue.body).not.toContain("community_correction");
    expect(catalogue.body).toContain("elderly_alone");
    const household = await call("grid_assistant:in", "GET", `/households/${w.household}`);
    expect(household.body).not.toContain("community_correction");
  });

  it("cannot be inferred from a filter or a count", async () => {
    const worker = await call("grid_worker:in", "GET", "/persons?type=community_correction");
    expect(worker.json().total).toBe(1);
    const hidden = await call("grid_assistant:in", "GET", "/persons?type=community_correction");
    const none = await call("grid_assistant:in", "GET", "/persons?type=drug_user");
    const unknown = await call("grid_assistant:in", "GET", "/persons?type=no_such_type");
    expect(hidden.json()).toEqual(none.json());
    expect(hidden.json()).toEqual(unknown.json());
    expect(hidden.json().total).toBe(0);
  });

  it("can only be given by a role that sees the type; a risk level where the type needs one", async () => {
    const res = await call("grid_assistant:in", "POST", `/persons/${w.spouse}/population-tags`, {
      typeCode: "drug_user",
      since: "2026-03-01",
    });
    expect(res.statusCode).toBe(404);
    const noLevel = await call("grid_worker:in", "POST", `/persons/${w.spouse}/population-tags`, {
      typeCode: "severe_mental_disorder",
      since: "2026-03-01",
    });
    expect(noLevel.statusCode).toBe(400);
    expect(noLevel.json().error.code).toBe("risk_level_required");
    await createOk("grid_worker:in", `/persons/${w.spouse}/population-tags`, {
      typeCode: "severe_mental_disorder",
      riskLevel: 3,
      since: "2026-03-01",
    });
    const card = (await call("village_staff:in", "GET", `/persons/${w.spouse}`)).json();
    expect(card.populationTags[0]).toMatchObject({ riskLevel: 3, type: { code: "severe_mental_disorder" } });
    const tooHigh = await call("grid_worker:in", "POST", `/persons/${w.spouse}/population-tags`, {
      typeCode: "disabled",
      riskLevel: 6,
      since: "2026-03-01",
    });
    expect(tooHigh.statusCode).toBe(400);
  });

  it("follow the catalogue: an admin who shows a type to grid assistants makes its tags appear for them", async () => {
    const types = (await call("admin:in", "GET", "/population-types")).json().items as {
      code: string;
      visibleTo: string[];
    }[];
    const key = types.find((x) => x.code === "key_youth");
    expect(key).toBeDefined();
    const res = await call("admin:in", "PUT", "/population-types/key_youth", {
      ...key,
      code: undefined,
      visibleTo: [...(key?.visibleTo ?? []), "grid_assistant"],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await call("grid_assistant:in", "GET", "/population-types")).body).toContain("key_youth");
    expect((await call("grid_worker:in", "PUT", "/population-types/key_youth", res.json())).statusCode).toBe(
      403,
    );
  });
});

describe("scope", () => {
  it("answers 404 for another county's records and leaves them out of lists", async () => {
    for (const url of [
      `/persons/${w.farPerson}`,
      `/households/${w.farHousehold}`,
      `/buildings/${w.building}`,
      `/dwellings/${w.dwelling}`,
      `/addresses/${w.address}`,
    ]) {
      const who =
        url.includes(w.farPerson) || url.includes(w.farHousehold) ? "grid_worker:in" : "grid_worker:out";
      expect((await call(who, "GET", url)).statusCode, url).toBe(404);
    }
    const list = await call("admin:out", "GET", "/persons?name=王");
    expect(list.json().total).toBe(0);
    const moved = await call("grid_worker:in", "POST", `/households/${w.household}/members`, {
      personId: w.farPerson,
      relation: "other",
      joinedOn: "2026-05-01",
    });
    expect(moved.statusCode).toBe(404);
  });

  it("lists buildings in counting order: 2号院 before 10号院", async () => {
    const region = near.village;
    for (const name of ["10号院", "排序2号院", "2号院", "排序10号院", "1号院"])
      await createOk("grid_worker:in", "/buildings", { kind: "courtyard", name, regionCode: region });
    const list = await call("grid_worker:in", "GET", `/buildings?region=${region}&pageSize=100`);
    const names = (list.json() as { items: { name: string }[] }).items
      .map((b) => b.name)
      .filter((n) => n.endsWith("号院"));
    expect(names).toEqual(["1号院", "2号院", "10号院", "排序2号院", "排序10号院"]);
  });

  it("keeps departments out of the register", async () => {
    expect((await call("department_handler:in", "GET", "/persons")).statusCode).toBe(403);
  });
});

describe("moves", () => {
  it("moves a person between households as an event; one record, history kept", async () => {
    const gw = "grid_worker:in";
    const other = await createOk(gw, "/dwellings", {
      buildingId: w.building,
      floor: 2,
      room: "201",
      use: "rented",
    });
    const rented = await createOk(gw, "/households", { dwellingId: other, type: "floating" });
    const person = await createOk(gw, "/persons", {
      name: "张小明",
      phone: "13900001111",
      householdId: w.household,
      relation: "child",
    });
    const res = await call(gw, "POST", `/households/${rented}/members`, {
      personId: person,
      relation: "head",
      joinedOn: "2099-01-01",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().members.map((m: { person: { id: string } }) => m.person.id)).toEqual([person]);
    const memberships = await t.database.db
      .select()
      .from(householdMembers)
      .where(eq(householdMembers.personId, person));
    expect(memberships).toHaveLength(2);
    expect(memberships.find((m) => m.householdId === w.household)?.leftOn).toBe("2099-01-01");
    const card = (await call(gw, "GET", `/persons/${person}`)).json();
    expect(card.household.id).toBe(rented);
    expect(card.address).toBe("3号楼201");
    expect(card.history.map((h: { kind: string }) => h.kind)).toEqual(["moved", "registered"]);
    const left = await call(gw, "POST", `/households/${rented}/members/${person}/leave`, {
      leftOn: "2099-06-01",
    });
    expect(left.json().members).toEqual([]);
    expect((await call(gw, "GET", `/persons/${person}`)).json().household).toBeNull();
  });

  it("refuses a second head, and a stale version with 409", async () => {
    const res = await call("grid_worker:in", "POST", "/persons", {
      name: "第二户主",
      householdId: w.household,
      relation: "head",
    });
    expect(res.statusCode).toBe(400);
    const stale = await call("grid_worker:in", "PATCH", `/persons/${w.spouse}`, {
      version: 99,
      workplace: "x",
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("concurrent_update");
  });

  it("corrects a person's phone: new ciphertext and index, the history names the field only", async () => {
    const card = (await call("grid_worker:in", "GET", `/persons/${w.spouse}`)).json();
    const res = await call("grid_worker:in", "PATCH", `/persons/${w.spouse}`, {
      version: card.version,
      phone: "13711112222",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().phone).toBe("137****2222");
    expect(res.json().history[0]).toMatchObject({ kind: "updated", detail: { fields: ["phone"] } });
    expect(res.body).not.toContain("13711112222");
    const found = await call("grid_worker:in", "POST", "/persons/lookup", { phone: "13711112222" });
    expect(found.json().items.map((p: { id: string }) => p.id)).toEqual([w.spouse]);
  });

  it("will not delete what others point at (409 record_in_use)", async () => {
    for (const url of [`/addresses/${w.address}`, `/buildings/${w.building}`, `/dwellings/${w.dwelling}`]) {
      const res = await call("grid_worker:in", "DELETE", url);
      expect(res.statusCode, url).toBe(409);
      expect(res.json().error.code).toBe("record_in_use");
    }
  });
});
