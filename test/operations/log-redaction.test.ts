/**
 * Tracking codes and attachment tokens unlock an anonymous resident's appeal and photos: they must
 * never reach a log line or a /metrics label, whichever way a request carries them.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/client.js";
import { buildApp } from "../../src/server/app.js";
import type { App } from "../../src/server/context.js";
import { loggerOptions } from "../../src/server/operations.js";
import { createTestDatabase } from "../helpers/db.js";

const CODE = "QZ7K-M4XP-9T";
const TOKEN = "UpL0adT0kenSecretValue123";
const logLines: string[] = [];
let database: Database;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "trace" });
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  app = await buildApp({ database, config, logger: { ...loggerOptions(config), stream } });
  // A handler that logs what a careless one would: the request's headers and query.
  app.get("/test/log-request", async (request) => {
    request.log.info({ headers: request.headers, query: request.query }, "careless handler");
    return { ok: true };
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** The code as typed, without hyphens, lower-case, and URL-encoded: none may appear. */
const forms = (secret: string) => [
  secret,
  secret.replace(/-/g, ""),
  secret.toLowerCase(),
  encodeURIComponent(secret),
];

describe("log and metrics redaction", () => {
  it("keeps tracking codes and attachment tokens out of every log line and metric label", async () => {
    const attachment = "3f1e2d4c-5b6a-4789-8a0b-1c2d3e4f5a6b";
    const requests = [
      { method: "GET" as const, url: `/api/v1/track/${CODE}` },
      { method: "GET" as const, url: `/api/v1/track/${CODE.replace(/-/g, "").toLowerCase()}` },
      {
        method: "POST" as const,
        url: `/api/v1/track/${encodeURIComponent(CODE)}/evaluate`,
        payload: { resolved: true, satisfaction: "satisfied" },
      },
      { method: "GET" as const, url: `/m/track/${CODE}` },
      { method: "GET" as const, url: `/api/v1/attachments/${attachment}?token=${TOKEN}` },
      { method: "GET" as const, url: `/api/v1/attachments/${attachment}/thumb?size=s&token=${TOKEN}#x` },
      {
        method: "GET" as const,
        url: `/api/v1/attachments/${attachment}`,
        headers: { "x-attachment-token": TOKEN },
      },
      { method: "GET" as const, url: `/api/v1/no-such-route/track/${CODE}?TOKEN=${TOKEN}` },
      // Spelled with percent-encoded letters or slashes, or as a query parameter.
      { method: "GET" as const, url: `/api/v1/%74rack/${CODE}` },
      { method: "GET" as const, url: `/api/v1/track%2F${CODE}` },
      { method: "GET" as const, url: `/api/v1/attachments/${attachment}?%74oken=${TOKEN}` },
      { method: "GET" as const, url: `/api/v1/track?code=${CODE}` },
      { method: "GET" as const, url: `/m/?code=${CODE}` },
      { method: "GET" as const, url: `/open311/v2/tokens/${CODE}.json` },
      {
        method: "GET" as const,
        url: `/test/log-request?token=${TOKEN}`,
        headers: {
          "x-attachment-token": TOKEN,
          referer: `http://localhost:3000/m/track/${CODE}?token=${TOKEN}`,
        },
      },
    ];
    for (const r of requests) {
      const res = await app.inject(r);
      expect(res.statusCode, r.url).toBeLessThan(500);
    }
    const metrics = await app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.statusCode).toBe(200);

    const log = logLines.join("\n");
    // The requests were logged, and the log says what was redacted.
    expect(log).toContain("/api/v1/track/[redacted]");
    expect(log).toContain("token=[redacted]");
    expect(log).toContain(`/api/v1/attachments/${attachment}`);
    for (const secret of [...forms(CODE), ...forms(TOKEN)]) {
      expect(log, `log holds ${secret}`).not.toContain(secret);
      expect(metrics.body, `metrics hold ${secret}`).not.toContain(secret);
    }
  });
});
