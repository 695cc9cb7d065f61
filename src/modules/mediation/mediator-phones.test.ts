/**
 * Mediators' own phones are sealed as the register's are: cipher, blind index and masked form,
 * never the plain number, whether added, changed, or left by an older version (the migration sets
 * them aside, the server seals them at start); every answer and the audit show them masked.
 */
import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { auditLog } from "../../db/schema.js";
import { blindIndex, openField } from "../../core/personal-data/field-crypto.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { sealMediatorPhones } from "./mediator-phones.js";
import { mediators } from "./schema.js";
import { buildMediationWorld, type MediationWorld } from "./test-factory.js";

const MIGRATION = new URL("../../db/migrations/0023_mediator_phones.sql", import.meta.url);

describe("mediators' phones", () => {
  let t: TestApp;
  let w: MediationWorld;
  let admin: Record<string, string>;
  const keys = loadConfig({ DATA_DIR: "/nonexistent" }).personalDataKeys;

  const send = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: admin, ...(payload ? { payload } : {}) });
  const row = async (id: string) =>
    (await t.database.db.select().from(mediators).where(eq(mediators.id, id)))[0];

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildMediationWorld(t);
    admin = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "admin", region: w.county }]),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it("seals the phone a mediator is added or changed with; answers and the audit show it masked", async () => {
    const added = await send("POST", "/mediation/mediators", {
      committeeId: w.committees.village,
      name: "周调解",
      phone: "139-2222-3333",
    });
    expect(added.statusCode, added.body).toBe(201);
    const id = added.json<{ id: string }>().id;
    expect(added.json().phone).toBe("139****3333");
    let stored = await row(id);
    expect(JSON.stringify(stored)).not.toContain("13922223333");
    expect(openField(keys, "phone", stored?.phoneCipher ?? "")).toBe("13922223333");
    expect(stored?.phoneIndex).toBe(blindIndex(keys, "phone", "13922223333"));
    expect(stored?.phoneMasked).toBe("139****3333");

    const changed = await send("PATCH", `/mediation/mediators/${id}`, { phone: "13944445555" });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().phone).toBe("139****5555");
    stored = await row(id);
    expect(JSON.stringify(stored)).not.toContain("13944445555");
    expect(openField(keys, "phone", stored?.phoneCipher ?? "")).toBe("13944445555");

    const list = await send("GET", `/mediation/mediators?committeeId=${w.committees.village}&pageSize=100`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.body).not.toMatch(/1\d{10}/);
    expect(list.json().items).toContainEqual(
      expect.objectContaining({ name: "李明白", phone: "139****1111" }),
    );

    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audit)).not.toMatch(/13922223333|13944445555/);

    const cleared = await send("PATCH", `/mediation/mediators/${id}`, { phone: null });
    expect(cleared.json().phone).toBeNull();
    expect(await row(id)).toMatchObject({ phoneCipher: null, phoneIndex: null, phoneMasked: null });
  });

  it("moves the plain phones an older version kept (migration, then the seal at start): nothing plain is left", async () => {
    const db = t.database.db;
    // The table as 0022 left it: a plain phone column, with a mediator recorded then.
    await db.execute(sql`alter table mediators add column phone text`);
    await db.execute(
      sql`insert into mediators (committee_id, name, phone) values (${w.committees.township}, '老调解员', '+86 139 6666 7777')`,
    );
    // The migration's hand-written data move and the drop of the plain column, as written.
    const statements = readFileSync(MIGRATION, "utf8").split("--> statement-breakpoint");
    const move = statements.filter((s) => s.includes("Hand-written") || s.includes('DROP COLUMN "phone"'));
    expect(move).toHaveLength(2);
    for (const s of move) await db.execute(sql.raw(s));
    const [old] = await db.select().from(mediators).where(eq(mediators.name, "老调解员"));
    expect(old).toMatchObject({ phoneToSeal: "13966667777", phoneMasked: "139****7777", phoneCipher: null });

    expect(await sealMediatorPhones(db, keys)).toBe(1);
    expect(await sealMediatorPhones(db, keys)).toBe(0);
    const all = await db.select().from(mediators);
    expect(all.filter((m) => m.phoneToSeal !== null)).toEqual([]);
    expect(JSON.stringify(all)).not.toMatch(/13966667777|13900001111/);
    const sealed = all.find((m) => m.name === "老调解员");
    expect(openField(keys, "phone", sealed?.phoneCipher ?? "")).toBe("13966667777");
    expect(sealed?.phoneIndex).toBe(blindIndex(keys, "phone", "13966667777"));
    expect(sealed?.phoneMasked).toBe("139****7777");
  });
});
