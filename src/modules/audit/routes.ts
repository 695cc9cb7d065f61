import type { App, AppContext } from "../../server/context.js";
import { actorWith } from "../../core/access/policy.js";
import { CaseIdParams } from "../cases/schemas.js";
import { findAuditEntries } from "./find-audit.js";
import { countCaseContactReads, findPersonalDataReads } from "./find-personal-data-reads.js";
import {
  AuditPageSchema,
  CaseContactReadsSchema,
  ListAuditQuery,
  ListPersonalDataReadsQuery,
  PersonalDataReadPageSchema,
} from "./schemas.js";

/**
 * The administrative audit log, read within the caller's scope (`audit.read`), and the log of
 * reads of personal data (`personal_data.audit`).
 */
export async function auditRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    "/audit",
    {
      schema: {
        tags: ["audit"],
        summary: "Administrative changes in your scope, newest first",
        querystring: ListAuditQuery,
        response: { 200: AuditPageSchema },
      },
    },
    async (request) => {
      const actor = actorWith(request.actor, "audit.read");
      return findAuditEntries(ctx.db, actor, request.query);
    },
  );

  app.get(
    "/personal-data-reads",
    {
      schema: {
        tags: ["audit"],
        summary: "Who revealed whose personal data in your scope, newest first (personal_data.audit)",
        description:
          "Every contact reveal (POST /cases/{id}/reveal-contact) of the cases in your scope, and every " +
          "reveal and exact look-up of persons of the register who live in it (`case` is then null and " +
          "`person` names them). Filter by case (id or number), by the phone the reporter gave, by person " +
          "(id), by reader (account id) and by time. " +
          "The data itself is never repeated here.",
        security: [{ session: [] }],
        querystring: ListPersonalDataReadsQuery,
        response: { 200: PersonalDataReadPageSchema },
      },
    },
    async (request) => findPersonalDataReads(ctx.db, request.actor, request.query),
  );

  app.get(
    "/cases/:id/contact-reads",
    {
      schema: {
        tags: ["audit"],
        summary: "How many times a case's contact was revealed, and by whom (personal_data.audit)",
        security: [{ session: [] }],
        params: CaseIdParams,
        response: { 200: CaseContactReadsSchema },
      },
    },
    async (request) => countCaseContactReads(ctx.db, request.actor, request.params.id),
  );
}
