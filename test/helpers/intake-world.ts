/**
 * What intake over HTTP needs on a database that holds the test region tree: the demo units and
 * catalogue, and an operator of county 131002 who signs in with a password.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { regions } from "../../src/db/schema.js";
import { createUser } from "../../src/modules/accounts/create-user.js";
import { seedDemoCatalogue } from "../../src/modules/catalogue/seed-demo-catalogue.js";
import { seedDemoOrganisations } from "../../src/modules/organisations/seed-demo-organisations.js";

/** Seeds units, catalogue and the operator; resolves with a village of 131002 to place appeals in. */
export async function prepareIntakeWorld(
  database: Database,
  operator: { username: string; password: string },
): Promise<string> {
  const db = database.db;
  await seedDemoOrganisations(db);
  await seedDemoCatalogue(db);
  await db.transaction((tx) =>
    createUser(tx, {
      username: operator.username,
      displayName: "话务员",
      password: operator.password,
      roles: [{ role: "operator", regionCode: "131002" }],
      actor: null,
    }),
  );
  const [village] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.countyCode, "131002"), eq(regions.level, "village")))
    .orderBy(asc(regions.code))
    .limit(1);
  if (!village) throw new Error("no village in county 131002");
  return village.code;
}
