import { and, eq, sql } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, sessionHeaders } from "../../../test/helpers/app.js";
import { apiKeys, auditLog, caseEvents, cases } from "../../db/schema.js";
import { intakeCase } from "../cases/intake.js";
import { buildCaseWorld, countCases, type CaseWorld } from "../cases/test-fixtures.js";
import { DEMO_OPEN311_KEY, hashApiKey, seedDemoOpen311Key } from "./api-keys.js";
import { escapeXmlText, xmlDocument } from "./xml.js";

const BASE = "/open311/v2";
const FORM = { "content-type": "application/x-www-form-urlencoded; charset=utf-8" };

/** A real XML parser: lists always arrays, values left as text, entities decoded. */
const parser = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ["service", "request", "error", "endpoint", "format", "attribute"].includes(name),
});
const parseXml = (text: string): Record<string, unknown> => parser.parse(text) as Record<string, unknown>;

interface SpecError {
  code: number;
  description: string;
}
type Json = Record<string, unknown>;

let w: CaseWorld;

beforeAll(async () => {
  w = await buildCaseWorld();
  await seedDemoOpen311Key(w.t.database.db);
}, 120_000);

afterAll(async () => {
  await w.t.close();
});

function get(url: string) {
  return w.t.app.inject({ method: "GET", url: `${BASE}${url}` });
}

