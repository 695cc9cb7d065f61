import { and, asc, eq, inArray, like } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import {
  organisations,
  regions,
  users,
  type OrganisationKind,
  type RegionLevel,
  type Role,
} from "../../db/schema.js";
import { createUser } from "./create-user.js";
import { assertPasswordRules, hashPassword } from "./passwords.js";
import type { RoleSpec } from "./resolve-scope.js";

/** The password of every demo account (the README lists the accounts). */
export const DEMO_PASSWORD = "Demo12345678";

const DEMO_CITY = "1310";
const DEMO_COUNTY = "131002";

/** One demo account, for the README and the start-up log. */
export interface DemoAccount {
  username: string;
  role: Role;
  /** Where the role applies, e.g. "village 131002001001 (…村)". */
  scope: string;
}

interface Scope {
  spec: Omit<RoleSpec, "role">;
  description: string;
  organisationId: string | null;
}

async function region(
  tx: Tx,
  level: RegionLevel,
  under: string,
  skip = 0,
): Promise<{ code: string; name: string } | undefined> {
  const rows = await tx
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(and(eq(regions.level, level), like(regions.code, `${under}%`)))
    .orderBy(asc(regions.code))
    .limit(1)
    .offset(skip);
  return rows[0];
}

async function organisation(tx: Tx, kind: OrganisationKind, regionCodes: readonly string[]) {
  if (regionCodes.length === 0) return undefined;
  const [row] = await tx
    .select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode })
    .from(organisations)
    .where(and(eq(organisations.kind, kind), inArray(organisations.regionCode, [...regionCodes])))
    .orderBy(asc(organisations.regionCode), asc(organisations.name))
    .limit(1);
  return row;
}

const regionScope = (
  r: { code: string; name: string },
  what: string,
  organisationId: string | null = null,
): Scope => ({
  spec: { regionCode: r.code },
  description: `${what} ${r.code} (${r.name})`,
  organisationId,
});

/**
 * Creates one demo account for every role (and a few more for scope demos), all with
 * DEMO_PASSWORD, inside the demo city. Run after regions (1310), demo grids and organisations
 * exist; without organisations the accounts fall back to region scopes, without grids grid staff
 * are bound to their village. Accounts that already exist are left alone, so it can run again.
 */
export async function seedDemoAccounts(db: Db): Promise<DemoAccount[]> {
  assertPasswordRules(DEMO_PASSWORD, "");
  // One hash for all: ~12 argon2id hashes would cost more than the rest of the seed.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const city = await region(tx, "city", DEMO_CITY);
    const county = await region(tx, "county", DEMO_COUNTY);
    const township = await region(tx, "township", DEMO_COUNTY);
    const village = township && (await region(tx, "village", township.code));
    // The second village lies in another township, so the two village accounts share nothing.
    const otherTownship = await region(tx, "township", DEMO_COUNTY, 1);
    const otherVillage = otherTownship && (await region(tx, "village", otherTownship.code));
    if (!city || !county || !township || !village || !otherVillage)
      throw new Error(`seedDemoAccounts needs the region tree of ${DEMO_CITY} with county ${DEMO_COUNTY}.`);
    const grid = await region(tx, "grid", village.code);

    const centre = await organisation(tx, "township_centre", [township.code]);
    const department = await organisation(tx, "department", [county.code]);
    const committee = await organisation(tx, "village_committee", [village.code]);
    const otherCommittee = await organisation(tx, "village_committee", [otherVillage.code]);
    const gridPost = grid ? await organisation(tx, "grid_post", [grid.code]) : undefined;
    const countyCentre = await organisation(tx, "county_centre", [county.code]);
    const cityCentre = await organisation(tx, "city_centre", [city.code]);

    const gridScope = grid
      ? regionScope(grid, "grid", gridPost?.id ?? null)
      : regionScope(village, "village (no grids loaded)", committee?.id ?? null);
    const departmentScope: Scope = department
      ? {
          spec: { departmentId: department.id },
          description: `department ${department.name} (county ${county.code})`,
          organisationId: department.id,
        }
      : regionScope(county, "county (no departments loaded)");
    const accounts: { username: string; displayName: string; role: Role; scope: Scope }[] = [
      {
        username: "admin",
        displayName: "系统管理员",
        role: "admin",
        scope: regionScope(city, "city", cityCentre?.id),
      },
      {
        username: "county_admin",
        displayName: "安次区管理员",
        role: "admin",
        scope: regionScope(county, "county", countyCentre?.id),
      },
      {
        username: "supervisor",
        displayName: "督办员",
        role: "supervisor",
        scope: regionScope(city, "city", cityCentre?.id),
      },
      {
        username: "dispatcher",
        displayName: "乡镇综治中心调度员",
        role: "township_dispatcher",
        scope: regionScope(township, "township", centre?.id),
      },
      {
        username: "dept_handler",
        displayName: "县直部门办理员",
        role: "department_handler",
        scope: departmentScope,
      },
      {
        username: "village_staff",
        displayName: "村委会工作人员",
        role: "village_staff",
        scope: regionScope(village, "village", committee?.id),
      },
      {
        username: "village_staff2",
        displayName: "另一村工作人员",
        role: "village_staff",
        scope: regionScope(otherVillage, "village", otherCommittee?.id),
      },
      { username: "grid_worker", displayName: "网格员", role: "grid_worker", scope: gridScope },
      { username: "grid_assistant", displayName: "网格助理员", role: "grid_assistant", scope: gridScope },
      {
        username: "operator",
        displayName: "话务员",
        role: "operator",
        scope: regionScope(county, "county", countyCentre?.id),
      },
      { username: "resident", displayName: "居民", role: "resident", scope: regionScope(city, "city") },
      { username: "partner", displayName: "合作银行", role: "partner", scope: regionScope(city, "city") },
    ];

    const existing = new Set(
      (
        await tx
          .select({ username: users.username })
          .from(users)
          .where(
            inArray(
              users.username,
              accounts.map((a) => a.username),
            ),
          )
      ).map((u) => u.username),
    );
    for (const a of accounts) {
      if (existing.has(a.username)) continue;
      await createUser(tx, {
        username: a.username,
        displayName: a.displayName,
        organisationId: a.scope.organisationId ?? null,
        passwordHash,
        roles: [{ role: a.role, ...a.scope.spec }],
        actor: null,
      });
    }
    return accounts.map((a) => ({ username: a.username, role: a.role, scope: a.scope.description }));
  });
}
