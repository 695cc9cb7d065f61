/**
 * The mediation API: register and convert, the workbench list, one dispute, one POST per action
 * on `/mediation/disputes/:id/actions/<action>` (the id is the uuid or the dispute number), the
 * agreement PDF, and the committees and dispute types to choose from. Each route reads top to
 * bottom: authenticate → validate (the schema) → load in scope → authorise → act → present.
 */
import { asc } from "drizzle-orm";
import type { FastifyReply } from "fastify";
import { sendPdf } from "../../core/pdf/send-pdf.js";
import type { z } from "zod";
import type { Db, Tx } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { requirePermission, requireActor } from "../../core/access/policy.js";
import {
  idempotentAction,
  parseIdempotencyKey,
  withIdempotency,
} from "../../core/idempotency/idempotency.js";
import type { App, AppContext } from "../../server/context.js";
import { PdfResponse } from "../case-documents/schemas.js";
import { archiveDispute, recordFollowUp, recordJudicialConfirmation } from "./after-settlement.js";
import { mediationAdminRoutes } from "./admin-routes.js";
import { mediationFigureRoutes } from "./figures-routes.js";
import { printAgreement } from "./agreement-pdf.js";
import { acceptDispute, assignDispute, declineDispute, escalateDispute } from "./assign-dispute.js";
import { changeDisputeRisk } from "./change-risk.js";
import { findCommittees } from "./find-committees.js";
import { findDisputes, getDispute } from "./find-disputes.js";
import { findOwnDisputes, getOwnDispute } from "./find-own-disputes.js";
import { extendDispute, recordSession, referDispute, settleDispute } from "./mediate-dispute.js";
import { disputeFromCase, registerDispute } from "./register-dispute.js";
import { findScreeningTasks } from "./find-screening-tasks.js";
import { recordScreeningIn, screeningRecorder } from "./record-screening.js";
import { presentScreeningTask } from "./find-screening-tasks.js";
import { revealPartyPhones } from "./party-phones.js";
import { disputeTypes } from "./schema.js";
import {
  AcceptBody,
  ArchiveBody,
  AssignBody,
  ChangeRiskBody,
  CommitteeListSchema,
  DeclineBody,
  DisputeActionResultSchema,
  DisputeCreatedSchema,
  DisputeDetailSchema,
  DisputeFromCaseBody,
  DisputeListQuery,
  DisputeListSchema,
  DisputeRefParams,
  DisputeTypeListSchema,
  EscalateBody,
  ExtendBody,
  FollowUpBody,
  IdempotencyHeaders,
  JudicialBody,
  OwnDisputeListSchema,
  OwnDisputeParams,
  OwnDisputeSchema,
  RegisterDisputeBody,
  ReferBody,
  SessionBody,
  SettleBody,
  RecordScreeningBody,
  RevealPartiesBody,
  RevealedPartiesSchema,
  ScreeningListQuery,
  ScreeningListSchema,
  ScreeningTaskParams,
  ScreeningTaskSchema,
  type DisputeActionResult,
  type DisputeCreated,
  type ScreeningTaskItem,
} from "./schemas.js";
import { DISPUTE_WORKFLOW, type DisputeAction } from "./state-table.js";

const security = [{ session: [] }];
const TAGS = ["mediation"];

type Run<B> = (db: Db, actor: Actor | null, ref: string, body: B) => Promise<DisputeActionResult>;

/** The actions a client takes at POST /mediation/disputes/{id}/actions/{action}, with their bodies. */
export const DISPUTE_ACTION_ROUTES: readonly DisputeAction[] = DISPUTE_WORKFLOW.actions.filter((a) => {
  const rule = DISPUTE_WORKFLOW.rules[a];
  return rule.permission !== undefined && rule.offered !== false;
});

