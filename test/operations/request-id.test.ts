/**
 * X-Request-Id is the client's word: it reaches the log and the audit table only when it is a
 * plausible id (1-128 characters of letters, digits and . _ - : / + =); otherwise the server makes
 * its own.
 */
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/client.js";
import { auditLog } from "../../src/db/schema.js";
import { buildApp } from "../../src/server/app.js";
import type { App } from "../../src/server/context.js";
import { loggerOptions } from "../../src/server/operations.js";
import { buildUser, sessionHeaders } from "../helpers/app.js";
import { createTestDatabase } from "../helpers/db.js";

const logLines: string[] = [];
let database: Database;
let app: App;
let admin: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "info" });
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  app = await buildApp({ database, config, logger: { ...loggerOptions(config), stream } });
  await app.ready();
  admin = await sessionHeaders(database, await buildUser(database, [{ role: "admin", region: "1310" }]));
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

let seq = 0;
/** Creates an account (an audited change) with the given X-Request-Id; returns the audit row's id. */
async function auditedChange(requestId: string) {
  seq += 1;
  const res = await app.inject({
    method: "POST",
    url: "/api/v1/users",
    headers: { ...admin, "x-request-id": requestId },
    payload: {
      username: `reqid_${seq}`,
      displayName: "x",
      password: "Correct4Horse",
      roles: [{ role: "village_staff", regionCode: "131002" }],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const [row] = await database.db
    .select({ requestId: auditLog.requestId })
    .from(auditLog)
    .where(eq(auditLog.entityId, res.json().id));
  return row?.requestId;
}

const reqIdsLogged = () =>
  logLines.map((line) => (JSON.parse(line) as { reqId?: string }).reqId).filter((v) => v !== undefined);

describe("X-Request-Id", () => {
  it("keeps a well-formed id in the log and the audit table", async () => {
    logLines.length = 0;
    expect(await auditedChange("trace-abc_1.2:3/4+5=")).toBe("trace-abc_1.2:3/4+5=");
    expect(reqIdsLogged()).toContain("trace-abc_1.2:3/4+5=");
  });

  it.each([
    ["too long", "a".repeat(129)],
    ["a forged log line", 'x","level":60,"msg":"forged'],
    ["markup", "<script>alert(1)</script>"],
    ["spaces", "two words"],
    ["non-ASCII", "追踪号"],
  ])("replaces %s with an id of its own", async (_what, bad) => {
    logLines.length = 0;
    const stored = await auditedChange(bad);
    expect(stored).toBeTruthy();
    expect(stored).not.toBe(bad);
    expect(stored).toMatch(/^[0-9a-f-]{36}$/);
    const ids = reqIdsLogged();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(bad);
    expect(new Set(ids)).toEqual(new Set([stored]));
  });
});
