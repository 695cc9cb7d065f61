/**
 * The "my data" test world: the case test world (county 131002, a grid with its grid post) with a
 * household of the grid registered through the API by its grid worker (so numbers are sealed with
 * the app's keys): 王建国 (head, phone A, tagged elderly-alone and community-correction) and his
 * spouse 李秀英 (phone A too: a family's phone), a neighbour 赵邻居 (phone B); residents signed in
 * with phone A, phone B and none; a grid worker of the grid post who reveals 王建国 once.
 */
import { randomBytes } from "node:crypto";
import { residentIdCheckChar } from "../../core/personal-data/id-number.js";
import { buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { buildWorld, type World } from "../cases/actions/test-factory.js";

export const PHONE_A = "13812345678";
export const PHONE_B = "13987654321";

function residentId(birth: string, serial: string): string {
  const first17 = `131002${birth}${serial}`;
  return first17 + residentIdCheckChar(first17);
}

export interface MyDataWorld extends World {
  persons: { head: string; spouse: string; neighbour: string };
  residents: {
    a: Record<string, string>;
    b: Record<string, string>;
    noPhone: Record<string, string>;
    typedPhone: Record<string, string>;
  };
  /** The grid worker of the grid post (people.manage in the grid). */
  gridWorker: Record<string, string>;
  /** A grid worker of the other county (people.manage out of scope). */
  farWorker: Record<string, string>;
}

export async function buildMyDataWorld(t: TestApp): Promise<MyDataWorld> {
  const w = await buildWorld(t);
  const gwUser = await buildUser(t.database, [{ role: "grid_worker", region: w.grid }], {
    organisationId: w.units.gridPost,
  });
  const gridWorker = await sessionHeaders(t.database, gwUser);
  const call = async (url: string, payload: Record<string, unknown>) => {
    const res = await t.app.inject({ method: "POST", url: `/api/v1${url}`, headers: gridWorker, payload });
    if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`${url}: ${res.body}`);
    return res.json() as { id: string };
  };
  const building = await call("/buildings", { kind: "courtyard", name: "7号院", regionCode: w.grid });
  const dwelling = await call("/dwellings", { buildingId: building.id, room: "正房", use: "owner_occupied" });
  const household = await call("/households", { dwellingId: dwelling.id, type: "registered" });
  const head = await call("/persons", {
    name: "王建国",
    sex: "male",
    idNumber: residentId("19500315", "123"),
    phone: PHONE_A,
    householdId: household.id,
    relation: "head",
    registeredResidence: "河北省廊坊市安次区",
  });
  const spouse = await call("/persons", {
    name: "李秀英",
    idNumber: residentId("19520708", "246"),
    phone: `+86 ${PHONE_A}`,
    householdId: household.id,
    relation: "spouse",
  });
  const son = await call("/persons", {
    name: "王小明",
    idNumber: residentId("19800101", "135"),
    householdId: household.id,
    relation: "child",
  });
  void son;
  const neighbour = await call("/persons", { name: "赵邻居", phone: PHONE_B, regionCode: w.grid });
  await call(`/persons/${head.id}/population-tags`, { typeCode: "elderly_alone", since: "2026-01-01" });
  await call(`/persons/${head.id}/population-tags`, {
    typeCode: "community_correction",
    since: "2026-02-01",
  });
  await call(`/persons/${head.id}/reveal`, { reason: "走访前核对联系电话" });
  // Phone sign-in accounts, as the one-time code makes them (their number proved).
  const resident = async (phone: string | null) =>
    sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "resident", region: "1310" }], {
        phone,
        username: `res_${randomBytes(6).toString("hex")}`,
        passwordHash: "!otp-only",
      }),
    );
  // A password account an administrator made with someone's number: nothing proved.
  const typedPhone = await sessionHeaders(
    t.database,
    await buildUser(t.database, [{ role: "resident", region: "1310" }], { phone: PHONE_A }),
  );
  const farWorker = await sessionHeaders(
    t.database,
    await buildUser(t.database, [{ role: "grid_worker", region: "131003" }]),
  );
  return {
    ...w,
    persons: { head: head.id, spouse: spouse.id, neighbour: neighbour.id },
    residents: {
      a: await resident(PHONE_A),
      b: await resident(PHONE_B),
      noPhone: await resident(null),
      typedPhone,
    },
    gridWorker,
    farWorker,
  };
}
