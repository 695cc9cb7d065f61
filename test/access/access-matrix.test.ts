/**
 * Role × action × scope: for every role, which grids, users and organisations it can see (by
 * listing and by id) and which administrative writes it may make, in a tree of two counties.
 * The expectations are written out by hand from the rules in DESIGN.md, not computed from the
 * policy code they test.
 */
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations, regions, type Role } from "../../src/db/schema.js";
import { importGrids } from "../../src/modules/grids/import-grids.js";
import { seedDemoOrganisations } from "../../src/modules/organisations/seed-demo-organisations.js";
import { buildTestApp, buildUser, sessionHeaders, type BindingSpec, type TestApp } from "../helpers/app.js";

type ActorName =
  | "adminCity"
  | "adminCounty"
  | "supervisor"
  | "dispatcher"
  | "staffA"
  | "staffB"
  | "workerA"
  | "assistantA"
  | "handlerD1"
  | "handlerD3"
  | "operator"
  | "resident"
  | "partner";

const ACTORS: readonly ActorName[] = [
  "adminCity",
  "adminCounty",
  "supervisor",
  "dispatcher",
  "staffA",
  "staffB",
  "workerA",
  "assistantA",
  "handlerD1",
  "handlerD3",
  "operator",
  "resident",
  "partner",
];

let t: TestApp;
/** Region and organisation codes of the fixture tree. */
const fx = {
  township: "",
  villageA: "",
  villageB: "",
  villageC: "",
  gridA: "",
  gridB: "",
  gridC: "",
  d1: "",
  d2: "",
  d3: "",
  committeeA: "",
  committeeB: "",
  committeeC: "",
  townshipCentre: "",
  countyCentre3: "",
};
const userIds = {} as Record<ActorName, string>;
const headers = {} as Record<ActorName, Record<string, string>>;

function square(lon: number, lat: number) {
  const d = 0.01;
  return {
    type: "Polygon" as const,
    coordinates: [
      [
        [lon, lat],
        [lon + d, lat],
        [lon + d, lat + d],
        [lon, lat + d],
        [lon, lat],
      ],
    ],
  };
}

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.database.db;
  const [township] = await db
    .select()
    .from(regions)
    .where(and(eq(regions.parentCode, "131002"), eq(regions.level, "township")))
    .orderBy(asc(regions.code))
    .limit(1);
  if (!township) throw new Error("fixture: no township in 131002");
  const villagesOfTownship = await db
    .select()
    .from(regions)
    .where(eq(regions.parentCode, township.code))
    .orderBy(asc(regions.code))
    .limit(2);
  const [villageC] = await db
    .select()
    .from(regions)
    .where(and(eq(regions.countyCode, "131003"), eq(regions.level, "village")))
    .orderBy(asc(regions.code))
    .limit(1);
  const [a, b] = villagesOfTownship;
  if (!a || !b || !villageC) throw new Error("fixture: villages missing");
  Object.assign(fx, { township: township.code, villageA: a.code, villageB: b.code, villageC: villageC.code });

  const grids = [
    { village: a.code, at: [116.5, 39.5] },
    { village: b.code, at: [116.6, 39.5] },
    { village: villageC.code, at: [116.7, 39.5] },
  ];
  await importGrids(
    db,
    {
      type: "FeatureCollection",
      features: grids.map((g, i) => ({
        type: "Feature",
        properties: { code: `${g.village}00${i + 1}`, name: `网格${i + 1}`, villageCode: g.village },
        geometry: square(g.at[0] ?? 0, g.at[1] ?? 0),
      })),
    },
    { actor: "system" },
  );
  Object.assign(fx, { gridA: `${a.code}001`, gridB: `${b.code}002`, gridC: `${villageC.code}003` });

  await seedDemoOrganisations(db);
  const orgs = await db.select().from(organisations);
  const org = (pred: (o: (typeof orgs)[number]) => boolean, what: string) => {
    const found = orgs.find(pred);
    if (!found) throw new Error(`fixture: no ${what}`);
    return found.id;
  };
  fx.d1 = org((o) => o.regionCode === "131002" && o.departmentType === "urban_management", "D1");
  fx.d2 = org((o) => o.regionCode === "131002" && o.departmentType === "housing", "D2");
  fx.d3 = org((o) => o.regionCode === "131003" && o.departmentType === "urban_management", "D3");
  fx.committeeA = org((o) => o.kind === "village_committee" && o.regionCode === fx.villageA, "committee A");
  fx.committeeB = org((o) => o.kind === "village_committee" && o.regionCode === fx.villageB, "committee B");
  fx.committeeC = org((o) => o.kind === "village_committee" && o.regionCode === fx.villageC, "committee C");
  fx.townshipCentre = org(
    (o) => o.kind === "township_centre" && o.regionCode === fx.township,
    "township centre",
  );
  fx.countyCentre3 = org(
    (o) => o.kind === "county_centre" && o.regionCode === "131003",
    "county centre 131003",
  );

  const specs: Record<ActorName, BindingSpec> = {
    adminCity: { role: "admin", region: "1310" },
    adminCounty: { role: "admin", region: "131002" },
    supervisor: { role: "supervisor", region: "131002" },
    dispatcher: { role: "township_dispatcher", region: fx.township },
    staffA: { role: "village_staff", region: fx.villageA },
    staffB: { role: "village_staff", region: fx.villageB },
    workerA: { role: "grid_worker", region: fx.gridA },
    assistantA: { role: "grid_assistant", region: fx.gridA },
    handlerD1: { role: "department_handler", department: fx.d1 },
    handlerD3: { role: "department_handler", department: fx.d3 },
    operator: { role: "operator", region: "131002" },
    resident: { role: "resident", region: "1310" },
    partner: { role: "partner", region: "1310" },
  };
  for (const name of ACTORS) {
    const user = await buildUser(t.database, [specs[name]], { username: name.toLowerCase() });
    userIds[name] = user.id;
    headers[name] = await sessionHeaders(t.database, user);
  }
});

