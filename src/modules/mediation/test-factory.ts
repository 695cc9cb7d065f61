/**
 * The mediation test world: the case test world (county 131002, one township, village and grid,
 * a user per role) with the county's committees, the village staff member as a mediator of the
 * village committee, the township dispatcher as one of the township committee, and a named
 * rule-of-law leader without an account.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { TestApp } from "../../../test/helpers/app.js";
import { buildWorld, type World } from "../cases/actions/test-factory.js";
import { mediationCommittees, mediators } from "./schema.js";
import { seedCommittees } from "./seed-committees.js";
import { sealMediatorPhone } from "./mediator-phones.js";
import { loadConfig } from "../../config.js";

export interface MediationWorld extends World {
  committees: { village: string; township: string };
  mediators: { villageStaff: string; dispatcher: string; leader: string };
}

async function committeeAt(db: Db, regionCode: string): Promise<string> {
  const [row] = await db
    .select({ id: mediationCommittees.id })
    .from(mediationCommittees)
    .where(and(eq(mediationCommittees.regionCode, regionCode), eq(mediationCommittees.kind, "general")));
  if (!row) throw new Error(`no committee at ${regionCode}`);
  return row.id;
}

export async function buildMediationWorld(t: TestApp): Promise<MediationWorld> {
  const w = await buildWorld(t);
  const db = t.database.db;
  await seedCommittees(db, w.county);
  const village = await committeeAt(db, w.village);
  const township = await committeeAt(db, w.township);
  const [a, b, c] = await db
    .insert(mediators)
    .values([
      { committeeId: village, userId: w.users.villageStaff.id, name: "村调解员" },
      { committeeId: township, userId: w.users.dispatcher.id, name: "镇调解员" },
      {
        committeeId: village,
        name: "李明白",
        // Sealed as the server does, under the keys buildTestApp gives it by default.
        ...sealMediatorPhone(loadConfig({ DATA_DIR: "/nonexistent" }).personalDataKeys, "13900001111"),
        ruleOfLawLeader: true,
      },
    ])
    .returning({ id: mediators.id });
  if (!a || !b || !c) throw new Error("mediators not inserted");
  return {
    ...w,
    committees: { village, township },
    mediators: { villageStaff: a.id, dispatcher: b.id, leader: c.id },
  };
}
