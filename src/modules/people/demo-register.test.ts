/** The demo register: its size, valid sealed numbers, one head per household, tags, once only. */
import { count, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/helpers/db.js";
import type { Database } from "../../db/client.js";
import { personalDataKeysFromEnv } from "../../core/personal-data/keys.js";
import { openField } from "../../core/personal-data/field-crypto.js";
import { checkResidentId } from "../../core/personal-data/id-number.js";
import { generateDemoGrids } from "../grids/index.js";
import { generateDemoRegister, type DemoRegisterResult } from "./demo-register.js";
import {
  addresses,
  householdMembers,
  personEvents,
  personPopulationTags,
  persons,
  rentals,
  rentalTenants,
} from "./schema.js";

describe("demo register", () => {
  let database: Database;
  let made: DemoRegisterResult;
  const keys = personalDataKeysFromEnv({});

  beforeAll(async () => {
    database = await createTestDatabase();
    await generateDemoGrids(database.db, { city: "1310" });
    made = await generateDemoRegister(database.db, keys);
  }, 300_000);

  afterAll(async () => {
    await database?.close();
  });

  it("makes a few hundred buildings, dwellings, households and persons", () => {
    expect(made.buildings).toBeGreaterThanOrEqual(150);
    expect(made.dwellings).toBeGreaterThanOrEqual(200);
    expect(made.households).toBeGreaterThanOrEqual(150);
    expect(made.persons).toBeGreaterThan(made.households);
  });

  it("seals valid resident ID numbers, each once", async () => {
    const rows = await database.db.select().from(persons);
    const ids = rows.map((p) => openField(keys, "id_number", p.idNumberCipher ?? ""));
    expect(new Set(ids).size).toBe(rows.length);
    for (const id of ids) expect(checkResidentId(id).ok, id).toBe(true);
  });

  it("gives every household one head and some persons key and care tags; some tenants", async () => {
    const heads = await database.db
      .select({ n: count() })
      .from(householdMembers)
      .where(sql`${householdMembers.relation} = 'head' and ${isNull(householdMembers.leftOn)}`);
    expect(heads[0]?.n).toBe(made.households);
    const tags = await database.db
      .select({ code: personPopulationTags.typeCode, n: count() })
      .from(personPopulationTags)
      .groupBy(personPopulationTags.typeCode);
    const codes = tags.map((t) => t.code);
    expect(codes).toContain("elderly_alone");
    expect(
      codes.some((c) =>
        ["released_prisoner", "community_correction", "severe_mental_disorder", "drug_user"].includes(c),
      ),
    ).toBe(true);
    const [tenants] = await database.db.select({ n: count() }).from(rentalTenants);
    expect(tenants?.n).toBeGreaterThan(0);
  });

  it("gives the demo county standard addresses with a point in their grid (what the address search finds)", async () => {
    const rows = await database.db.select().from(addresses).where(eq(addresses.countyCode, "131002"));
    expect(rows.length).toBe(made.buildings);
    for (const a of rows) {
      expect(a.label.length).toBeGreaterThan(2);
      expect(a.gridCode).not.toBeNull();
      expect(a.lon).not.toBeNull();
      expect(a.lat).not.toBeNull();
    }
  });

  it("gives some rentals a tenant who moved out, and ends some rentals; every stay inside its rental", async () => {
    const [movedOut] = await database.db
      .select({ n: count() })
      .from(rentalTenants)
      .where(sql`${rentalTenants.movedOutOn} is not null`);
    expect(movedOut?.n).toBeGreaterThan(0);
    const [ended] = await database.db
      .select({ n: count() })
      .from(rentals)
      .where(sql`${rentals.endsOn} is not null`);
    expect(ended?.n).toBeGreaterThan(0);
    const [outside] = await database.db
      .select({ n: count() })
      .from(rentalTenants)
      .innerJoin(rentals, eq(rentals.id, rentalTenants.rentalId))
      .where(
        sql`${rentalTenants.movedInOn} < ${rentals.startsOn}
          or (${rentals.endsOn} is not null and (${rentalTenants.movedOutOn} is null or ${rentalTenants.movedOutOn} > ${rentals.endsOn}))
          or ${rentalTenants.movedInOn} > current_date`,
      );
    expect(outside?.n).toBe(0);
    // Every stay is on the tenant's history: a move in, and a move out for those gone.
    const [stays] = await database.db
      .select({ in: count(), out: sql<number>`count(${rentalTenants.movedOutOn})::int` })
      .from(rentalTenants);
    const events = await database.db
      .select({ kind: personEvents.kind, n: count() })
      .from(personEvents)
      .where(sql`${personEvents.kind} in ('rented_in', 'rented_out')`)
      .groupBy(personEvents.kind);
    const n = (kind: string) => events.find((e) => e.kind === kind)?.n ?? 0;
    expect([n("rented_in"), n("rented_out")]).toEqual([stays?.in, stays?.out]);
  });

  it("does nothing the second time", async () => {
    expect(await generateDemoRegister(database.db, keys)).toEqual({
      buildings: 0,
      dwellings: 0,
      households: 0,
      persons: 0,
    });
    const [n] = await database.db
      .select({ n: count() })
      .from(persons)
      .where(eq(persons.countyCode, "131002"));
    expect(n?.n).toBe(made.persons);
  });
});
