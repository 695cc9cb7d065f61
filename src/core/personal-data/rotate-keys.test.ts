/**
 * Rotating the data keys while the register is in use: a server started with new keys and the
 * old ones retired still finds and opens what was sealed before, refuses a second record of a
 * number sealed under the old keys, and seals new numbers under the new key; the rotation then
 * moves every old row, after which a server with the new keys alone reads everything.
 */
import { and, eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../server/app.js";
import { loadConfig } from "../../config.js";
import { regions } from "../../db/schema.js";
import { MEDIATOR_SEALED_NUMBERS, PARTY_SEALED_NUMBERS } from "../../modules/mediation/index.js";
import { sealMediatorPhone } from "../../modules/mediation/mediator-phones.js";
import { mediationCommittees, mediators } from "../../modules/mediation/schema.js";
import { seedCommittees } from "../../modules/mediation/seed-committees.js";
import { PERSON_SEALED_NUMBERS, persons } from "../../modules/people/index.js";
import { buildTestApp, buildUser, sessionHeaders, type TestApp } from "../../../test/helpers/app.js";
import { blindIndex, keyId, openField } from "./field-crypto.js";
import { residentIdCheckChar } from "./id-number.js";
import { personalDataKeysFromEnv } from "./keys.js";
import { rotateSealedColumns, rowsUnderOtherKeys } from "./rotate-keys.js";

const hex = (c: string) => c.repeat(64);
const OLD = { DATA_KEY: hex("a"), DATA_INDEX_KEY: hex("b") };
const NEW = { DATA_KEY: hex("c"), DATA_INDEX_KEY: hex("d") };
const DURING = { ...NEW, DATA_KEY_PREVIOUS: OLD.DATA_KEY, DATA_INDEX_KEY_PREVIOUS: OLD.DATA_INDEX_KEY };
const TABLES = [PERSON_SEALED_NUMBERS, PARTY_SEALED_NUMBERS, MEDIATOR_SEALED_NUMBERS];

const first17 = "13100219800315123";
const ID = first17 + residentIdCheckChar(first17);
const PHONE = "13812345678";
const MEDIATOR_PHONE = "13887654321";

describe("rotating the data keys", () => {
  let t: TestApp;
  let during: FastifyInstance;
  let after: FastifyInstance;
  let headers: Record<string, string>;
  let village: string;
  let oldPerson: string;
  let oldMediator: string;

  const on = (app: FastifyInstance, method: "GET" | "POST", url: string, payload?: object) =>
    app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  const appWith = async (env: Record<string, string>) => {
    const app = await buildApp({
      database: t.database,
      config: loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "silent", ...env }),
    });
    await app.ready();
    return app;
  };
  const row = async (id: string) => (await t.database.db.select().from(persons).where(eq(persons.id, id)))[0];

  beforeAll(async () => {
    t = await buildTestApp(OLD);
    const [v] = await t.database.db
      .select({ code: regions.code })
      .from(regions)
      .where(and(eq(regions.level, "village"), sql`${regions.path} ~ '*.131002.*'`))
      .orderBy(regions.code)
      .limit(1);
    village = v?.code ?? "";
    headers = await sessionHeaders(
      t.database,
      await buildUser(t.database, [{ role: "village_staff", region: village }]),
    );
    const created = await on(t.app, "POST", "/persons", {
      name: "林秀英",
      regionCode: village,
      idNumber: ID,
      phone: PHONE,
    });
    expect(created.statusCode, created.body).toBe(201);
    oldPerson = created.json<{ id: string }>().id;
    // A mediator's own phone, sealed under the old keys as the server then did.
    await seedCommittees(t.database.db, "131002");
    const [committee] = await t.database.db
      .select({ id: mediationCommittees.id })
      .from(mediationCommittees)
      .limit(1);
    const [m] = await t.database.db
      .insert(mediators)
      .values({
        committeeId: committee?.id ?? "",
        name: "调解员",
        ...sealMediatorPhone(personalDataKeysFromEnv(OLD), MEDIATOR_PHONE),
      })
      .returning({ id: mediators.id });
    oldMediator = m?.id ?? "";
    during = await appWith(DURING);
    after = await appWith(NEW);
  });
  afterAll(async () => {
    await during.close();
    await after.close();
    await t.close();
  });

  it("finds, opens and guards the old numbers while both keys are held, and seals new ones under the new key", async () => {
    const old = await row(oldPerson);
    expect(old?.idNumberCipher?.startsWith(`v2.${keyId(Buffer.from(OLD.DATA_KEY, "hex"))}.`)).toBe(true);
    // A server with the new keys alone cannot read them yet: the old key is needed meanwhile.
    expect((await on(after, "POST", "/persons/lookup", { idNumber: ID })).json().items).toEqual([]);

    const found = await on(during, "POST", "/persons/lookup", { idNumber: ID });
    expect(found.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([oldPerson]);
    const byPhone = await on(during, "POST", "/persons/lookup", { phone: PHONE });
    expect(byPhone.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([oldPerson]);
    const revealed = await on(during, "POST", `/persons/${oldPerson}/reveal`, { reason: "核对身份" });
    expect(revealed.json()).toEqual({ idNumber: ID, phone: PHONE });
    // One person, one record: the number sealed under the old index key is still taken.
    const twice = await on(during, "POST", "/persons", { name: "林秀英", regionCode: village, idNumber: ID });
    expect(twice.statusCode).toBe(409);

    const fresh = await on(during, "POST", "/persons", {
      name: "赵国强",
      regionCode: village,
      phone: "13900001111",
    });
    expect(fresh.statusCode, fresh.body).toBe(201);
    const freshRow = await row(fresh.json<{ id: string }>().id);
    expect(freshRow?.phoneCipher?.startsWith(`v2.${keyId(Buffer.from(NEW.DATA_KEY, "hex"))}.`)).toBe(true);
  });

  it("moves every old row to the new keys, once, after which the new keys alone read everything", async () => {
    const keys = personalDataKeysFromEnv(DURING);
    expect(await rowsUnderOtherKeys(t.database.db, keys, TABLES)).toEqual([
      { name: "persons", rows: 1 },
      { name: "dispute parties", rows: 0 },
      { name: "mediators", rows: 1 },
    ]);
    const [people, parties, mediatorRows] = await rotateSealedColumns(t.database.db, keys, TABLES);
    expect(people).toMatchObject({ name: "persons", rows: 2, moved: 1, changedMeanwhile: 0, duplicates: [] });
    expect(parties).toMatchObject({ rows: 0, moved: 0 });
    expect(mediatorRows).toMatchObject({ name: "mediators", rows: 1, moved: 1, duplicates: [] });
    expect(await rowsUnderOtherKeys(t.database.db, keys, TABLES)).toEqual([
      { name: "persons", rows: 0 },
      { name: "dispute parties", rows: 0 },
      { name: "mediators", rows: 0 },
    ]);
    const [mediator] = await t.database.db.select().from(mediators).where(eq(mediators.id, oldMediator));
    expect(openField(personalDataKeysFromEnv(NEW), "phone", mediator?.phoneCipher ?? "")).toBe(
      MEDIATOR_PHONE,
    );
    expect(mediator?.phoneIndex).toBe(blindIndex(personalDataKeysFromEnv(NEW), "phone", MEDIATOR_PHONE));
    const moved = await row(oldPerson);
    const newKeys = personalDataKeysFromEnv(NEW);
    expect(openField(newKeys, "id_number", moved?.idNumberCipher ?? "")).toBe(ID);
    expect(moved?.idNumberIndex).toBe(blindIndex(newKeys, "id_number", ID));
    expect(moved?.phoneIndex).toBe(blindIndex(newKeys, "phone", PHONE));
    // The old keys open nothing any more.
    expect(() => openField(personalDataKeysFromEnv(OLD), "id_number", moved?.idNumberCipher ?? "")).toThrow(
      /does not hold/,
    );

    const found = await on(after, "POST", "/persons/lookup", { idNumber: ID });
    expect(found.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([oldPerson]);
    const revealed = await on(after, "POST", `/persons/${oldPerson}/reveal`, { reason: "核对身份" });
    expect(revealed.json()).toEqual({ idNumber: ID, phone: PHONE });
    // Again: nothing left to move.
    const [again] = await rotateSealedColumns(t.database.db, keys, TABLES);
    expect(again?.moved).toBe(0);
  });
});
