/**
 * `Idempotency-Key` on every dispute action: the mediator's phone queues sessions and follow-ups
 * in its outbox and sends them again after a lost answer, so a repeat must answer the first
 * answer and record nothing twice, and a key reused for something else must be refused.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workflowEvents } from "../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import type { WorldRole } from "../cases/actions/test-factory.js";
import { DISPUTE_ACTION_ROUTES } from "./routes.js";
import { disputes } from "./schema.js";
import type { DisputeAction } from "./state-table.js";
import { buildMediationWorld, type MediationWorld } from "./test-factory.js";

const DAY = 86_400_000;

interface Spec {
  /** The actions (without a key) that bring a new dispute to a state this action starts from. */
  before: { action: DisputeAction; body: Record<string, unknown> }[];
  body: Record<string, unknown>;
  /** Another body for the same action: with the same key, 409 idempotency_mismatch. */
  other: Record<string, unknown>;
  who?: WorldRole;
}

describe("dispute actions with Idempotency-Key", () => {
  let t: TestApp;
  let w: MediationWorld;
  let phoneSeq = 0;
  const freshPhone = () => `1370000${String(1000 + ++phoneSeq).padStart(4, "0")}`;

  const session = (n: number) => ({
    heldAt: new Date(Date.now() - n * DAY).toISOString(),
    place: "村委会调解室",
    participants: "王大山、赵小河、村调解员",
    notes: `第${n}次调解：双方陈述了各自意见。`,
  });
  const accepted = [{ action: "accept" as const, body: {} }];
  const mediated = [...accepted, { action: "record_session" as const, body: session(2) }];
  const settledWritten = [
    ...mediated,
    {
      action: "settle" as const,
      body: { form: "written", matters: "院墙滴水", agreed: "加装排水槽", performanceManner: "自费施工" },
    },
  ];
  const referred = [
    ...accepted,
    {
      action: "refer" as const,
      body: { channel: "litigation", receivingBody: "安次区人民法院", referredOn: "2026-12-01" },
    },
  ];

  // One entry per action route: a new action route without an entry fails the first test.
  const SPECS = (): Record<string, Spec> => ({
    assign: {
      before: [],
      body: { mediatorId: w.mediators.villageStaff },
      other: { mediatorId: w.mediators.leader },
    },
    accept: { before: [], body: {}, other: { note: "今天受理" } },
    decline: {
      before: [{ action: "assign", body: { mediatorId: w.mediators.villageStaff } }],
      body: { reason: "与当事人有亲属关系，需回避" },
      other: { reason: "另有安排" },
    },
    escalate: { before: accepted, body: { reason: "涉及两村土地" }, other: { reason: "村里调不了" } },
    record_session: { before: accepted, body: session(1), other: { ...session(1), place: "当事人家中" } },
    extend: {
      before: accepted,
      body: { days: 10, consent: "双方当事人同意延期" },
      other: { days: 5, consent: "双方当事人同意延期" },
    },
    change_risk: {
      before: [],
      body: { riskLevel: "significant", reason: "双方争吵升级" },
      other: { riskLevel: "general", reason: "双方冷静下来" },
    },
    settle: {
      before: mediated,
      body: { form: "oral", matters: "院墙滴水", agreed: "加装排水槽", performanceManner: "自费施工" },
      other: { form: "oral", matters: "院墙滴水", agreed: "赔偿八百元", performanceManner: "现金" },
    },
    refer: {
      before: accepted,
      body: { channel: "arbitration", receivingBody: "县劳动人事争议仲裁委员会", referredOn: "2026-12-02" },
      other: { channel: "litigation", receivingBody: "安次区人民法院", referredOn: "2026-12-02" },
    },
    record_follow_up: {
      before: settledWritten,
      body: { followedOn: "2026-12-05", performed: "yes", notes: "排水槽已装好。" },
      other: { followedOn: "2026-12-05", performed: "partly", notes: "还差一半。" },
    },
    record_judicial_confirmation: {
      before: settledWritten,
      body: { appliedOn: "2026-12-03", court: "安次区人民法院" },
      other: { appliedOn: "2026-12-04", court: "安次区人民法院" },
    },
    archive: { before: referred, body: {}, other: { note: "卷宗已整理" } },
  });

  const act = (ref: string, action: string, body: object, key?: string, who: WorldRole = "villageStaff") =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/mediation/disputes/${ref}/actions/${action}`,
      headers: { ...w.headers[who], ...(key === undefined ? {} : { "idempotency-key": key }) },
      payload: body,
    });

  /** A new dispute brought (without keys) to the state `before` leads to; answers its number and version. */
  const disputeFor = async (before: Spec["before"]) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/mediation/disputes",
      headers: w.headers.villageStaff,
      payload: {
        source: "walk_in",
        regionCode: w.village,
        typeCode: "neighbour",
        facts: "两户因院墙滴水问题多次争吵。",
        parties: [
          { role: "applicant", name: "王大山", phone: freshPhone() },
          { role: "respondent", name: "赵小河", phone: freshPhone() },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json<{ id: string; number: string; version: number }>();
    let version = d.version;
    for (const step of before) {
      const moved = await act(d.number, step.action, { ...step.body, version });
      expect(moved.statusCode, `${step.action}: ${moved.body}`).toBe(200);
      version = moved.json<{ version: number }>().version;
    }
    return { ...d, version };
  };
  const eventsOf = (disputeId: string, action: string) =>
    t.database.db
      .select()
      .from(workflowEvents)
      .where(and(eq(workflowEvents.subjectId, disputeId), eq(workflowEvents.action, action)));

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildMediationWorld(t);
  });
  afterAll(async () => t.close());

  it("covers every dispute action route", () => {
    expect(Object.keys(SPECS()).sort()).toEqual([...DISPUTE_ACTION_ROUTES].sort());
  });

  for (const action of DISPUTE_ACTION_ROUTES) {
    it(`${action}: the same key replays the first answer; the same key with another body is 409 idempotency_mismatch`, async () => {
      const spec = SPECS()[action];
      if (!spec) throw new Error(`no spec for ${action}`);
      const d = await disputeFor(spec.before);
      const key = `outbox-${action}-${d.number}`;
      const body = { ...spec.body, version: d.version };
      const first = await act(d.number, action, body, key, spec.who);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.headers["idempotent-replayed"]).toBeUndefined();

      // The same body with its keys in another order: the stored answer, nothing recorded again.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const again = await act(d.number, action, reordered, key, spec.who);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.headers["idempotent-replayed"]).toBe("true");
      expect(again.json()).toEqual(first.json());
      expect(await eventsOf(d.id, action)).toHaveLength(1);
      const [row] = await t.database.db.select().from(disputes).where(eq(disputes.id, d.id));
      expect(row?.version).toBe(first.json<{ version: number }>().version);

      const changed = await act(d.number, action, { ...spec.other, version: d.version }, key, spec.who);
      expect(changed.statusCode, changed.body).toBe(409);
      expect(changed.json().error.code).toBe("idempotency_mismatch");
      expect(await eventsOf(d.id, action)).toHaveLength(1);
    });
  }

  it("refuses a key reused on another dispute; stores nothing for a refusal; 404 and 400 as without a key", async () => {
    const a = await disputeFor(accepted);
    const b = await disputeFor(accepted);
    const body = (v: number) => ({ ...session(1), version: v });
    expect((await act(a.number, "record_session", body(a.version), "outbox-shared")).statusCode).toBe(200);
    const other = await act(b.number, "record_session", body(b.version), "outbox-shared");
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe("idempotency_mismatch");
    expect(await eventsOf(b.id, "record_session")).toHaveLength(0);

    // A stale version is refused and rolls the key back: the same key with the right version works.
    const stale = await act(b.number, "record_session", body(b.version + 3), "outbox-stale");
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("stale_dispute");
    const fixed = await act(b.number, "record_session", body(b.version), "outbox-stale");
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.headers["idempotent-replayed"]).toBeUndefined();
    expect(await eventsOf(b.id, "record_session")).toHaveLength(1);

    // Someone outside the dispute's place with a key: 404 as without one, and no key kept.
    const outside = await act(b.number, "record_session", body(b.version + 1), "outbox-outsider", "outsider");
    expect(outside.statusCode).toBe(404);
    const bad = await act(b.number, "record_session", body(b.version + 1), "has spaces");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("bad_idempotency_key");
  });
});