afterAll(async () => t.close());

async function get(actor: ActorName, url: string) {
  return t.app.inject({ method: "GET", url, headers: headers[actor] });
}

/** Asserts the actor sees exactly `visible` among `all`, in the list and by id. */
async function expectVisible(opts: {
  actor: ActorName;
  all: readonly string[];
  visible: readonly string[];
  listUrl: string;
  itemUrl: (id: string) => string;
  idOf: (item: Record<string, unknown>) => string;
}) {
  const listed = new Set<string>();
  for (let page = 1; ; page++) {
    const list = await get(opts.actor, `${opts.listUrl}&page=${page}`);
    expect(list.statusCode, `${opts.actor} list ${opts.listUrl}`).toBe(200);
    const body = list.json() as { items: Record<string, unknown>[]; total: number; pageSize: number };
    for (const item of body.items) listed.add(opts.idOf(item));
    if (page * body.pageSize >= body.total) break;
  }
  const listedOfAll = opts.all.filter((id) => listed.has(id));
  expect([...listedOfAll].sort(), `${opts.actor} lists`).toEqual([...opts.visible].sort());
  for (const id of opts.all) {
    const res = await get(opts.actor, opts.itemUrl(id));
    expect(res.statusCode, `${opts.actor} GET ${opts.itemUrl(id)}`).toBe(
      opts.visible.includes(id) ? 200 : 404,
    );
  }
}