function post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return w.t.app.inject({
    method: "POST",
    url: `${BASE}${url}`,
    headers: { ...FORM, ...headers },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** A valid request for the grid of the test world, with the demo key. */
function report(extra: Record<string, string> = {}): Record<string, string> {
  return {
    api_key: DEMO_OPEN311_KEY,
    service_code: "roads-pothole",
    lat: String(w.inGrid.lat),
    long: String(w.inGrid.lon),
    description: "A deep pothole in front of the school gate",
    ...extra,
  };
}

async function created(
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await post("/requests.json", fields, headers);
  expect(res.statusCode, res.body).toBe(200);
  const [item] = res.json<Json[]>();
  const id = item?.service_request_id;
  expect(typeof id).toBe("string");
  return String(id);
}

function expectSpecError(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  code: number,
) {
  expect(res.statusCode, res.body).toBe(code);
  if (String(res.headers["content-type"]).startsWith("application/json")) {
    const errors = JSON.parse(res.body) as SpecError[];
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe(code);
    expect(errors[0]?.description.length).toBeGreaterThan(5);
    return errors[0]?.description ?? "";
  }
  expect(res.headers["content-type"]).toBe("text/xml; charset=utf-8");
  const doc = parseXml(res.body) as { errors: { error: { code: string; description: string }[] } };
  expect(doc.errors.error[0]?.code).toBe(String(code));
  return doc.errors.error[0]?.description ?? "";
}

describe("XML writer", () => {
  it("escapes markup and drops characters XML cannot hold", () => {
    expect(escapeXmlText(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
    expect(escapeXmlText("bell\u0007 tab\t nl\n \uD800 ok 😀")).toBe("bell tab\t nl\n  ok 😀");
    const text = xmlDocument("service_requests", [
      { description: `</description><x>&amp;"`, lat: 39.5, x: null },
    ]);
    const doc = parseXml(text) as { service_requests: { request: Json[] } };
    expect(doc.service_requests.request[0]).toEqual({
      description: `</description><x>&amp;"`,
      lat: "39.5",
      x: "",
    });
  });
});

describe("discovery", () => {
  it("lists this endpoint, both formats and the accepted jurisdiction ids", async () => {
    const res = await get("/discovery.json");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    const body = res.json<Json>();
    expect(body).toMatchObject({
      changeset: expect.any(String),
      contact: expect.stringContaining("langfang"),
    });
    expect(body.key_service).toEqual(expect.any(String));
    const [endpoint] = body.endpoints as Json[];
    expect(endpoint).toMatchObject({
      specification: "http://wiki.open311.org/GeoReport_v2",
      url: expect.stringMatching(/^http:\/\/.+\/open311\/v2$/),
      type: "production",
      formats: ["text/xml", "application/json"],
    });

    const xml = await get("/discovery.xml");
    expect(xml.headers["content-type"]).toBe("text/xml; charset=utf-8");
    expect(xml.body.startsWith(`<?xml version="1.0" encoding="utf-8"?>`)).toBe(true);
    const doc = parseXml(xml.body) as {
      discovery: { endpoints: { endpoint: { formats: { format: string[] } }[] } };
    };
    expect(doc.discovery.endpoints.endpoint[0]?.formats.format).toEqual(["text/xml", "application/json"]);
  });
});

describe("services", () => {
  it("lists the active leaf categories with an Open311 code, in JSON and XML alike", async () => {
    const res = await get("/services.json");
    expect(res.statusCode).toBe(200);
    const services = res.json<Json[]>();
    const pothole = services.find((s) => s.service_code === "roads-pothole");
    expect(pothole).toEqual({
      service_code: "roads-pothole",
      service_name: "路面坑洼破损",
      description: expect.stringContaining("Pothole"),
      metadata: false,
      type: "realtime",
      keywords: "pothole,road damage,pavement",
      group: "道路交通",
    });
    // Groups (categories with children) and categories without a code are no services.
    expect(services.map((s) => s.service_code)).not.toContain(null);
    expect(services.every((s) => typeof s.service_code === "string")).toBe(true);

    const xml = await get("/services.xml");
    expect(xml.statusCode).toBe(200);
    const doc = parseXml(xml.body) as { services: { service: Json[] } };
    expect(doc.services.service.map((s) => s.service_code)).toEqual(services.map((s) => s.service_code));
    expect(doc.services.service.find((s) => s.service_code === "roads-pothole")).toMatchObject({
      metadata: "false",
      type: "realtime",
      group: "道路交通",
    });
    // No extension: XML, the spec's required format.
    expect((await get("/services")).headers["content-type"]).toBe("text/xml; charset=utf-8");
  });

  it("drops a category once it is deactivated", async () => {
    const db = w.t.database.db;
    await db.execute(sql`update categories set active = false where open311_service_code = 'micro-wish'`);
    try {
      const codes = (await get("/services.json")).json<Json[]>().map((s) => s.service_code);
      expect(codes).not.toContain("micro-wish");
      expectSpecError(await get("/services/micro-wish.json"), 404);
    } finally {
      await db.execute(sql`update categories set active = true where open311_service_code = 'micro-wish'`);
    }
  });

  it("takes jurisdiction_id langfang, the city code or nothing; anything else is 404", async () => {
    expect((await get("/services.json?jurisdiction_id=langfang")).statusCode).toBe(200);
    expect((await get("/services.json?jurisdiction_id=1310")).statusCode).toBe(200);
    expect((await get("/services.json?jurisdiction_id=")).statusCode).toBe(200);
    const description = expectSpecError(await get("/services.json?jurisdiction_id=sfgov.org"), 404);
    expect(description).toContain("jurisdiction_id");
    expectSpecError(await get("/services.xml?jurisdiction_id=131002"), 404);
  });

  it("answers a service definition, and 404 in the spec's format for an unknown code", async () => {
    const res = await get("/services/roads-pothole.json");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ service_code: "roads-pothole", attributes: [] });
    const xml = await get("/services/roads-pothole.xml");
    expect(parseXml(xml.body)).toMatchObject({
      service_definition: { service_code: "roads-pothole", attributes: "" },
    });
    expect(expectSpecError(await get("/services/no-such.json"), 404)).toContain("no-such");
    expectSpecError(await get("/services/no-such.xml"), 404);
  });

  it("is 404 in the spec's format for an unknown extension or resource", async () => {
    expectSpecError(await get("/services.html"), 404);
    expectSpecError(await get("/services/roads-pothole.html"), 404);
    expectSpecError(await get("/nothing.json"), 404);
    expectSpecError(await w.t.app.inject({ method: "DELETE", url: `${BASE}/requests.json` }), 404);
  });
});

describe("POST requests", () => {
  it("refuses a missing or wrong api_key with 403 in the spec's format", async () => {
    const before = await countCases(w.t);
    const { api_key: _key, ...noKey } = report();
    expect(expectSpecError(await post("/requests.json", noKey), 403)).toContain("api_key");
    expectSpecError(await post("/requests.json", report({ api_key: "guess" })), 403);
    expectSpecError(await post("/requests.xml", report({ api_key: "guess" })), 403);
    expect(await countCases(w.t)).toBe(before);
  });

  it("checks service_code (400 missing, 404 unknown) and the location", async () => {
    const before = await countCases(w.t);
    const { service_code: _code, ...noService } = report();
    expect(expectSpecError(await post("/requests.json", noService), 400)).toContain("service_code");
    expect(expectSpecError(await post("/requests.json", report({ service_code: "nope" })), 404)).toContain(
      "nope",
    );
    const { lat: _lat, long: _long, ...nowhere } = report();
    expect(expectSpecError(await post("/requests.json", nowhere), 400)).toContain("location");
    expectSpecError(await post("/requests.json", { ...nowhere, lat: "39.5" }), 400);
    expect(expectSpecError(await post("/requests.json", { ...nowhere, address_id: "123" }), 400)).toContain(
      "address_id",
    );
    expectSpecError(await post("/requests.json", report({ lat: "north" })), 400);
    expectSpecError(await post("/requests.json", report({ lat: "91" })), 400);
    // San Francisco, the spec's example: outside the city.
    expect(
      expectSpecError(
        await post("/requests.json", report({ lat: "37.76524078", long: "-122.4212043" })),
        400,
      ),
    ).toContain("outside");
    expect(expectSpecError(await post("/requests.json", report({ phone: "call me" })), 400)).toContain(
      "phone",
    );
    expectSpecError(await post("/requests.json", report({ email: "not-an-email" })), 400);
    expectSpecError(await post("/requests.json", report({ media_url: "javascript:alert(1)" })), 400);
    expectSpecError(await post("/requests.json", report({ description: "x".repeat(4001) })), 400);
    expectSpecError(await post("/requests.json", report({ description: "a NUL \u0000 in the text" })), 400);
    expectSpecError(await post("/requests.xml", report({ jurisdiction_id: "sfgov.org" })), 404);
    expect(await countCases(w.t)).toBe(before);
  });

  it("accepts a phone number that is not Chinese, like the spec's example", async () => {
    const res = await post("/requests.json", report({ phone: "111111111" }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()[0].service_request_id).toMatch(/^\d{12}$/);
  });

  it("creates a case on the open311 channel and answers its number and the service notice", async () => {
    const res = await post(
      "/requests.xml",
      report({
        email: "smith@example.org",
        first_name: "John",
        last_name: "Smith",
        phone: "13812345678",
        device_id: "tt222111",
        account_id: "acct-7",
        media_url: "http://example.org/photo.jpg",
        address_string: "学校门口",
      }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("text/xml; charset=utf-8");
    const doc = parseXml(res.body) as { service_requests: { request: Json[] } };
    const [item] = doc.service_requests.request;
    expect(item).toEqual({
      service_request_id: expect.stringMatching(/^\d{12}$/),
      service_notice: expect.stringContaining("handling within"),
      account_id: "acct-7",
    });
    expect(item).not.toHaveProperty("token");

    const db = w.t.database.db;
    const [row] = await db
      .select()
      .from(cases)
      .where(eq(cases.number, String(item?.service_request_id)));
    expect(row).toMatchObject({
      channel: "open311",
      categoryCode: "roads.pothole",
      reporterName: "John Smith",
      reporterPhone: "13812345678",
      reporterEmail: "smith@example.org",
      address: "学校门口",
      gridCode: w.grid,
      trackingCodeHash: null,
    });
    const [event] = await db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, row?.id ?? ""), eq(caseEvents.action, "intake")));
    expect(event?.actorLabel).toBe("open311:Demo Open311 client");
    expect(event?.data).toMatchObject({
      media_url: "http://example.org/photo.jpg",
      device_id: "tt222111",
      account_id: "acct-7",
      channel: "open311",
    });
  });

  it("takes an address alone into triage, and keeps a short description behind the service name", async () => {
    const { lat: _lat, long: _long, ...rest } = report();
    const id = await created({ ...rest, address_string: "广阳区某小区东门", description: "hole" });
    const [row] = await w.t.database.db.select().from(cases).where(eq(cases.number, id));
    expect(row).toMatchObject({ status: "triage", lat: null, lon: null, address: "广阳区某小区东门" });
    expect(row?.description).toBe("路面坑洼破损: hole");
  });

  it("honours Idempotency-Key: a retry answers the same number and makes no second case", async () => {
    const key = { "idempotency-key": `retry-${Date.now()}` };
    const first = await created(report({ description: "Retried pothole report" }), key);
    const before = await countCases(w.t);
    const second = await created(report({ description: "Retried pothole report" }), key);
    expect(second).toBe(first);
    expect(await countCases(w.t)).toBe(before);
    // The same key for another request is refused (the spec's 400 for "any other error"), not replayed.
    const refused = expectSpecError(
      await post("/requests.json", report({ description: "Something else entirely" }), key),
      400,
    );
    expect(refused).toContain("Idempotency-Key");
  });
});

describe("GET requests", () => {
  let mine: string;
  const tricky = `Lamp <b>broken</b> & "sparking" — it's dangerous`;

  beforeAll(async () => {
    mine = await created(
      report({
        service_code: "streetlights-broken",
        description: tricky,
        first_name: "Secret",
        last_name: "Person",
        phone: "13900001111",
        email: "secret.person@example.org",
        media_url: "https://example.org/lamp.jpg",
      }),
    );
  });

  it("shows one request with the spec's fields and never the reporter's name, phone or email", async () => {
    const res = await get(`/requests/${mine}.json`);
    expect(res.statusCode).toBe(200);
    const [item] = res.json<Json[]>();
    expect(item).toEqual({
      service_request_id: mine,
      status: "open",
      status_notes: expect.any(String),
      service_name: expect.any(String),
      service_code: "streetlights-broken",
      description: tricky,
      agency_responsible: expect.any(String),
      service_notice: expect.any(String),
      requested_datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated_datetime: expect.stringMatching(/Z$/),
      expected_datetime: expect.stringMatching(/Z$/),
      address: expect.any(String),
      address_id: null,
      zipcode: null,
      lat: w.inGrid.lat,
      long: w.inGrid.lon,
      media_url: "https://example.org/lamp.jpg",
    });
    for (const secret of ["Secret", "Person", "13900001111", "secret.person"]) {
      expect(res.body).not.toContain(secret);
    }
    // The case id works too, and the list endpoint shows no more.
    const [row] = await w.t.database.db.select({ id: cases.id }).from(cases).where(eq(cases.number, mine));
    expect((await get(`/requests/${row?.id}.json`)).json<Json[]>()[0]?.service_request_id).toBe(mine);
    const all = await get("/requests.json");
    expect(all.body).not.toContain("13900001111");
    expect(all.body).not.toContain("secret.person");
  });

  it("escapes the description in XML so a parser reads it back unchanged", async () => {
    const res = await get(`/requests/${mine}.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Lamp &lt;b&gt;broken&lt;/b&gt; &amp; &quot;sparking&quot;");
    const doc = parseXml(res.body) as { service_requests: { request: Json[] } };
    expect(doc.service_requests.request[0]).toMatchObject({
      service_request_id: mine,
      description: tricky,
      status: "open",
      lat: String(w.inGrid.lat),
    });
  });

  it("is 404 in the spec's format for an unknown request or token", async () => {
    expect(expectSpecError(await get("/requests/999999999999.json"), 404)).toContain("999999999999");
    expectSpecError(await get("/requests/999999999999.xml"), 404);
    expectSpecError(await get("/tokens/nope.json"), 404);
  });

  it("treats a token as the request's number", async () => {
    const res = await get(`/tokens/${mine}.json`);
    expect(res.json()).toEqual([{ service_request_id: mine, token: mine }]);
    const xml = parseXml((await get(`/tokens/${mine}.xml`)).body) as {
      service_requests: { request: Json[] };
    };
    expect(xml.service_requests.request[0]).toEqual({ service_request_id: mine, token: mine });
  });

  it("hides what an appeal from another channel says and where exactly", async () => {
    const hotline = await intakeCase(w.t.database.db, {
      channel: "hotline",
      categoryCode: "roads.pothole",
      description: "Caller at building 3 unit 501 says the road is broken",
      address: "3号楼2单元501",
      location: w.inGrid,
      reporter: { name: "王小明", phone: "13811112222" },
    });
    const [item] = (await get(`/requests/${hotline.case.number}.json`)).json<Json[]>();
    expect(item).toMatchObject({ description: null, lat: null, long: null, media_url: null, status: "open" });
    expect(JSON.stringify(item)).not.toContain("501");
    expect(JSON.stringify(item)).not.toContain("王小明");
  });

  it("filters by ids, service_code, status and dates", async () => {
    const db = w.t.database.db;
    const other = await created(report({ description: "Second pothole for the filters" }));
    const old = await created(report({ description: "An old pothole from last spring" }));
    await db
      .update(cases)
      .set({ createdAt: new Date("2026-03-01T12:00:00Z") })
      .where(eq(cases.number, old));
    const closed = await created(report({ description: "A pothole we will not take up" }));
    await db.update(cases).set({ status: "rejected" }).where(eq(cases.number, closed));

    const ids = (res: { json: <T>() => T }) => res.json<Json[]>().map((r) => r.service_request_id);

    expect(ids(await get(`/requests.json?service_request_id=${mine},${other}`)).sort()).toEqual(
      [mine, other].sort(),
    );
    // service_request_id overrides every other argument, the date window included.
    expect(ids(await get(`/requests.json?service_request_id=${old}&status=closed`))).toEqual([old]);

    const recent = ids(await get("/requests.json"));
    expect(recent).toEqual(expect.arrayContaining([mine, other, closed]));
    expect(recent).not.toContain(old);

    const lights = ids(await get("/requests.json?service_code=streetlights-broken"));
    expect(lights).toContain(mine);
    expect(lights).not.toContain(other);
    expect(ids(await get("/requests.json?service_code=streetlights-broken,roads-pothole"))).toEqual(
      expect.arrayContaining([mine, other]),
    );

    const closedOnes = await get("/requests.json?status=closed");
    expect(ids(closedOnes)).toContain(closed);
    expect(ids(closedOnes)).not.toContain(mine);
    expect(closedOnes.json<Json[]>().every((r) => r.status === "closed")).toBe(true);
    expect(ids(await get("/requests.json?status=open"))).not.toContain(closed);
    expect(ids(await get("/requests.json?status=open,closed"))).toEqual(
      expect.arrayContaining([mine, closed]),
    );

    const spring = ids(
      await get("/requests.json?start_date=2026-02-15T00:00:00Z&end_date=2026-03-15T00:00:00%2B08:00"),
    );
    expect(spring).toEqual([old]);
    // An unencoded "+" arrives as a space; read it as the offset it was.
    expect(ids(await get("/requests.json?start_date=2026-02-15T00:00:00+08:00&end_date=2026-03-15"))).toEqual(
      [old],
    );
    expect(
      ids(await get("/requests.json?start_date=2026-03-01T12:00:01Z&end_date=2026-03-15T00:00:00Z")),
    ).toEqual([]);
    expect(ids(await get("/requests.json?end_date=2026-03-02T00:00:00Z"))).toEqual([old]);

    expect(expectSpecError(await get("/requests.json?start_date=yesterday"), 400)).toContain("start_date");
    expectSpecError(await get("/requests.json?start_date=2026-03-01T00:00:00"), 400);
    expectSpecError(await get("/requests.json?start_date=2026-02-30T00:00:00Z"), 400);
    expectSpecError(
      await get("/requests.json?start_date=2026-03-02T00:00:00Z&end_date=2026-03-01T00:00:00Z"),
      400,
    );
    expect(
      expectSpecError(
        await get("/requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"),
        400,
      ),
    ).toContain("90 days");
    expectSpecError(await get("/requests.json?status=pending"), 400);
    expectSpecError(await get("/requests.json?jurisdiction_id=nowhere"), 404);
    expect(ids(await get(`/requests.json?jurisdiction_id=langfang&service_request_id=${mine}`))).toEqual([
      mine,
    ]);

    const merged = await created(report({ description: "The same pothole again, reported twice" }));
    const [target] = await db.select({ id: cases.id }).from(cases).where(eq(cases.number, other));
    await db
      .update(cases)
      .set({ status: "merged", mergedIntoId: target?.id })
      .where(eq(cases.number, merged));
    const [m] = (await get(`/requests/${merged}.json`)).json<Json[]>();
    expect(m).toMatchObject({ status: "closed", status_notes: expect.stringContaining(other) });
  });
});

describe("API keys", () => {
  it("are stored as SHA-256 only; the demo key is seeded once", async () => {
    const db = w.t.database.db;
    await seedDemoOpen311Key(db);
    const rows = await db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, hashApiKey(DEMO_OPEN311_KEY)));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(DEMO_OPEN311_KEY);
    expect(rows[0]?.lastUsedAt).not.toBeNull();
  });

  it("lets an admin create, list and revoke keys; the key is shown once and works until revoked", async () => {
    const db = w.t.database.db;
    const admin = await buildUser(w.t.database, [{ role: "admin", region: "1310" }]);
    const headers = await sessionHeaders(w.t.database, admin);
    const res = await w.t.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers,
      payload: { name: "City app" },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { key, apiKey } = res.json<{ key: string; apiKey: Json }>();
    expect(apiKey).toMatchObject({ name: "City app", kind: "open311", regionCode: "1310", revokedAt: null });
    expect(key.startsWith(String(apiKey.prefix))).toBe(true);

    const [row] = await db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.id, String(apiKey.id)));
    expect(row?.keyHash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(apiKey.id)));
    expect(audit?.action).toBe("api_key.create");
    expect(JSON.stringify(audit)).not.toContain(key);

    const list = await w.t.app.inject({ method: "GET", url: "/api/v1/api-keys", headers });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("City app");
    expect(list.body).not.toContain(key);

    await created(report({ api_key: key }));

    const revoked = await w.t.app.inject({ method: "DELETE", url: `/api/v1/api-keys/${apiKey.id}`, headers });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json<Json>().revokedAt).toEqual(expect.any(String));
    expectSpecError(await post("/requests.json", report({ api_key: key })), 403);
  });

  it("keeps keys to admins and their scope", async () => {
    const operator = await buildUser(w.t.database, [{ role: "operator", region: "131002" }]);
    const asOperator = await w.t.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: await sessionHeaders(w.t.database, operator),
      payload: { name: "Nope" },
    });
    expect(asOperator.statusCode).toBe(403);
    const anonymous = await w.t.app.inject({ method: "GET", url: "/api/v1/api-keys" });
    expect(anonymous.statusCode).toBe(401);

    const countyAdmin = await buildUser(w.t.database, [{ role: "admin", region: "131002" }]);
    const headers = await sessionHeaders(w.t.database, countyAdmin);
    const outside = await w.t.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers,
      payload: { name: "Far county", regionCode: "131003" },
    });
    expect(outside.statusCode).toBe(404);
    const list = await w.t.app.inject({ method: "GET", url: "/api/v1/api-keys", headers });
    // The city-wide keys are not the county admin's to see.
    expect(list.json<{ items: Json[] }>().items).toEqual([]);
  });

  it("bounds a county key to its county: outside it a point is refused, an address is placed in it", async () => {
    const admin = await buildUser(w.t.database, [{ role: "admin", region: "131003" }]);
    const res = await w.t.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: await sessionHeaders(w.t.database, admin),
      payload: { name: "County 131003 app" },
    });
    const { key } = res.json<{ key: string }>();
    // The test grid lies in county 131002.
    expect(expectSpecError(await post("/requests.json", report({ api_key: key })), 400)).toContain("outside");
    const { lat: _lat, long: _long, ...rest } = report({ api_key: key });
    const id = await created({ ...rest, address_string: "某村村口" });
    const [row] = await w.t.database.db.select().from(cases).where(eq(cases.number, id));
    // Placed in the county: a pothole goes straight to that county's transport department.
    expect({ regionCode: row?.regionCode, countyCode: row?.countyCode }).toEqual({
      regionCode: "131003",
      countyCode: "131003",
    });
    expect(row?.assignedOrgId).toBe((await w.unit("department", "131003", "transport")).id);
  });
});
