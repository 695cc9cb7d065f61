import type { App, AppContext } from "../../server/context.js";
import { actorWith } from "../../core/access/policy.js";
import { findAuditEntries } from "./find-audit.js";
import { AuditPageSchema, ListAuditQuery } from "./schemas.js";

/** The administrative audit log, read within the caller's scope (`audit.read`). */
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
}