export async function mediationRoutes(app: App, ctx: AppContext): Promise<void> {
  await mediationAdminRoutes(app, ctx);
  await mediationFigureRoutes(app, ctx);
  const keys = ctx.config.personalDataKeys;
  const created = async (
    request: { headers: Record<string, string | string[] | undefined>; actor: Actor | null },
    reply: FastifyReply,
    body: unknown,
    work: (actor: Actor) => (tx: Tx) => Promise<DisputeCreated>,
  ) => {
    const key = parseIdempotencyKey(request.headers["idempotency-key"]);
    requirePermission(request.actor, "mediation.register");
    const actor = requireActor(request.actor);
    const answer = await withIdempotency(
      ctx.db,
      { scopeKey: `user:${actor.userId}`, key, requestBody: body },
      async (tx) => ({ statusCode: 201, body: await work(actor)(tx) }),
    );
    if (answer.replayed) void reply.header("idempotent-replayed", "true");
    return reply.status(201).send(answer.body as DisputeCreated);
  };

  app.post(
    "/mediation/disputes",
    {
      schema: {
        tags: TAGS,
        summary: "Register a dispute: walk-in at a talk station, screening (排查) or a visit/patrol",
        description:
          "Needs mediation.register; the place must lie in your scope (else 404). The dispute goes to the " +
          "committee of its place. Send an `Idempotency-Key`: a retry returns the first answer.",
        security,
        headers: IdempotencyHeaders,
        body: RegisterDisputeBody,
        response: { 201: DisputeCreatedSchema },
      },
    },
    async (request, reply) =>
      created(
        request,
        reply,
        request.body,
        (actor) => (tx) => registerDispute(tx, actor, keys, request.body),
      ),
  );

  app.post(
    "/mediation/disputes/from-case",
    {
      schema: {
        tags: TAGS,
        summary: "Convert an appeal into a dispute; the case ends as transferred to mediation",
        description:
          "Needs mediation.register and the case in your scope (else 404); a case that is no longer open " +
          "is 409 illegal_transition. The case keeps a link (its event names the dispute). Idempotency-Key as above.",
        security,
        headers: IdempotencyHeaders,
        body: DisputeFromCaseBody,
        response: { 201: DisputeCreatedSchema },
      },
    },
    async (request, reply) =>
      created(
        request,
        reply,
        request.body,
        (actor) => (tx) => disputeFromCase(tx, actor, keys, request.body),
      ),
  );

  app.get(
    "/mediation/disputes",
    {
      schema: {
        tags: TAGS,
        summary: "The disputes in your scope (the mediation workbench), by deadline",
        security,
        querystring: DisputeListQuery,
        response: { 200: DisputeListSchema },
      },
    },
    async (request) => {
      const found = await findDisputes(ctx.db, request.actor, request.query);
      return { ...found, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  app.get(
    "/mediation/disputes/:id",
    {
      schema: {
        tags: TAGS,
        summary: "One dispute with parties (masked), sessions, agreement, follow-ups and timeline",
        security,
        params: DisputeRefParams,
        response: { 200: DisputeDetailSchema },
      },
    },
    async (request) => getDispute(ctx.db, request.actor, request.params.id),
  );

  // A resident who is a party: their disputes, found by the phone they proved with a one-time code.
  app.get(
    "/my/disputes",
    {
      schema: {
        tags: TAGS,
        summary: "The disputes you are a party to (by your phone), newest first",
        description:
          "For a resident signed in with a one-time code to their phone: the disputes where a party has that " +
          "phone. Without a session 401; an account that proved no phone (staff, password accounts) 403.",
        security,
        response: { 200: OwnDisputeListSchema },
      },
    },
    async (request) => findOwnDisputes(ctx.db, request.actor, keys),
  );

  app.get(
    "/my/disputes/:number",
    {
      schema: {
        tags: TAGS,
        summary: "One dispute you are a party to: its progress, your own row, the others by role only",
        description:
          "No other party's name or phone and nothing said in the sessions. A dispute you are no party to is " +
          "404. Each read is written to the audit log (`dispute.resident_view`).",
        security,
        params: OwnDisputeParams,
        response: { 200: OwnDisputeSchema },
      },
    },
    async (request) => getOwnDispute(ctx.db, request.actor, keys, request.params.number, request.id),
  );

  app.get(
    "/mediation/disputes/:id/agreement.pdf",
    {
      schema: {
        tags: TAGS,
        summary: "The written agreement (人民调解协议书) as a PDF",
        description:
          "Anyone who may read the dispute (outside your scope 404); 409 illegal_transition without a written " +
          "agreement. Written to the audit log (`dispute.print`).",
        security,
        params: DisputeRefParams,
        response: { 200: PdfResponse },
      },
    },
    async (request, reply) =>
      sendPdf(reply, await printAgreement(ctx.db, request.actor, request.params.id, request.id)),
  );

  app.get(
    "/mediation/dispute-types",
    {
      schema: {
        tags: TAGS,
        summary: "The dispute type catalogue",
        security,
        response: { 200: DisputeTypeListSchema },
      },
    },
    async (request) => {
      requirePermission(request.actor, "mediation.read");
      const items = await ctx.db
        .select({
          code: disputeTypes.code,
          nameZh: disputeTypes.nameZh,
          nameEn: disputeTypes.nameEn,
          sortOrder: disputeTypes.sortOrder,
          active: disputeTypes.active,
        })
        .from(disputeTypes)
        .orderBy(asc(disputeTypes.sortOrder), asc(disputeTypes.code));
      return { items };
    },
  );

  app.get(
    "/mediation/committees",
    {
      schema: {
        tags: TAGS,
        summary: "The mediation committees over and inside your scope, with their mediators",
        security,
        response: { 200: CommitteeListSchema },
      },
    },
    async (request) => ({
      items: await findCommittees(ctx.db, requirePermission(request.actor, "mediation.read")),
    }),
  );

  app.get(
    "/mediation/screening-tasks",
    {
      schema: {
        tags: TAGS,
        summary:
          "The monthly screening (矛盾纠纷排查) of the villages in your scope: done, not done, overdue",
        description:
          "Needs mediation.read_screening. `month` is YYYY-MM (this month, China time, when absent). A village " +
          "sees its own task, a township its villages', a county all of its villages'.",
        security,
        querystring: ScreeningListQuery,
        response: { 200: ScreeningListSchema },
      },
    },
    async (request) => findScreeningTasks(ctx.db, request.actor, request.query),
  );

  app.post(
    "/mediation/screening-tasks/:id/record",
    {
      schema: {
        tags: TAGS,
        summary: "Record the village's screening: none found (无纠纷), or the disputes found",
        description:
          "Needs mediation.screen on the task's village (else 404). `found` registers `disputes` (source " +
          "screening; needs mediation.register) and/or links `disputeIds` registered already (screening findings " +
          "of the village not linked yet, else 409 dispute_not_linkable). 409 screening_recorded when it was " +
          "recorded already (a retry with the same `Idempotency-Key` answers the first answer instead), 409 screening_month_closed once its month has ended, 409 stale_screening for a stale " +
          "`version`.",
        security,
        headers: IdempotencyHeaders,
        params: ScreeningTaskParams,
        body: RecordScreeningBody,
        response: { 200: ScreeningTaskSchema },
      },
    },
    async (request, reply) => {
      const key = parseIdempotencyKey(request.headers["idempotency-key"]);
      const actor = screeningRecorder(request.actor, request.body);
      // A retried success answers its first answer again, not 409 screening_recorded.
      const answer = await withIdempotency(
        ctx.db,
        {
          scopeKey: `user:${actor.userId}`,
          key,
          requestBody: { task: request.params.id, body: request.body },
        },
        async (tx) => {
          const now = new Date();
          const id = await recordScreeningIn(tx, actor, keys, request.params.id, request.body, now);
          return { statusCode: 200, body: await presentScreeningTask(tx, actor, id, now) };
        },
      );
      if (answer.replayed) void reply.header("idempotent-replayed", "true");
      return reply.status(200).send(answer.body as ScreeningTaskItem);
    },
  );

  app.post(
    "/mediation/disputes/:id/reveal-parties",
    {
      schema: {
        tags: TAGS,
        summary: "The parties' phones in full, with a reason (logged in personal_data_reads)",
        description:
          "Needs mediation.mediate on the dispute's place (a dispute you may read but not mediate: 403; outside " +
          "your scope: 404). Every reveal is written to personal_data_reads in the same transaction.",
        security: [{ session: [], csrf: [] }],
        params: DisputeRefParams,
        body: RevealPartiesBody,
        response: { 200: RevealedPartiesSchema },
      },
    },
    async (request) => revealPartyPhones(ctx.db, request.actor, keys, request.params.id, request.body.reason),
  );

  const action = <S extends z.ZodType>(
    name: DisputeAction,
    summary: string,
    body: S,
    run: Run<z.infer<S>>,
  ) => {
    app.post(
      `/mediation/disputes/:id/actions/${name}`,
      {
        schema: {
          tags: TAGS,
          summary,
          description:
            "`version` is the dispute's version as you saw it (409 stale_dispute when someone acted first; " +
            "409 illegal_transition when the state does not allow it). Outside your scope: 404. Send an " +
            "`Idempotency-Key` header (the phone's offline outbox does): a retry with the same key, dispute and " +
            "body returns the first answer and records nothing again; the same key with another dispute, action " +
            "or body is 409 idempotency_mismatch.",
          security,
          headers: IdempotencyHeaders,
          params: DisputeRefParams,
          body,
          response: { 200: DisputeActionResultSchema },
        },
      },
      // One key names one action on one dispute (as the phone named it: uuid or number).
      async (request, reply) =>
        idempotentAction(
          ctx.db,
          request,
          reply,
          { dispute: request.params.id, action: name, body: request.body },
          // The type provider widens a generic schema's output to unknown; `body` validated it as S.
          (db) => run(db, request.actor, request.params.id, request.body as z.infer<S>),
        ),
    );
  };
  action("assign", "Assign a mediator of the committee (指派调解员)", AssignBody, assignDispute);
  action("accept", "Accept the dispute: the 30 days start (受理)", AcceptBody, acceptDispute);
  action("decline", "Decline with a reason: back to the committee (退回)", DeclineBody, declineDispute);
  action("escalate", "Escalate to the township committee (移交乡镇调委会)", EscalateBody, escalateDispute);
  action("record_session", "Record a mediation session, with photos (调解记录)", SessionBody, recordSession);
  action("extend", "Extend the deadline once, with the parties' consent (延期)", ExtendBody, extendDispute);
  action(
    "change_risk",
    "Change the risk level with a reason; raising it to major alerts the township centre and the police (风险等级调整)",
    ChangeRiskBody,
    changeDisputeRisk,
  );
  action("settle", "Settled: record the written or oral agreement (调解成功)", SettleBody, settleDispute);
  action(
    "refer",
    "Not settled: refer to litigation, arbitration, administration or petition (调解不成)",
    ReferBody,
    referDispute,
  );
  action("record_follow_up", "Record a follow-up on performance (回访)", FollowUpBody, recordFollowUp);
  action(
    "record_judicial_confirmation",
    "Record the application for judicial confirmation and the decision (司法确认)",
    JudicialBody,
    recordJudicialConfirmation,
  );
  action("archive", "Archive the dispute (归档)", ArchiveBody, archiveDispute);
}
