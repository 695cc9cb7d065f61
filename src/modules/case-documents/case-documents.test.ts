import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, categories, organisations, regions } from "../../db/schema.js";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { readPdfText, type PdfText } from "../../../test/helpers/pdf.js";
import { buildCase, buildWorld, type World, type WorldRole } from "../cases/actions/test-factory.js";

const HOUR = 3_600_000;
const SHEET = "print/handling-sheet.pdf";
const NOTICE = "print/supervision-notice.pdf";

describe("printed case documents", () => {
  let t: TestApp;
  let w: World;
  /** A case through intake, dispatch, respond, two urgings and a reply, with a reporter's contact. */
  let number: string;
  let caseId: string;
  let categoryName: string;

  const act = async (who: WorldRole, ref: string, action: string, body: object = {}) => {
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${ref}/actions/${action}`,
      headers: w.headers[who],
      payload: body,
    });
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  };
  const print = (who: WorldRole | null, ref: string, doc: string, query = "") =>
    t.app.inject({
      url: `/api/v1/cases/${ref}/${doc}${query}`,
      headers: who === null ? {} : w.headers[who],
    });
  const printed = async (who: WorldRole, ref: string, doc: string, query = ""): Promise<PdfText> => {
    const res = await print(who, ref, doc, query);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["cache-control"]).toBe("no-store");
    return readPdfText(res.rawPayload);
  };
  /** Index of each needle in `text`, failing the test on one that is missing. */
  const positions = (text: string, needles: string[]) =>
    needles.map((n) => {
      const at = text.indexOf(n);
      expect(at, `"${n}" in the text`).toBeGreaterThanOrEqual(0);
      return at;
    });
  const nameOf = async (code: string) =>
    (await t.database.db.select({ name: regions.name }).from(regions).where(eq(regions.code, code)))[0]
      ?.name ?? "";

  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorld(t);
    const [category] = await t.database.db
      .select({ name: categories.name })
      .from(categories)
      .where(eq(categories.code, "security.wires"));
    categoryName = category?.name ?? "";
    const { case: c } = await buildCase(t.database.db, {
      categoryCode: "security.wires",
      description: "楼道里有人私拉电线给电动车充电，存在火灾隐患。",
      address: "银河南路88号院3号楼",
      reporterName: "张三丰",
      reporterPhone: "13812345678",
    });
    number = c.number;
    caseId = c.id;
    await act("dispatcher", number, "dispatch", { orgId: w.units.gridPost, note: "请网格员现场核实" });
    await act("gridWorker", number, "respond", { contactMethod: "phone", note: "已电话联系反映人" });
    await act("supervisor", number, "urge", { note: "第一次催办：请加快办理" });
    await act("supervisor", number, "urge", { note: "第二次催办：今日办结" });
    await act("gridWorker", number, "reply", { result: "已拆除私拉电线，恢复楼道通行" });
  });
  afterAll(async () => t.close());

  describe("the handling sheet (办理单)", () => {
    it("carries the case's number, category, place by name, masked reporter and its deadlines", async () => {
      const pdf = await printed("dispatcher", number, SHEET);
      expect(pdf.pages).toHaveLength(1);
      expect(pdf.text).toContain("第 1 页 / 共 1 页");
      expect(pdf.squeezed).toContain(number);
      expect(pdf.text).toContain("群众诉求办理单");
      expect(pdf.text).toContain(categoryName);
      // The place by the names of its regions, never their codes.
      for (const code of [w.county, w.township, w.village]) {
        expect(pdf.text).toContain(await nameOf(code));
        expect(pdf.text).not.toContain(code);
      }
      expect(pdf.squeezed).toContain("银河南路88号院3号楼");
      expect(pdf.text).toContain("138****5678");
      expect(pdf.text).toContain("张**");
      expect(pdf.text).not.toContain("13812345678");
      expect(pdf.text).not.toContain("张三丰");
      expect(pdf.text).toContain("热线");
      expect(pdf.info.Title).toBe(`群众诉求办理单 编号 ${number}`);
    });

    it("lists the timeline in order with each step in Chinese words, its unit and note", async () => {
      const { squeezed } = await printed("dispatcher", number, SHEET);
      // Squeezed: a cell's text may wrap inside its column.
      const at = positions(squeezed, [
        "受理",
        "派发",
        "请网格员现场核实",
        "响应（联系群众）",
        "已电话联系反映人",
        "第一次催办：请加快办理",
        "第二次催办：今日办结",
        "已拆除私拉电线",
      ]);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      const [post] = await t.database.db
        .select({ name: organisations.name })
        .from(organisations)
        .where(eq(organisations.id, w.units.gridPost));
      expect(squeezed).toContain(`派至${post?.name}`);
      // Signatures and evaluation are there even before the resident rated the answer.
      positions(squeezed, ["承办人（签字）", "审核人（签字）", "尚未评价"]);
    });

    it("keeps the contact masked on paper for a role that revealed it on screen", async () => {
      const revealed = await t.app.inject({
        method: "POST",
        url: `/api/v1/cases/${number}/reveal-contact`,
        headers: w.headers.gridWorker,
        payload: {},
      });
      expect(revealed.json()).toMatchObject({ phone: "13812345678" });
      const { text } = await printed("gridWorker", number, SHEET);
      expect(text).toContain("138****5678");
      expect(text).not.toContain("13812345678");
    });

    it("is not found outside the reader's scope, refused to roles without cases.read, and needs sign-in", async () => {
      expect((await print("outsider", number, SHEET)).statusCode).toBe(404);
      // A department sees only the cases it is part of.
      expect((await print("urbanHandler", number, SHEET)).statusCode).toBe(404);
      expect((await print("outsider", caseId, SHEET)).json().error.code).toBe("not_found");
      expect((await print("resident", number, SHEET)).statusCode).toBe(403);
      expect((await print(null, number, SHEET)).statusCode).toBe(401);
      expect((await print("dispatcher", "999999999999", SHEET)).statusCode).toBe(404);
    });

    it("embeds only the glyphs it uses: a one-page sheet stays small", async () => {
      const res = await print("dispatcher", number, SHEET);
      // The font files are 8 MB each; subset, both weights together take a few tens of kB.
      expect(res.rawPayload.length).toBeLessThan(250_000);
      expect(res.rawPayload.toString("latin1")).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    });
  });

  describe("the supervision notice (督办单)", () => {
    it("is issued by the level's centre to the unit holding the case, listing what is late and urged", async () => {
      const { case: late } = await buildCase(t.database.db, {
        categoryCode: "security.wires",
        responseDueAt: new Date(Date.now() - 50 * HOUR),
        handleDueAt: new Date(Date.now() - 26 * HOUR),
        createdAt: new Date(Date.now() - 60 * HOUR),
      });
      await act("dispatcher", late.number, "dispatch", { orgId: w.units.gridPost });
      await act("supervisor", late.number, "urge", { note: "请立即联系群众" });
      const { text, squeezed } = await printed("supervisor", late.number, NOTICE, "?level=county");
      const [county] = await t.database.db
        .select({ name: organisations.name })
        .from(organisations)
        .where(eq(organisations.id, w.units.countyCentre));
      const [post] = await t.database.db
        .select({ name: organisations.name })
        .from(organisations)
        .where(eq(organisations.id, w.units.gridPost));
      expect(text).toContain(county?.name ?? "?");
      expect(text).toContain("县（区）级督办");
      expect(squeezed).toContain(`${post?.name}：`.replace(/\s/g, ""));
      expect(squeezed).toContain("已超过响应时限2天2小时，尚未联系群众");
      expect(text).toContain("请立即联系群众");
      positions(squeezed, [
        "督办事项",
        "响应时限",
        "已超期",
        "反馈期限",
        "签发人（签字）",
        "（盖章）",
        "签收回执",
      ]);
      expect(text).toContain(categoryName);
    });

    it("defaults to the highest centre the reader supervises, and refuses a centre outside their scope", async () => {
      const townshipName = (
        await t.database.db
          .select({ name: organisations.name })
          .from(organisations)
          .where(eq(organisations.id, w.units.townshipCentre))
      )[0]?.name;
      const byDispatcher = await printed("dispatcher", number, NOTICE);
      expect(byDispatcher.text).toContain("乡镇（街道）级督办");
      expect(byDispatcher.text).toContain(townshipName ?? "?");
      expect((await printed("supervisor", number, NOTICE)).text).toContain("县（区）级督办");
      expect((await printed("supervisor", number, NOTICE, "?level=township")).text).toContain(
        "乡镇（街道）级督办",
      );
      const tooHigh = await print("dispatcher", number, NOTICE, "?level=county");
      expect(tooHigh.statusCode).toBe(403);
      expect((await print("supervisor", number, NOTICE, "?level=city")).statusCode).toBe(403);
      expect((await print("gridWorker", number, NOTICE)).statusCode).toBe(403);
      expect((await print("outsider", number, NOTICE)).statusCode).toBe(404);
    });

    it("answers bad input with 400 and a closed case with 409", async () => {
      const bad = await print("supervisor", number, NOTICE, "?level=province");
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe("querystring.level");
      expect((await print("supervisor", number, NOTICE, "?answerDays=0")).statusCode).toBe(400);
      const { case: closed } = await buildCase(t.database.db, { status: "closed", closedAt: new Date() });
      const res = await print("supervisor", closed.number, NOTICE);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: "case_not_open", details: { status: "closed" } });
    });
  });

  it("flows a long timeline onto more pages, numbered, with the header repeated", async () => {
    const { case: busy } = await buildCase(t.database.db, { categoryCode: "security.wires" });
    await act("dispatcher", busy.number, "dispatch", { orgId: w.units.gridPost });
    for (let i = 1; i <= 45; i++) {
      await act("supervisor", busy.number, "urge", { note: `第${i}次催办，请于今日下班前答复办理进展。` });
    }
    const short = await printed("dispatcher", number, SHEET);
    const long = await printed("dispatcher", busy.number, SHEET);
    expect(long.pages.length).toBeGreaterThan(short.pages.length);
    expect(long.pages.length).toBeGreaterThanOrEqual(3);
    long.pages.forEach((page, i) => {
      expect(page).toContain(`第 ${i + 1} 页 / 共 ${long.pages.length} 页`);
      expect(page.replace(/\s/g, "")).toContain(busy.number);
    });
    // Later pages repeat the table's header; the urgings stay in order across the page breaks.
    expect(long.pages[1]).toContain("单位（经办人）");
    const at = positions(long.squeezed, ["第1次催办", "第20次催办", "第45次催办"]);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(long.pages.at(-1)).toContain("承办人（签字）");
  });

  it("writes every print to the audit log of the case's area, with the document and level", async () => {
    const before = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "case.print"), eq(auditLog.entityId, caseId)));
    const notice = await printed("supervisor", number, NOTICE, "?level=township");
    const sheet = await printed("supervisor", number, SHEET);
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "case.print"), eq(auditLog.entityId, caseId)));
    expect(rows.length).toBe(before.length + 2);
    const last = rows.slice(-2);
    expect(last.map((r) => r.after)).toEqual([
      {
        document: "supervision_notice",
        level: "township",
        number,
        pages: notice.pages.length,
        reporterMasked: true,
      },
      { document: "handling_sheet", number, pages: sheet.pages.length, reporterMasked: true },
    ]);
    expect(last[0]).toMatchObject({ actorUserId: w.users.supervisor.id, entityType: "case" });
    expect(String(last[0]?.scopePath)).toContain(w.village);
    // A refused print leaves no row.
    await print("outsider", number, SHEET);
    const after = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "case.print"), eq(auditLog.entityId, caseId)));
    expect(after.length).toBe(rows.length);
  });
});
