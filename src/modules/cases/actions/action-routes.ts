/**
 * The case lifecycle over HTTP: one POST per action on `/cases/:id/actions/<action>` (the id is
 * the uuid or the case number), the anonymous evaluation through a tracking code, the work
 * lists, the supervision boards and the notification inbox.
 */
import type { z } from "zod";
import type { Db } from "../../../db/client.js";
import type { Actor } from "../../../core/access/actor.js";
import type { App, AppContext } from "../../../server/context.js";
import { loadCaseContext } from "../find-cases.js";
import { idempotentAction } from "../../../core/idempotency/idempotency.js";
import { presentTracking } from "../present-case.js";
import { IdempotencyHeaders, TrackingParams, TrackingViewSchema } from "../schemas.js";
import { findOverdueBoard, findPendingExtensions, findWorkList } from "../work-lists.js";
import { closeCase } from "./close-case.js";
import { dispatchCase } from "./dispatch-case.js";
import { evaluateByTrackingCode, evaluateCase } from "./evaluate-case.js";
import { decideExtension, requestExtension } from "./extensions.js";
import { escalateCase, replyToCase, respondToCase, sendBackCase } from "./handle-case.js";
import { mergeCase } from "./merge-case.js";
import {
  findNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from "../../../core/notifications/inbox.js";
import { rejectCase } from "./reject-case.js";
import {
  ActionResultSchema,
  BulkUrgeBody,
  BulkUrgeResultSchema,
  CaseRefParams,
  DecideExtensionBody,
  DispatchBody,
  EvaluateBody,
  MergeBody,
  EscalateBody,
  NoteBody,
  NotificationIdParams,
  NotificationListSchema,
  NotificationQuerySchema,
  NotificationReadSchema,
  NotificationsReadSchema,
  PageQuery,
  PendingExtensionListSchema,
  RejectBody,
  ReplyBody,
  RequestExtensionBody,
  RespondBody,
  SendBackBody,
  SupervisionBoardQuery,
  WorkListQuery,
  SupervisorDecideBody,
  VerifyBody,
  WhistleBody,
  WorkListSchema,
  type ActionResult,
} from "./schemas.js";
import { supervisorDecide, urgeCase } from "./supervise-case.js";
import { urgeCases } from "./urge-cases.js";
import { verifyCase } from "./verify-case.js";
import { reportToWhistle, whistleCase } from "./whistle-case.js";

/** Anonymous evaluations per client IP per minute: tracking codes must not be guessable by volume. */
export const TRACK_EVALUATE_RATE_LIMIT = { max: 20, timeWindow: 60_000 };

type Run<B> = (db: Db, actor: Actor | null, ref: string, body: B) => Promise<ActionResult>;

/** Registers the routes of the case actions, work lists and notifications. */
export async function caseActionRoutes(app: App, ctx: AppContext): Promise<void> {
  const action = <S extends z.ZodType>(name: string, summary: string, body: S, run: Run<z.infer<S>>) => {
    app.post(
      `/cases/:id/actions/${name}`,
      {
        schema: {
          tags: ["case actions"],
          summary,
          description:
            "Send an `Idempotency-Key` header (e.g. a phone's offline outbox): a retry with the same " +
            "key, case and body returns the first answer and records nothing again; the same key with " +
            "another case, action or body is 409 idempotency_mismatch.",
          headers: IdempotencyHeaders,
          params: CaseRefParams,
          body,
          response: { 200: ActionResultSchema },
        },
      },
      // One key names one action on one case (a phone's outbox sends it again after a lost answer).
      async (request, reply) =>
        idempotentAction(
          ctx.db,
          request,
          reply,
          { case: request.params.id, action: name, body: request.body },
          // The type provider widens a generic schema's output to unknown; `body` validated it as S.
          (db) => run(db, request.actor, request.params.id, request.body as z.infer<S>),
        ),
    );
  };

  action("dispatch", "Dispatch a case in triage to a unit (派单)", DispatchBody, (db, actor, ref, body) =>
    dispatchCase(db, actor, ref, { ...body, action: "dispatch" }),
  );
  action("redispatch", "Send a case at one unit to another (改派)", DispatchBody, (db, actor, ref, body) =>
    dispatchCase(db, actor, ref, { ...body, action: "redispatch" }),
  );
  action("reject", "Refuse a case with a reason (不予受理)", RejectBody, rejectCase);
  action("merge", "Merge a duplicate into the open case it repeats", MergeBody, mergeCase);
  action("respond", "Log a contact with the resident (响应)", RespondBody, respondToCase);
  action("reply", "Reply with the result and evidence (答复)", ReplyBody, replyToCase);
  action(
    "send_back",
    "Return a wrongly dispatched case to the dispatcher (退单)",
    SendBackBody,
    sendBackCase,
  );
  action("escalate", "Escalate the case one level up (上报), with the reason", EscalateBody, escalateCase);
  action("whistle", "Whistle departments in to joint handling (吹哨)", WhistleBody, whistleCase);
  action("report", "Report in as a whistled department (报到)", NoteBody, reportToWhistle);
  action(
    "request_extension",
    "Ask for more handling time (延期申请)",
    RequestExtensionBody,
    requestExtension,
  );
  action("decide_extension", "Approve or deny an extension request", DecideExtensionBody, decideExtension);
  action("verify", "Verify a reply on the spot (核查)", VerifyBody, verifyCase);
  action(
    "evaluate",
    "Rate the result: by the reporter or on a follow-up call (评价)",
    EvaluateBody,
    evaluateCase,
  );
  action(
    "supervisor_decide",
    "Reopen or close a case past the reopen limit",
    SupervisorDecideBody,
    supervisorDecide,
  );
  action("close", "Close a replied case whose resident could not be reached", NoteBody, closeCase);
  action("urge", "Urge the unit holding the case (催办)", NoteBody, urgeCase);

  app.post(
    "/track/:trackingCode/evaluate",
    {
      config: { rateLimit: TRACK_EVALUATE_RATE_LIMIT },
      schema: {
        tags: ["case actions"],
        summary: "Rate the result anonymously with the tracking code; answers the public tracking view",
        params: TrackingParams,
        body: EvaluateBody,
        response: { 200: TrackingViewSchema },
      },
    },
    async (request) => {
      const row = await evaluateByTrackingCode(ctx.db, request.params.trackingCode, request.body);
      // The holder of a tracking code sees what the tracking page shows: no ids, no staff view.
      return presentTracking(row, await loadCaseContext(ctx.db, row));
    },
  );

  app.get(
    "/worklist",
    {
      schema: {
        tags: ["case actions"],
        summary: "The open cases of my units, nearest deadline first",
        description:
          "`view`: only the cases due today or overdue (held by your units, dispatched or being " +
          "handled), or their replied cases awaiting evaluation: the lists behind GET /today's counts.",
        querystring: WorkListQuery,
        response: { 200: WorkListSchema },
      },
    },
    async (request) => {
      const { view, ...page } = request.query;
      return { items: await findWorkList(ctx.db, request.actor, page, view) };
    },
  );

  app.get(
    "/supervision/overdue",
    {
      schema: {
        tags: ["case actions"],
        summary: "Overdue and warning cases in my scope (督办), by region, unit, category and state",
        querystring: SupervisionBoardQuery,
        response: { 200: WorkListSchema },
      },
    },
    async (request) => {
      const { limit, offset, ...filters } = request.query;
      return { items: await findOverdueBoard(ctx.db, request.actor, { limit, offset }, filters) };
    },
  );

  app.post(
    "/supervision/urge",
    {
      schema: {
        tags: ["case actions"],
        summary: "Urge many cases at once (批量催办); each is urged on its own and answered on its own",
        description:
          "Each item names a case and the `version` the client saw. Cases outside your scope answer " +
          "not_found; a stale or closed case its 409 code; the others are urged, one event and one " +
          "notification to the holding unit each.",
        security: [{ session: [], csrf: [] }],
        body: BulkUrgeBody,
        response: { 200: BulkUrgeResultSchema },
      },
    },
    async (request) => urgeCases(ctx.db, request.actor, request.body),
  );

  app.get(
    "/supervision/extensions",
    {
      schema: {
        tags: ["case actions"],
        summary: "Extension requests waiting for a decision in my scope",
        querystring: PageQuery,
        response: { 200: PendingExtensionListSchema },
      },
    },
    async (request) => ({ items: await findPendingExtensions(ctx.db, request.actor, request.query) }),
  );

  app.get(
    "/notifications",
    {
      schema: {
        tags: ["notifications"],
        summary: "My in-app notifications and my units', newest first",
        querystring: NotificationQuerySchema,
        response: { 200: NotificationListSchema },
      },
    },
    async (request) => findNotifications(ctx.db, request.actor, request.query),
  );

  app.post(
    "/notifications/read-all",
    {
      schema: {
        tags: ["notifications"],
        summary: "Mark all my notifications (and my units') read",
        response: { 200: NotificationsReadSchema },
      },
    },
    async (request) => markAllNotificationsRead(ctx.db, request.actor),
  );

  app.post(
    "/notifications/:id/read",
    {
      schema: {
        tags: ["notifications"],
        summary: "Mark a notification read",
        params: NotificationIdParams,
        response: { 200: NotificationReadSchema },
      },
    },
    async (request) => markNotificationRead(ctx.db, request.actor, request.params.id),
  );
}
