/**
 * Operations: health, metrics, OpenAPI and docs, the error shape of Fastify's own client errors,
 * and the request log (JSON lines with secrets redacted).
 */
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../../src/config.js";
import { buildApp } from "../../src/server/app.js";
import type { App } from "../../src/server/context.js";
import { loggerOptions } from "../../src/server/operations.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";

let t: TestApp;
/** A second app on the same database: 1 KiB body limit, a database that does not answer, a log. */
let custom: App;
const logLines: string[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  const config = loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "info", BODY_LIMIT: "1024" });
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  custom = await buildApp({
    database: { ...t.database, ping: () => Promise.reject(new Error("connection lost")) },
    config,
    logger: { ...loggerOptions(config), stream: logStream },
  });
  // A test-only JSON route: Fastify's body handling is the same for every POST route.
  custom.post(
    "/test/echo",
    { schema: { body: z.object({ name: z.string(), password: z.string().optional() }) } },
    async (request) => {
      request.log.info({ headers: request.headers, body: request.body }, "echo");
      return { name: request.body.name };
    },
  );
  // A real deadlock between two transactions is hard to stage on one connection; the handler
  // sees the same thing: Drizzle's wrapper around the driver's error with SQLSTATE 40P01.
  custom.get("/test/deadlock", async () => {
    const driverError = Object.assign(new Error("deadlock detected"), { code: "40P01" });
    throw new Error("Failed query: update cases set … params: secret", { cause: driverError });
  });
  await custom.ready();
});

afterAll(async () => {
  await custom?.close();
  await t?.close();
});

describe("/healthz", () => {
  it("answers 200 when the database does", async () => {
    const res = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok", database: t.database.kind });
  });

  it("answers 503 in the error shape when the database does not", async () => {
    const res = await custom.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      error: { code: "database_unavailable", message: "The database does not answer." },
    });
  });
});

describe("addresses the router cannot read", () => {
  it("answers a bad percent-encoding and an over-long path part in the error shape", async () => {
    const badEncoding = await t.app.inject({ method: "GET", url: "/api/v1/cases/%E0%A4%A" });
    expect(badEncoding.statusCode).toBe(400);
    expect(badEncoding.json().error.code).toBe("bad_request");
    const longPart = await t.app.inject({ method: "GET", url: `/api/v1/cases/${"a".repeat(150)}` });
    expect(longPart.statusCode).toBe(414);
    expect(longPart.json().error.code).toBe("bad_request");
  });
});

describe("/metrics", () => {
  it("serves Prometheus text with default metrics and a histogram labelled by route pattern", async () => {
    expect((await t.app.inject({ method: "GET", url: "/api/v1/regions/131002" })).statusCode).toBe(200);
    await t.app.inject({ method: "GET", url: "/no/such/route/12345" });
    const res = await t.app.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.body).toContain("process_cpu_user_seconds_total");
    expect(res.body).toContain("# TYPE microgov_http_request_duration_seconds histogram");
    expect(res.body).toMatch(
      /microgov_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/regions\/:code",status="200"\} [1-9]/,
    );
    // An unknown URL is one "unmatched" series, so scanners cannot blow up the series count.
    expect(res.body).toContain('route="unmatched",status="404"');
    expect(res.body).not.toContain("12345");
  });
});

describe("OpenAPI and docs", () => {
  it("serves an OpenAPI 3 document with the /api/v1 and Open311 routes, without the operations routes", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBe("Microgov API");
    expect(doc.paths["/api/v1/regions/{code}"]?.get?.responses).toHaveProperty("200");
    expect(doc.paths).toHaveProperty("/api/v1/regions/{code}/children");
    expect(doc.paths).toHaveProperty(["/open311/v2/requests.json"]);
    expect(
      Object.keys(doc.paths).filter((p) => !p.startsWith("/api/v1/") && !p.startsWith("/open311/v2/")),
    ).toEqual([]);
    for (const [p, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        expect(op.responses, `${method.toUpperCase()} ${p} declares its responses`).toBeDefined();
      }
    }
  });

  it("leads a person who opens the site root to the console", async () => {
    const res = await t.app.inject({ method: "GET", url: "/" });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe("/console/");
  });

  it("serves the Swagger UI page at /api/docs", async () => {
    let res = await t.app.inject({ method: "GET", url: "/api/docs" });
    if (res.statusCode === 302)
      res = await t.app.inject({ method: "GET", url: String(res.headers.location) });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toContain("swagger-ui");
  });
});

