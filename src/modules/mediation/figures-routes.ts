/**
 * The dispute figures' API: the figures of a region, type and period (one level down and by type),
 * the disputes behind one figure, the monthly screening figures, and the monthly statistics table
 * as XLSX. Each route reads top to bottom: authenticate → validate (the schema) → load in scope →
 * authorise → act → present; a region outside the reader's scope is 404.
 */
import type { App, AppContext } from "../../server/context.js";
import { computeDisputeFigures, computeScreeningFigures, findFigureDisputes } from "./figures.js";
import {
  DisputeFigureDisputesQuery,
  DisputeFiguresQuery,
  DisputeFiguresSchema,
  FigureDisputeListSchema,
  MonthlyTableQuery,
  ScreeningFiguresQuery,
  ScreeningFiguresSchema,
} from "./figures-schemas.js";
import { buildMonthlyTable, monthlyTableDisposition, monthlyTableXlsx, XLSX_TYPE } from "./monthly-table.js";

const security = [{ session: [] }];
const TAGS = ["mediation"];

export async function mediationFigureRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    "/mediation/figures",
    {
      schema: {
        tags: TAGS,
        summary:
          "The dispute figures of a region, type and period: found, accepted, settled, settlement rate, " +
          "within the deadline, settled by level, repeated-party alerts; one level down and by type",
        description:
          "Needs mediation.read; a region outside your scope is 404, an unknown type 404. Period in China-time " +
          "days, default 1 January to today; `from` after `to` is 400.",
        security,
        querystring: DisputeFiguresQuery,
        response: { 200: DisputeFiguresSchema },
      },
    },
    async (request) => computeDisputeFigures(ctx.db, request.actor, request.query),
  );

  app.get(
    "/mediation/figures/disputes",
    {
      schema: {
        tags: TAGS,
        summary: "The disputes behind one figure (same region, type and period), the latest first",
        security,
        querystring: DisputeFigureDisputesQuery,
        response: { 200: FigureDisputeListSchema },
      },
    },
    async (request) => findFigureDisputes(ctx.db, request.actor, request.query),
  );

  app.get(
    "/mediation/figures/screening",
    {
      schema: {
        tags: TAGS,
        summary: "The month's screening (排查): villages done, not done, overdue, and disputes found",
        description:
          "Needs mediation.read_screening; `month` is YYYY-MM (this month, China time, when absent).",
        security,
        querystring: ScreeningFiguresQuery,
        response: { 200: ScreeningFiguresSchema },
      },
    },
    async (request) => computeScreeningFigures(ctx.db, request.actor, request.query),
  );

  app.get(
    "/mediation/figures/monthly.xlsx",
    {
      schema: {
        tags: TAGS,
        summary:
          "The monthly statistics table (人民调解工作月统计表) as XLSX: a row per region one level down and a total",
        description:
          "Needs mediation.read; a region outside your scope is 404; with several scopes and no `region`, 400 " +
          "region_required. `month` is YYYY-MM (this month, China time, when absent).",
        security,
        querystring: MonthlyTableQuery,
      },
    },
    async (request, reply) => {
      const table = await buildMonthlyTable(ctx.db, request.actor, request.query);
      return reply
        .header("content-type", XLSX_TYPE)
        .header("content-disposition", monthlyTableDisposition(table))
        .header("cache-control", "no-store")
        .send(await monthlyTableXlsx(table));
    },
  );
}
