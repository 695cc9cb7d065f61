/**
 * A refused outbox item keeps everything the worker wrote, as text to copy, for every kind of
 * item the phone records; and a page's outcome follows the item once it was waiting (sent later,
 * refused later, discarded), so it never goes on saying "will be sent" after the server refused.
 */
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { i18nOptions, type Lang } from "../../shared/i18n/setup.js";
import type { MobileT } from "../i18n/index.js";
import { mobileWords } from "../i18n/words.js";
import type { OutboxItem } from "../offline/db.js";
import { currentOutcome, outboxMarks, type SubmitOutcome } from "../offline/outbox.js";
import { outboxTitle, writtenFields, writtenText } from "./outbox-words.js";

async function tIn(lang: Lang): Promise<MobileT> {
  const i18n = i18next.createInstance();
  await i18n.init(i18nOptions("mobile", mobileWords, lang));
  return i18n.getFixedT(lang, "mobile") as unknown as MobileT;
}

function item(over: Partial<OutboxItem>): OutboxItem {
  return {
    id: "k1",
    userId: "u1",
    kind: "intake",
    createdAt: "2026-12-07T08:30:00.000Z",
    body: {},
    photos: [],
    attachmentIds: [],
    chained: false,
    sent: true,
    attempts: 1,
    state: "failed",
    error: { code: "stale_dispute", message: "stale" },
    summary: "",
    ...over,
  };
}

const session = item({
  kind: "dispute",
  action: "record_session",
  disputeNumber: "MD2612070004",
  disputeTypeName: "邻里纠纷",
  body: {
    version: 3,
    heldAt: "2026-12-07T15:00:00+08:00",
    place: "郑乙家中",
    participants: "吴甲、郑乙、村调解员",
    notes: "双方同意加装排水槽。\n费用各半。",
  },
  summary: "双方同意加装排水槽。\n费用各半。",
});

describe("writtenFields (what a refused item holds)", () => {
  it("keeps every field of a mediation session, in the form's order, and no codes", () => {
    expect(writtenFields(session)).toEqual([
      { label: "grid.mediation.heldAt", value: "2026-12-07T15:00:00+08:00", as: "time" },
      { label: "grid.mediation.place", value: "郑乙家中" },
      { label: "grid.mediation.participants", value: "吴甲、郑乙、村调解员" },
      { label: "grid.mediation.notes", value: "双方同意加装排水槽。\n费用各半。" },
    ]);
  });

  it("reads every kind the phone records: finding, case action, visit, appeal, dispute, follow-up", () => {
    const labels = (i: OutboxItem) => writtenFields(i).map((f) => `${f.label}=${f.value}`);
    expect(
      labels(item({ body: { description: "井盖破损", address: "幸福路8号", channel: "patrol" } })),
    ).toEqual(["grid.patrol.description=井盖破损", "grid.outbox.field.address=幸福路8号"]);
    expect(labels(item({ kind: "action", action: "reply", body: { result: "已修复", version: 2 } }))).toEqual(
      ["grid.action.reply.text=已修复"],
    );
    expect(labels(item({ kind: "action", action: "send_back", body: { reason: "不属本网格" } }))).toEqual([
      "grid.action.send_back.text=不属本网格",
    ]);
    expect(
      labels(item({ kind: "visit", action: "record", body: { findings: "本人在家", method: "home" } })),
    ).toEqual(["grid.visits.findings=本人在家"]);
    expect(labels(item({ kind: "visit", action: "appeal", body: { description: "楼道灯坏了" } }))).toEqual([
      "grid.outbox.field.appeal=楼道灯坏了",
    ]);
    expect(
      labels(
        item({
          kind: "visit",
          action: "dispute",
          body: {
            typeCode: "neighbour",
            facts: "院墙滴水",
            otherParties: [{ role: "respondent", name: "郑乙", phone: "13722224444" }],
          },
        }),
      ),
    ).toEqual(["grid.mediation.facts=院墙滴水", "grid.outbox.field.otherParty=郑乙 13722224444"]);
    expect(
      labels(
        item({
          kind: "dispute",
          action: "record_follow_up",
          body: { followedOn: "2026-12-07", performed: "partly", notes: "" },
        }),
      ),
    ).toEqual(["grid.mediation.followedOn=2026-12-07", "grid.mediation.performed=partly"]);
  });

  it("falls back on the item's summary when its form is not known", () => {
    expect(
      writtenFields(item({ kind: "action", action: "escalate", body: { x: 1 }, summary: "上报县里" })),
    ).toEqual([{ label: "grid.outbox.field.note", value: "上报县里" }]);
  });
});

