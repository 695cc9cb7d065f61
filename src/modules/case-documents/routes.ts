import { sendPdf } from "../../core/pdf/send-pdf.js";
import type { App, AppContext } from "../../server/context.js";
import { requireActor } from "../../core/access/policy.js";
import { CaseIdParams } from "../cases/schemas.js";
import { printCaseDocument } from "./print-case-document.js";
import { PdfResponse, SupervisionNoticeQuery } from "./schemas.js";

const security = [{ session: [] }];

/** The printed documents of a case: the handling sheet (办理单) and the supervision notice (督办单). */
export async function caseDocumentRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    "/cases/:id/print/handling-sheet.pdf",
    {
      schema: {
        tags: ["cases"],
        summary:
          "The case handling sheet (办理单) as a PDF: facts, deadlines, timeline, evaluation, signatures",
        description:
          "Anyone who may read the case (outside your scope: 404). The reporter's contact is masked as " +
          "on the case page, also for roles that may reveal it. Every print is written to the audit log " +
          "(`case.print`).",
        security,
        params: CaseIdParams,
        response: { 200: PdfResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const printed = await printCaseDocument(
        ctx.db,
        actor,
        request.params.id,
        { kind: "handling_sheet" },
        request.id,
      );
      return sendPdf(reply, printed);
    },
  );

  app.get(
    "/cases/:id/print/supervision-notice.pdf",
    {
      schema: {
        tags: ["cases"],
        summary:
          "The supervision notice (督办单) of an open case as a PDF, issued by a township, county or city centre",
        description:
          "Needs cases.supervise. `level` picks the issuing centre (the centre of that level over the case's " +
          "place); it must lie in your supervision scope (else 403). Without `level`, the highest centre you " +
          "supervise issues it. The unit holding the case must answer within `answerDays` working days. " +
          "A case outside your scope is 404; a closed, rejected or merged case 409 case_not_open. Written " +
          "to the audit log (`case.print`).",
        security,
        params: CaseIdParams,
        querystring: SupervisionNoticeQuery,
        response: { 200: PdfResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const { level, answerDays } = request.query;
      const printed = await printCaseDocument(
        ctx.db,
        actor,
        request.params.id,
        { kind: "supervision_notice", level, answerDays },
        request.id,
      );
      return sendPdf(reply, printed);
    },
  );
}
