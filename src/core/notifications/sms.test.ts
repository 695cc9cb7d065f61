/**
 * The SMS channel over Aliyun's SDK, against a local fake of Aliyun's SMS API (plain HTTP on
 * 127.0.0.1): settings from the environment (off by default), a sign-in code and a resident's
 * "replied, please rate" message as the provider receives them, a refusal retried by the outbox,
 * and the sign-in route wired to the provider when SMS_PROVIDER is set.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/helpers/db.js";
import { loadConfig } from "../../config.js";
import type { Database } from "../../db/client.js";
import { notifications } from "../../db/schema.js";
import { buildCase } from "../../modules/cases/actions/test-factory.js";
import { buildCaseWorld, type CaseWorld } from "../../modules/cases/test-fixtures.js";
import { buildApp } from "../../server/app.js";
import { AliyunSmsGateway } from "./aliyun-sms.js";
import { deliverPending } from "./deliver-pending.js";
import { enqueueNotifications } from "./enqueue-notifications.js";
import { SmsChannel, smsSettingsFromEnv, SmsSettingsError, type SmsSettings } from "./sms.js";

interface Received {
  method: string;
  params: Record<string, string>;
  headers: http.IncomingHttpHeaders;
}

/** Aliyun's SendSms, faked: records each request and answers OK, or the queued refusal. */
async function fakeAliyun() {
  const received: Received[] = [];
  const refusals: { Code: string; Message: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const params = Object.fromEntries([...url.searchParams, ...new URLSearchParams(body)]);
      received.push({ method: req.method ?? "", params, headers: req.headers });
      const answer = refusals.shift() ?? { Code: "OK", Message: "OK", BizId: "900", RequestId: "r-1" };
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ RequestId: "r-1", ...answer }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `127.0.0.1:${port}`,
    received,
    refuseNext: (Code: string, Message: string) => refusals.push({ Code, Message }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ENV = {
  SMS_PROVIDER: "aliyun",
  SMS_ACCESS_KEY_ID: "test-key-id",
  SMS_ACCESS_KEY_SECRET: "test-key-secret",
  SMS_SIGN_NAME: "微治理",
  SMS_TEMPLATE_LOGIN_CODE: "SMS_100001",
  SMS_TEMPLATE_REPLY: "SMS_100003",
};

describe("SMS settings", () => {
  it("are off unless SMS_PROVIDER is set", () => {
    expect(smsSettingsFromEnv({})).toBeNull();
    expect(smsSettingsFromEnv({ SMS_PROVIDER: "off" })).toBeNull();
    expect(loadConfig({ DATA_DIR: "/nonexistent" }).sms).toBeNull();
  });

  it("read the provider, keys, signature and templates, and refuse what cannot work", () => {
    expect(smsSettingsFromEnv(ENV)).toEqual({
      provider: "aliyun",
      accessKeyId: "test-key-id",
      accessKeySecret: "test-key-secret",
      signName: "微治理",
      templates: { login_code: "SMS_100001", reply: "SMS_100003" },
      endpoint: "dysmsapi.aliyuncs.com",
    });
    expect(() => smsSettingsFromEnv({ ...ENV, SMS_PROVIDER: "twilio" })).toThrow(SmsSettingsError);
    expect(() => smsSettingsFromEnv({ ...ENV, SMS_ACCESS_KEY_SECRET: "" })).toThrow(/SMS_ACCESS_KEY_SECRET/);
    expect(() =>
      smsSettingsFromEnv({ ...ENV, SMS_TEMPLATE_LOGIN_CODE: undefined, SMS_TEMPLATE_REPLY: undefined }),
    ).toThrow(/SMS_TEMPLATE/);
    expect(() => loadConfig({ DATA_DIR: "/nonexistent", SMS_PROVIDER: "aliyun" })).toThrow(
      /SMS_ACCESS_KEY_ID/,
    );
  });
});

describe("SMS through Aliyun", () => {
  let fake: Awaited<ReturnType<typeof fakeAliyun>>;
  let w: CaseWorld;
  let settings: SmsSettings;

  beforeAll(async () => {
    fake = await fakeAliyun();
    w = await buildCaseWorld();
    const parsed = smsSettingsFromEnv({ ...ENV, SMS_ENDPOINT: fake.endpoint });
    if (!parsed) throw new Error("SMS settings expected");
    settings = parsed;
  });
  afterAll(async () => {
    await w?.t.close();
    await fake?.close();
  });

  it("sends a resident's 'replied, please rate' message to the phone left on the case, through the outbox", async () => {
    const db = w.t.database.db;
    const { case: c } = await buildCase(db, { reporterPhone: "13912345678", status: "replied" });
    const [row] = await enqueueNotifications(db, [
      {
        channel: "sms",
        recipientCaseId: c.id,
        subjectType: "case",
        subjectId: c.id,
        kind: "reply",
        title: "已答复",
        body: "请评价",
      },
    ]);
    const channel = new SmsChannel(db, new AliyunSmsGateway(settings), settings.templates);
    const before = fake.received.length;
    expect(await deliverPending(db, [channel])).toMatchObject({ delivered: 1, failed: 0 });
    const sent = fake.received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.params).toMatchObject({
      PhoneNumbers: "13912345678",
      SignName: "微治理",
      TemplateCode: "SMS_100003",
      OutId: String(row?.id),
    });
    expect(JSON.parse(sent[0]?.params.TemplateParam ?? "{}")).toEqual({ number: c.number });
    expect(sent[0]?.headers["x-acs-action"]).toBe("SendSms");
    // Signed with the key id; the secret itself never travels.
    expect(sent[0]?.headers.authorization).toContain("Credential=test-key-id");
    expect(JSON.stringify(sent)).not.toContain("test-key-secret");
  });

  it("leaves a refused message for a later attempt, with the provider's reason", async () => {
    const db = w.t.database.db;
    const { case: c } = await buildCase(db, { reporterPhone: "13912345679", status: "replied" });
    const [row] = await enqueueNotifications(db, [
      {
        channel: "sms",
        recipientCaseId: c.id,
        subjectType: "case",
        subjectId: c.id,
        kind: "reply",
        title: "已答复",
        body: "请评价",
      },
      {
        channel: "sms",
        recipientCaseId: c.id,
        subjectType: "case",
        subjectId: c.id,
        kind: "urge",
        title: "催办",
        body: "请办理",
      },
    ]);
    fake.refuseNext("isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控");
    const channel = new SmsChannel(db, new AliyunSmsGateway(settings), settings.templates);
    expect(await deliverPending(db, [channel])).toMatchObject({ delivered: 0, failed: 2 });
    const rows = await db.select().from(notifications).where(eq(notifications.subjectId, c.id));
    const reply = rows.find((r) => r.id === row?.id);
    expect(reply?.deliveredAt).toBeNull();
    expect(reply?.lastError).toContain("isv.BUSINESS_LIMIT_CONTROL");
    // A kind without a template is never sent by SMS: the row says why.
    expect(rows.find((r) => r.kind === "urge")?.lastError).toContain("no SMS template for kind urge");
  });

  it("sends the sign-in code through the provider when SMS_PROVIDER is set", async () => {
    let database: Database | undefined;
    try {
      database = await createTestDatabase();
      const config = { ...loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "silent" }), sms: settings };
      const app = await buildApp({ database, config });
      const before = fake.received.length;
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/auth/otp/request",
        payload: { phone: "13712345678" },
      });
      expect(res.statusCode).toBe(200);
      // Not demo mode: the code is in the SMS, never in the answer.
      expect(res.body).not.toMatch(/\d{6}/);
      const sent = fake.received.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.params).toMatchObject({ PhoneNumbers: "13712345678", TemplateCode: "SMS_100001" });
      expect(JSON.parse(sent[0]?.params.TemplateParam ?? "{}")).toEqual({
        code: expect.stringMatching(/^\d{6}$/),
      });
      await app.close();
    } finally {
      await database?.close();
    }
  });
});
