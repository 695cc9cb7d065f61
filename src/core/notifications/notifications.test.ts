import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import type { Db } from "../../db/client.js";
import { notifications } from "../../db/schema.js";
import { buildLadder, type Ladder } from "../../modules/cases/deadlines/test-fixtures.js";
import { LogSmsChannel, type NotificationChannel } from "./channels.js";
import { deliverPending, retryDelayMs } from "./deliver-pending.js";
import { enqueueNotifications, type NotificationRow } from "./enqueue-notifications.js";

const T0 = new Date("2026-03-02T00:00:00Z");
const MINUTE = 60_000;
const later = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

/** A channel that records what it sent and fails while `failing` is true. */
function recordingChannel(
  name: "sms" | "wechat",
): NotificationChannel & { sent: number[]; failing: boolean } {
  const channel = {
    name,
    sent: [] as number[],
    failing: false,
    async send(n: NotificationRow) {
      if (channel.failing) throw new Error("gateway down");
      channel.sent.push(n.id);
    },
  };
  return channel;
}

describe("notification outbox", () => {
  let t: TestApp;
  let db: Db;
  let ladder: Ladder;

  beforeAll(async () => {
    t = await buildTestApp();
    db = t.database.db;
    ladder = await buildLadder(db);
  });
  afterAll(async () => t?.close());

  const message = { kind: "dispatch", title: "新案件", body: "请处理" };
  const rowsById = async (ids: number[]) =>
    db.select().from(notifications).where(inArray(notifications.id, ids)).orderBy(asc(notifications.id));
  /** Marks every earlier row delivered, so each test delivers only its own. */
  const clearOutbox = () => db.update(notifications).set({ deliveredAt: T0 });

  it("delivers in-app rows by writing them and leaves SMS rows for the worker", async () => {
    await clearOutbox();
    const written = await enqueueNotifications(
      db,
      [
        { channel: "in_app", recipientOrgId: ladder.village, ...message },
        { channel: "sms", recipientOrgId: ladder.village, ...message },
      ],
      { now: T0 },
    );
    expect(written.map((n) => [n.channel, n.deliveredAt?.toISOString() ?? null])).toEqual([
      ["in_app", T0.toISOString()],
      ["sms", null],
    ]);
    const sms = recordingChannel("sms");
    const wechat = recordingChannel("wechat");
    expect(await deliverPending(db, [sms, wechat], { now: later(1) })).toEqual({
      delivered: 1,
      failed: 0,
      gaveUp: 0,
    });
    expect(sms.sent).toEqual([written[1]?.id]);
    expect(wechat.sent).toEqual([]);
    const [row] = await rowsById([written[1]?.id ?? 0]);
    expect(row).toMatchObject({ attempts: 1, nextAttemptAt: null, lastError: null });
    expect(row?.deliveredAt?.toISOString()).toBe(later(1).toISOString());
    // Nothing is sent twice.
    expect(await deliverPending(db, [sms], { now: later(2) })).toEqual({
      delivered: 0,
      failed: 0,
      gaveUp: 0,
    });
  });

  it("retries a failed delivery with growing backoff and gives up after the last attempt", async () => {
    await clearOutbox();
    const [row] = await enqueueNotifications(
      db,
      [{ channel: "wechat", recipientOrgId: ladder.township, ...message }],
      {
        now: T0,
      },
    );
    const id = row?.id ?? 0;
    const wechat = recordingChannel("wechat");
    wechat.failing = true;
    expect(await deliverPending(db, [wechat], { now: T0, maxAttempts: 3 })).toMatchObject({
      failed: 1,
      gaveUp: 0,
    });
    let [stored] = await rowsById([id]);
    expect(stored).toMatchObject({ attempts: 1, lastError: "gateway down", deliveredAt: null });
    expect(stored?.nextAttemptAt?.toISOString()).toBe(later(1).toISOString());
    // Not before the backoff has passed.
    expect(await deliverPending(db, [wechat], { now: later(0.5), maxAttempts: 3 })).toMatchObject({
      failed: 0,
    });
    expect(await deliverPending(db, [wechat], { now: later(1), maxAttempts: 3 })).toMatchObject({
      failed: 1,
    });
    [stored] = await rowsById([id]);
    expect(stored?.nextAttemptAt?.toISOString()).toBe(later(1 + 2).toISOString());
    expect(await deliverPending(db, [wechat], { now: later(3), maxAttempts: 3 })).toMatchObject({
      failed: 1,
      gaveUp: 1,
    });
    wechat.failing = false;
    expect(await deliverPending(db, [wechat], { now: later(600), maxAttempts: 3 })).toMatchObject({
      delivered: 0,
    });
    // A later worker with a higher limit picks it up again.
    expect(await deliverPending(db, [wechat], { now: later(600), maxAttempts: 4 })).toMatchObject({
      delivered: 1,
    });
    expect(retryDelayMs(1)).toBe(MINUTE);
    expect(retryDelayMs(20)).toBe(360 * MINUTE);
  });

  it("sends each row once when several workers drain the outbox at the same time", async () => {
    await clearOutbox();
    const written = await enqueueNotifications(
      db,
      Array.from({ length: 40 }, (_, i) => ({
        channel: "sms" as const,
        recipientOrgId: ladder.village,
        ...message,
        body: `#${i}`,
      })),
    );
    const sms = recordingChannel("sms");
    const results = await Promise.all(
      Array.from({ length: 4 }, () => deliverPending(db, [sms], { batchSize: 3 })),
    );
    expect(results.reduce((sum, r) => sum + r.delivered, 0)).toBe(40);
    expect([...sms.sent].sort((a, b) => a - b)).toEqual(written.map((n) => n.id).sort((a, b) => a - b));
    const stored = await rowsById(written.map((n) => n.id));
    expect(stored.every((n) => n.deliveredAt !== null && n.attempts === 1)).toBe(true);
  });

  it("LogSmsChannel writes the message to the log, without personal data", async () => {
    await clearOutbox();
    const lines: { obj: object; msg: string }[] = [];
    const channel = new LogSmsChannel({ info: (obj, msg) => lines.push({ obj, msg }) });
    const [row] = await enqueueNotifications(db, [
      { channel: "sms", recipientOrgId: ladder.county, ...message },
    ]);
    expect(await deliverPending(db, [channel])).toMatchObject({ delivered: 1 });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.msg).toContain("sms");
    expect(lines[0]?.obj).toMatchObject({
      notificationId: row?.id,
      recipientOrgId: ladder.county,
      text: "新案件 请处理",
    });
    const [stored] = await db
      .select()
      .from(notifications)
      .where(eq(notifications.id, row?.id ?? 0));
    expect(stored?.deliveredAt).not.toBeNull();
  });
});