describe("grids by role and scope", () => {
  const expected: Partial<Record<ActorName, ("gridA" | "gridB" | "gridC")[]>> = {
    adminCity: ["gridA", "gridB", "gridC"],
    adminCounty: ["gridA", "gridB"],
    supervisor: ["gridA", "gridB"],
    dispatcher: ["gridA", "gridB"],
    staffA: ["gridA"],
    staffB: ["gridB"],
    workerA: ["gridA"],
    assistantA: ["gridA"],
    handlerD1: ["gridA", "gridB"],
    handlerD3: ["gridC"],
    operator: ["gridA", "gridB"],
  };
  for (const [actor, visible] of Object.entries(expected) as [ActorName, ("gridA" | "gridB" | "gridC")[]][]) {
    it(`${actor} sees ${visible.join(", ")}`, async () => {
      await expectVisible({
        actor,
        all: [fx.gridA, fx.gridB, fx.gridC],
        visible: visible.map((k) => fx[k]),
        listUrl: "/api/v1/grids?pageSize=200",
        itemUrl: (code) => `/api/v1/grids/${code}`,
        idOf: (g) => String(g.code),
      });
      // Locate answers only for grids in scope, as if the others did not exist.
      for (const key of ["gridA", "gridB", "gridC"] as const) {
        const at = { gridA: [116.505, 39.505], gridB: [116.605, 39.505], gridC: [116.705, 39.505] }[key];
        const res = await get(actor, `/api/v1/grids/locate?lon=${at[0]}&lat=${at[1]}`);
        expect(res.statusCode, `${actor} locate ${key}`).toBe(visible.includes(key) ? 200 : 404);
      }
    });
  }

  it("residents and partners may not read grids at all", async () => {
    for (const actor of ["resident", "partner"] as const) {
      expect((await get(actor, "/api/v1/grids")).statusCode).toBe(403);
      expect((await get(actor, `/api/v1/grids/${fx.gridA}`)).statusCode).toBe(403);
    }
  });

  it("anonymous requests are 401", async () => {
    const res = await t.app.inject({ url: "/api/v1/grids" });
    expect(res.statusCode).toBe(401);
  });

  it("only an admin whose scope holds the village may import or delete its grids", async () => {
    const fc = (village: string, code: string, lon: number) => ({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { code, name: "新网格", villageCode: village },
          geometry: square(lon, 39.8),
        },
      ],
    });
    const importAs = (actor: ActorName, body: unknown) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/grids/import",
        headers: headers[actor],
        payload: body as object,
      });
    expect((await importAs("adminCounty", fc(fx.villageC, `${fx.villageC}009`, 116.9))).statusCode).toBe(404);
    expect((await importAs("staffA", fc(fx.villageA, `${fx.villageA}009`, 116.9))).statusCode).toBe(403);
    expect((await importAs("adminCounty", fc(fx.villageA, `${fx.villageA}009`, 116.9))).statusCode).toBe(200);
    const del = (actor: ActorName, code: string) =>
      t.app.inject({ method: "DELETE", url: `/api/v1/grids/${code}`, headers: headers[actor] });
    expect((await del("dispatcher", `${fx.villageA}009`)).statusCode).toBe(403);
    expect((await del("adminCounty", fx.gridC)).statusCode).toBe(404);
    expect((await del("adminCounty", `${fx.villageA}009`)).statusCode).toBe(204);
  });
});

describe("users by role and scope", () => {
  const everyone = () => ACTORS.map((a) => userIds[a]);
  const expected: Partial<Record<ActorName, ActorName[]>> = {
    adminCity: [...ACTORS],
    adminCounty: [
      "adminCounty",
      "supervisor",
      "dispatcher",
      "staffA",
      "staffB",
      "workerA",
      "assistantA",
      "handlerD1",
      "operator",
    ],
    dispatcher: ["dispatcher", "staffA", "staffB", "workerA", "assistantA"],
    staffA: ["staffA", "workerA", "assistantA"],
    staffB: ["staffB"],
    workerA: ["workerA", "assistantA"],
    handlerD1: ["handlerD1"],
    handlerD3: ["handlerD3"],
  };
  for (const [actor, visible] of Object.entries(expected) as [ActorName, ActorName[]][]) {
    it(`${actor} sees ${visible.length} of the accounts`, async () => {
      await expectVisible({
        actor,
        all: everyone(),
        visible: visible.map((v) => userIds[v]),
        listUrl: "/api/v1/users?pageSize=100",
        itemUrl: (id) => `/api/v1/users/${id}`,
        idOf: (u) => String(u.id),
      });
    });
  }

  it("residents and partners cannot list accounts", async () => {
    expect((await get("resident", "/api/v1/users")).statusCode).toBe(403);
    expect((await get("partner", "/api/v1/users")).statusCode).toBe(403);
  });

  it("an admin creates accounts only inside their scope; other roles not at all", async () => {
    const create = (actor: ActorName, role: Role, scope: { regionCode?: string; departmentId?: string }) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/users",
        headers: headers[actor],
        payload: {
          username: `n_${Math.random().toString(36).slice(2, 10)}`,
          displayName: "新用户",
          password: "Sample-pass-2026",
          roles: [{ role, ...scope }],
        },
      });
    expect((await create("adminCounty", "village_staff", { regionCode: fx.villageC })).statusCode).toBe(404);
    expect((await create("adminCounty", "department_handler", { departmentId: fx.d3 })).statusCode).toBe(404);
    expect((await create("staffA", "grid_worker", { regionCode: fx.gridA })).statusCode).toBe(403);
    expect((await create("supervisor", "grid_worker", { regionCode: fx.gridA })).statusCode).toBe(403);
    expect((await create("adminCounty", "village_staff", { regionCode: fx.villageA })).statusCode).toBe(201);
    expect((await create("adminCounty", "department_handler", { departmentId: fx.d2 })).statusCode).toBe(201);
  });
});