describe("writtenText (the text the worker copies)", () => {
  it("reads as lines of label and value in Chinese, the time and the performance in words", async () => {
    const t = await tIn("zh-CN");
    const time = (iso: string) => `T(${iso.slice(0, 16)})`;
    const title = outboxTitle(session, t, (a) => a);
    expect(title).toBe("调解记录 · 邻里纠纷 · 纠纷编号 MD2612070004");
    expect(writtenText(session, { t, title, time })).toBe(
      [
        "调解记录 · 邻里纠纷 · 纠纷编号 MD2612070004",
        "记录于 T(2026-12-07T08:30)",
        "调解时间：T(2026-12-07T15:00)",
        "调解地点：郑乙家中",
        "参加人员：吴甲、郑乙、村调解员",
        "调解情况：双方同意加装排水槽。\n费用各半。",
      ].join("\n"),
    );
    const followUp = item({
      kind: "dispute",
      action: "record_follow_up",
      body: { followedOn: "2026-12-07", performed: "partly" },
    });
    expect(writtenText(followUp, { t, title: "x", time })).toContain("履行情况：部分履行");
  });

  it("reads in English", async () => {
    const t = await tIn("en");
    const text = writtenText(session, { t, title: "Session", time: () => "7 Dec, 15:00" });
    expect(text).toContain("Where: 郑乙家中");
    expect(text).toContain("When: 7 Dec, 15:00");
    expect(text).not.toMatch(/grid\.|\{\{|\{label\}/);
  });
});

describe("currentOutcome (a page's note follows its item)", () => {
  const waiting: SubmitOutcome = { status: "waiting", itemId: "k1" };
  it("says refused, and why, once the server refused an item that was waiting", () => {
    expect(currentOutcome(waiting, { items: [session], sent: [] })).toEqual({
      status: "failed",
      error: { code: "stale_dispute", message: "stale" },
    });
  });
  it("stays waiting while the item waits, says sent once it was sent, and is gone once discarded", () => {
    const still = { ...session, state: "waiting" as const, error: undefined };
    expect(currentOutcome(waiting, { items: [still], sent: [] })).toBe(waiting);
    expect(currentOutcome(waiting, { items: [], sent: [{ item: still, answer: { version: 4 } }] })).toEqual({
      status: "sent",
      answer: { version: 4 },
    });
    expect(currentOutcome(waiting, { items: [], sent: [] })).toBeNull();
  });
  it("leaves an answer the page already had as it was", () => {
    const sent: SubmitOutcome = { status: "sent", answer: { number: "1" } };
    expect(currentOutcome(sent, { items: [], sent: [] })).toBe(sent);
  });
});

describe("outboxMarks (a list's mark per subject)", () => {
  it("marks what waits as waiting and a subject with a refused item as refused, whatever the order", () => {
    const waitingOn = (n: string, id: string) =>
      item({ id, kind: "dispute", disputeNumber: n, state: "waiting", error: undefined });
    const refusedOn = (n: string, id: string) => item({ id, kind: "dispute", disputeNumber: n });
    const marks = outboxMarks(
      [waitingOn("A", "1"), refusedOn("B", "2"), waitingOn("B", "3"), refusedOn("C", "4"), item({ id: "5" })],
      (i) => i.disputeNumber,
    );
    expect([...marks.entries()].sort()).toEqual([
      ["A", "waiting"],
      ["B", "failed"],
      ["C", "failed"],
    ]);
  });
});