describe("database conflicts", () => {
  it("a deadlock between two requests is a 409 to retry, not a 500, and leaks no parameters", async () => {
    const res = await custom.inject({ method: "GET", url: "/test/deadlock" });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("concurrent_update");
    expect(res.body).not.toContain("secret");
  });
});

describe("client errors keep the error shape", () => {
  const post = (payload: string, contentType = "application/json") =>
    custom.inject({ method: "POST", url: "/test/echo", payload, headers: { "content-type": contentType } });

  it("accepts a good request (the route under test works)", async () => {
    const res = await post(JSON.stringify({ name: "x" }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: "x" });
  });

  it("malformed JSON → 400 malformed_json", async () => {
    const res = await post('{"name": ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("malformed_json");
  });

  it("a body over BODY_LIMIT → 413 payload_too_large", async () => {
    const res = await post(JSON.stringify({ name: "x".repeat(2000) }));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      error: { code: "payload_too_large", message: "The request body is too large." },
    });
  });

  it("a content type the API does not read → 415 unsupported_media_type", async () => {
    for (const [body, type] of [
      ["<name>x</name>", "application/xml"],
      ['{"name":"x"}', "text/plain"],
    ] as const) {
      const res = await post(body, type);
      expect(res.statusCode, type).toBe(415);
      expect(res.json().error.code).toBe("unsupported_media_type");
    }
  });

  it("a missing field → 400 validation_failed naming it", async () => {
    const res = await post(JSON.stringify({}));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "validation_failed", details: [{ field: "body.name" }] });
  });

  it("an unknown route → 404 not_found", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/nothing-here" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: "not_found", message: "No route GET /api/v1/nothing-here." },
    });
  });
});

describe("requests the HTTP parser refuses", () => {
  /** Sends raw bytes to a listening copy of the app and answers what came back. */
  let port = 0;
  beforeAll(async () => {
    await custom.listen({ port: 0, host: "127.0.0.1" });
    port = (custom.server.address() as AddressInfo).port;
  });
  async function raw(request: string): Promise<string> {
    const socket = connect(port, "127.0.0.1");
    socket.end(request);
    let answer = "";
    for await (const chunk of socket) answer += String(chunk);
    return answer;
  }

  it("an unknown method and a broken header line → 400 in the error shape", async () => {
    for (const request of [
      "BREW /api/v1/regions HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nHost x\r\n\r\n",
    ]) {
      const answer = await raw(request);
      expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
      const body = answer.slice(answer.indexOf("\r\n\r\n") + 4);
      expect(JSON.parse(body)).toEqual({
        error: {
          code: "bad_request",
          message: "The request cannot be read: check its method, headers and encoding.",
        },
      });
    }
  });
});

describe("request log", () => {
  it("writes JSON lines and never the cookie, CSRF token, authorization or password", async () => {
    logLines.length = 0;
    const res = await custom.inject({
      method: "POST",
      url: "/test/echo",
      headers: {
        "content-type": "application/json",
        cookie: "mg_session=SECRET-COOKIE-1",
        "x-csrf-token": "SECRET-CSRF-2",
        authorization: "Bearer SECRET-AUTH-3",
        "x-request-id": "trace-abc",
      },
      payload: JSON.stringify({ name: "x", password: "SECRET-PASSWORD-4" }),
    });
    expect(res.statusCode).toBe(200);
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const echo = entries.find((e) => e.msg === "echo");
    expect(echo).toMatchObject({
      reqId: "trace-abc",
      headers: { cookie: "[redacted]", "x-csrf-token": "[redacted]", authorization: "[redacted]" },
      body: { name: "x", password: "[redacted]" },
    });
    expect(entries.find((e) => e.msg === "request completed")).toMatchObject({
      reqId: "trace-abc",
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(logLines.join("\n")).not.toMatch(/SECRET-/);
  });
});