describe("organisations by role and scope", () => {
  type OrgKey =
    "committeeA" | "committeeB" | "committeeC" | "d1" | "d2" | "d3" | "townshipCentre" | "countyCentre3";
  const keys: OrgKey[] = [
    "committeeA",
    "committeeB",
    "committeeC",
    "d1",
    "d2",
    "d3",
    "townshipCentre",
    "countyCentre3",
  ];
  const expected: Partial<Record<ActorName, OrgKey[]>> = {
    adminCity: keys,
    adminCounty: ["committeeA", "committeeB", "d1", "d2", "townshipCentre"],
    staffA: ["committeeA", "d1", "d2", "townshipCentre"],
    workerA: ["committeeA", "d1", "d2", "townshipCentre"],
    dispatcher: ["committeeA", "committeeB", "d1", "d2", "townshipCentre"],
    handlerD1: ["d1", "d2"],
    handlerD3: ["d3", "countyCentre3"],
  };
  for (const [actor, visible] of Object.entries(expected) as [ActorName, OrgKey[]][]) {
    it(`${actor} sees ${visible.join(", ")}`, async () => {
      await expectVisible({
        actor,
        all: keys.map((k) => fx[k]),
        visible: visible.map((k) => fx[k]),
        listUrl: "/api/v1/organisations?pageSize=200",
        itemUrl: (id) => `/api/v1/organisations/${id}`,
        idOf: (o) => String(o.id),
      });
    });
  }

  it("only an admin whose scope holds the organisation may change it", async () => {
    const rename = (actor: ActorName, id: string) =>
      t.app.inject({
        method: "PATCH",
        url: `/api/v1/organisations/${id}`,
        headers: headers[actor],
        payload: { name: `改名${Math.random().toString(36).slice(2, 6)}` },
      });
    expect((await rename("adminCounty", fx.committeeC)).statusCode).toBe(404);
    expect((await rename("staffA", fx.committeeA)).statusCode).toBe(403);
    expect((await rename("adminCounty", fx.committeeA)).statusCode).toBe(200);
  });
});

describe("audit log by role and scope", () => {
  it("a county supervisor reads the county's changes, not another county's; village staff not at all", async () => {
    // Changes in each county, made by the city admin.
    for (const id of [fx.committeeB, fx.committeeC]) {
      const res = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/organisations/${id}`,
        headers: headers.adminCity,
        payload: { name: `审计${id.slice(0, 6)}` },
      });
      expect(res.statusCode).toBe(200);
    }
    const res = await get("supervisor", "/api/v1/audit?entityType=organisation&pageSize=100");
    expect(res.statusCode).toBe(200);
    const ids = (res.json().items as { entityId: string }[]).map((r) => r.entityId);
    expect(ids).toContain(fx.committeeB);
    expect(ids).not.toContain(fx.committeeC);
    expect((await get("staffA", "/api/v1/audit")).statusCode).toBe(403);
  });
});
