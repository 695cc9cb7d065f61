import type { FastifyReply } from "fastify";
import { z } from "zod";
import type { App, AppContext } from "../../server/context.js";
import { requirePermission, requireActor } from "../../core/access/policy.js";
import { SupervisionBoardQuery } from "../cases/index.js";
import { CaseListQuery } from "../cases/schemas.js";
import { CockpitCasesQuery } from "../cockpit/schemas.js";
import { RatesQuery } from "../rates/schemas.js";
import { caseListTable, rateCasesTable } from "./case-table.js";
import { EXPORT_LANGS } from "./labels.js";
import { RATE_TABLES, rateTable } from "./rate-table.js";
import { supervisionTable } from "./supervision-table.js";
import {
  CONTENT_TYPES,
  EXPORT_FORMATS,
  contentDisposition,
  render,
  type ExportFormat,
  type Table,
} from "./table.js";

const security = [{ session: [] }];
const Lang = { lang: z.enum(EXPORT_LANGS).default("zh") };

const CaseExportQuery = CaseListQuery.safeExtend(Lang);
const RateExportQuery = RatesQuery.safeExtend({ ...Lang, by: z.enum(RATE_TABLES).default("summary") });
const RateCasesExportQuery = CockpitCasesQuery.safeExtend(Lang);
const SupervisionExportQuery = SupervisionBoardQuery.omit({ limit: true, offset: true }).safeExtend(Lang);

const stamp = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 16).replace(/[-:T]/g, "");

/**
 * Downloads: any case list, the supervision board and every rate table as XLSX or CSV (UTF-8 with BOM), with the same
 * filters, scope and visibility as the list or figures they export; no contact data.
 */
export async function exportRoutes(app: App, ctx: AppContext): Promise<void> {
  for (const format of EXPORT_FORMATS) {
    const send = async (reply: FastifyReply, table: Table, basename: string) =>
      reply
        .header("content-type", CONTENT_TYPES[format as ExportFormat])
        .header("content-disposition", contentDisposition(`${basename}-${stamp()}`, format))
        .header("cache-control", "no-store")
        .send(await render(table, format));

    app.get(
      `/exports/cases.${format}`,
      {
        schema: {
          tags: ["exports"],
          summary: `The case list (same filters as GET /cases, every page) as ${format.toUpperCase()}`,
          security,
          querystring: CaseExportQuery,
        },
      },
      async (request, reply) => {
        requirePermission(request.actor, "cases.read");
        const { lang, ...query } = request.query;
        const table = await caseListTable(ctx.db, requireActor(request.actor), query, lang);
        return send(reply, table, "cases");
      },
    );

    app.get(
      `/exports/supervision.${format}`,
      {
        schema: {
          tags: ["exports"],
          summary: `The supervision board (same filters as GET /supervision/overdue, every row) as ${format.toUpperCase()}`,
          security,
          querystring: SupervisionExportQuery,
        },
      },
      async (request, reply) => {
        requirePermission(request.actor, "cases.supervise");
        const { lang, ...filters } = request.query;
        const table = await supervisionTable(ctx.db, requireActor(request.actor), filters, lang);
        return send(reply, table, "supervision");
      },
    );

    app.get(
      `/exports/rates.${format}`,
      {
        schema: {
          tags: ["exports"],
          summary: `A rate table (scope summary, per county/township/department/category, or per month) as ${format.toUpperCase()}`,
          security,
          querystring: RateExportQuery,
        },
      },
      async (request, reply) => {
        requirePermission(request.actor, "rates.read");
        const { lang, ...query } = request.query;
        const table = await rateTable(ctx.db, requireActor(request.actor), query, lang);
        return send(reply, table, `rates-${query.by}`);
      },
    );

    app.get(
      `/exports/rate-cases.${format}`,
      {
        schema: {
          tags: ["exports"],
          summary: `The cases behind a figure (same query as GET /cockpit/cases, every page) as ${format.toUpperCase()}`,
          security,
          querystring: RateCasesExportQuery,
        },
      },
      async (request, reply) => {
        requirePermission(request.actor, "rates.read");
        const { lang, ...query } = request.query;
        const table = await rateCasesTable(ctx.db, requireActor(request.actor), query, lang);
        return send(reply, table, `rate-cases-${query.figure}-${query.part}`);
      },
    );
  }
}
