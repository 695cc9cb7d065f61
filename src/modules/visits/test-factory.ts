/**
 * The visits test world: the case test world (county 131002, its first township, village and a
 * grid) with a grid assistant of the grid, and two persons of the grid: an elderly person living
 * alone (a care type every register role sees) and a community-correction subject (a key type
 * grid assistants may not see), each tagged, their visits planned by the scan's planner.
 */
import { sql } from "drizzle-orm";
import { regions } from "../../db/schema.js";
import { buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { buildWorld, type World } from "../cases/actions/test-factory.js";
import { personPopulationTags, persons } from "../people/index.js";
import { planVisits } from "./plan-visits.js";

export interface VisitWorld extends World {
  assistant: Record<string, string>;
  persons: { elderly: string; correction: string };
  tags: { elderly: string; correction: string };
}

export async function buildVisitWorld(t: TestApp, now = new Date()): Promise<VisitWorld> {
  const w = await buildWorld(t);
  const db = t.database.db;
  const assistant = await sessionHeaders(
    t.database,
    await buildUser(t.database, [{ role: "grid_assistant", region: w.grid }]),
  );
  const [grid] = await db
    .select()
    .from(regions)
    .where(sql`${regions.code} = ${w.grid}`);
  if (!grid) throw new Error("no grid");
  const place = { regionCode: w.grid, regionPath: grid.path, countyCode: w.county, gridCode: w.grid };
  const [elderly, correction] = await db
    .insert(persons)
    .values([
      { name: "张秀英", sex: "female", birthDate: "1941-03-02", phoneMasked: "138****5678", ...place },
      { name: "李强", sex: "male", birthDate: "1990-07-01", ...place },
    ])
    .returning({ id: persons.id });
  if (!elderly || !correction) throw new Error("persons not inserted");
  const since = new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  const [a, b] = await db
    .insert(personPopulationTags)
    .values([
      { personId: elderly.id, typeCode: "elderly_alone", since, createdAt: now },
      { personId: correction.id, typeCode: "community_correction", since, createdAt: now },
    ])
    .returning({ id: personPopulationTags.id });
  if (!a || !b) throw new Error("tags not inserted");
  await db.transaction((tx) => planVisits(tx, now));
  return {
    ...w,
    assistant,
    persons: { elderly: elderly.id, correction: correction.id },
    tags: { elderly: a.id, correction: b.id },
  };
}
