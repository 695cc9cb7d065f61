import "@fastify/rate-limit";
import type { FastifyRequest } from "fastify";
import type { App, AppContext } from "../../server/context.js";
import { AppError, BadRequestError, NotFoundError } from "../../shared/errors.js";
import { bindingsFor, requireActor, requirePermission } from "../../core/access/policy.js";
import {
  findCaseByTrackingCode,
  getOwnCase,
  getVisibleCase,
  listCases,
  listOwnCases,
  loadCaseContext,
  possibleDuplicatesOf,
} from "./find-cases.js";
import {
  parseIdempotencyKey,
  withIdempotency,
  withIdempotentStatement,
} from "../../core/idempotency/idempotency.js";
import { planIntake, writeIntake, writeIntakeAtOnce, type IntakeOptions } from "./intake.js";
import { answerOnSpot, findDuplicateCandidates, findFollowUps } from "./intake-desk.js";
import { findToday } from "./today.js";
import { findCaseMap } from "./find-case-map.js";
import {
  createCannedReply,
  deleteCannedReply,
  listCannedReplies,
  listKeptCannedReplies,
} from "./canned-replies.js";
import { presentCaseDetail, presentCreated, presentListItem, presentTracking } from "./present-case.js";
import { dispatchOptionsFor } from "./dispatch-options.js";
import { mergedIntoCase } from "./related-cases.js";
import { revealCaseContact } from "./reveal-contact.js";
import { actorUnits } from "../../core/units/actor-units.js";
import { dispatchingCentreFor, unitAbove, type Unit } from "../../core/units/units.js";
import type { Actor } from "../../core/access/actor.js";
import type { Db } from "../../db/client.js";
import type { CaseRow } from "./transition.js";
import { triageCase } from "./triage-case.js";
import {
  CaseCreatedSchema,
  CaseDetailSchema,
  CaseIdParams,
  CaseListQuery,
  CaseListSchema,
  CaseMapQuery,
  CaseMapSchema,
  CannedReplyIdParams,
  CannedReplyListSchema,
  KeptCannedRepliesSchema,
  CannedReplyQuery,
  CannedReplySchema,
  CreateCannedReplyBody,
  CreateCaseBody,
  IdempotencyHeaders,
  MyCasesQuery,
  RevealContactBody,
  RevealedContactSchema,
  DispatchOptionsSchema,
  DuplicateCandidatesQuery,
  DuplicateCandidatesSchema,
  FollowUpListSchema,
  FollowUpQuery,
  TodaySchema,
  ON_THE_SPOT_CHANNELS,
  MergedCasesSchema,
  TrackingParams,
  TriageBody,
  TrackingViewSchema,
  type CaseCreated,
  type CaseDetail,
} from "./schemas.js";

/**
 * Public intake per client IP per minute (staff entering calls are exempt: one switchboard IP
 * carries many operators). Counted after sign-in is resolved, hence the preHandler hook.
 */
export const INTAKE_RATE_LIMIT = {
  max: 10,
  timeWindow: 60_000,
  hook: "preHandler" as const,
  allowList: (request: FastifyRequest) =>
    request.actor !== null && bindingsFor(request.actor, "cases.intake").length > 0,
};

/**
 * The case page: the case with its context, possible duplicates, and the actions and move
 * targets that fit the units the reader works for.
 */
async function caseDetailFor(db: Db, actor: Actor, row: CaseRow): Promise<CaseDetail> {
  const [context, possibleDuplicates, handleUnits] = await Promise.all([
    loadCaseContext(db, row),
    possibleDuplicatesOf(db, row, actor),
    actorUnits(db, actor, "cases.handle"),
  ]);
  // Where escalate and send back would take the case, shown before the move (only to its unit).
  const holding = handleUnits.find((u) => u.id === row.assignedOrgId);
  const [above, centre] = holding
    ? await Promise.all([unitAbove(db, holding), dispatchingCentreFor(db, holding)])
    : [null, null];
  const ref = (u: Unit | null) => (u ? { id: u.id, name: u.name } : null);
  return presentCaseDetail(row, context, {
    actor,
    possibleDuplicates,
    handleUnitIds: handleUnits.map((u) => u.id),
    moveTargets: { escalate: ref(above), sendBack: ref(centre) },
  });
}

/** Tracking look-ups per IP per minute: a code is 48 random bits, and guessing must stay slow. */
export const TRACKING_RATE_LIMIT = { max: 30, timeWindow: 60_000 };

/** Channels on which staff enter an appeal for someone else (or their own patrol finding). */
const STAFF_CHANNELS = new Set(["hotline", "talk_station", "talk_site", "talk_box", "patrol"]);

const security = [{ session: [] }];

/** Intake (POST /cases), the staff's case list and view, the tracking page, a resident's own cases. */
export async function caseRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post(
    "/cases",
    {
      config: { rateLimit: INTAKE_RATE_LIMIT },
      schema: {
        tags: ["cases"],
        summary: "Raise an appeal (anonymous or signed in), or enter one for a resident (staff channels)",
        description:
          "Web and app: anyone; anonymous reporters get a `trackingCode`, shown only in this answer. " +
          "hotline, talk_station, talk_site, talk_box and patrol: staff with cases.intake. Send an " +
          "`Idempotency-Key` header: a retry with the same key and body returns the first answer, " +
          "with another body 409 idempotency_mismatch. `answeredOnSpot` (当场办结; hotline, talk_station, " +
          "talk_site): the case is filed and closed at once with the answer as its reply.",
        headers: IdempotencyHeaders,
        body: CreateCaseBody,
        response: { 201: CaseCreatedSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const key = parseIdempotencyKey(request.headers["idempotency-key"]);
      const actor = request.actor;
      const opts: IntakeOptions = {};
      if (STAFF_CHANNELS.has(body.channel)) {
        requirePermission(actor, "cases.intake");
        if (actor) opts.enteredBy = { userId: actor.userId, orgId: actor.organisationId };
      } else if (actor) {
        opts.reporterUserId = actor.userId;
      }
      const onSpot = body.answeredOnSpot;
      if (onSpot && !(ON_THE_SPOT_CHANNELS as readonly string[]).includes(body.channel)) {
        throw new BadRequestError(
          "validation_failed",
          `answeredOnSpot: only an appeal taken by ${ON_THE_SPOT_CHANNELS.join(", ")} can be answered on the spot.`,
          [{ field: "answeredOnSpot", message: "not on this channel" }],
        );
      }
      if (onSpot) opts.notifyUnit = false;
      // The cached catalogue, units and calendar as of a version read sent after the request began.
      opts.since = request.cacheSince;
      // Anonymous keys are scoped by address too: two residents who pick the same key (or a
      // client that derives keys from content) must not receive each other's tracking code.
      const scopeKey = actor ? `user:${actor.userId}` : `anon:${request.ip}`;
      const withPhotos = (body.attachmentIds ?? []).length > 0 || (body.attachmentTokens ?? []).length > 0;
      if (!onSpot && !withPhotos) {
        // The usual appeal: planned from the caches, written in one statement (see writeIntakeAtOnce).
        const answer = await withIdempotentStatement(
          ctx.db,
          { scopeKey, key, requestBody: body },
          () => planIntake(ctx.db, body, opts),
          async (plan, claim) =>
            (
              await writeIntakeAtOnce(ctx.db, plan, {
                claim,
                answer: (written) => ({ statusCode: 201, body: presentCreated(written) }),
              })
            )?.answer ?? null,
        );
        if (answer.replayed) void reply.header("idempotent-replayed", "true");
        return reply.status(answer.statusCode as 201).send(answer.body as CaseCreated);
      }
      const answer = await withIdempotency(
        ctx.db,
        { scopeKey, key, requestBody: body },
        async (tx, plan) => {
          const written = await writeIntake(tx, plan);
          const result = onSpot && actor ? await answerOnSpot(tx, actor, written, onSpot.answer) : written;
          return { statusCode: 201, body: presentCreated(result) };
        },
        () => planIntake(ctx.db, body, opts),
      );
      if (answer.replayed) void reply.header("idempotent-replayed", "true");
      // Only 201 answers are ever stored, so a replay is a 201 too.
      return reply.status(answer.statusCode as 201).send(answer.body as CaseCreated);
    },
  );

  app.get(
    "/cases",
    {
      schema: {
        tags: ["cases"],
        summary: "The cases in your scope, filtered, by deadline (or newest first)",
        security,
        querystring: CaseListQuery,
        response: { 200: CaseListSchema },
      },
    },
    async (request) => {
      requirePermission(request.actor, "cases.read");
      const q = request.query;
      const { rows, total, totalCapped } = await listCases(ctx.db, requireActor(request.actor), q);
      return { items: rows.map(presentListItem), total, totalCapped, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    "/cases/map",
    {
      schema: {
        tags: ["cases"],
        summary: "一张图: the open cases of your scope as points, each with its deadline state",
        description:
          "cases.read; scoped like GET /cases. Nearest deadline first, at most `limit` points " +
          "(default 2000); `truncated` says when more are open, `withoutPoint` how many open cases " +
          "are placed by region only. No personal data.",
        security,
        querystring: CaseMapQuery,
        response: { 200: CaseMapSchema },
      },
    },
    async (request) => findCaseMap(ctx.db, request.actor, request.query),
  );

  app.get(
    "/canned-replies",
    {
      schema: {
        tags: ["cases"],
        summary: "常用语: your units' canned replies for a respond or reply note (cases.handle)",
        description:
          "For `category`: the replies kept for it, for the categories above it and for any category " +
          "(those last). Only the units you handle cases for.",
        security,
        querystring: CannedReplyQuery,
        response: { 200: CannedReplyListSchema },
      },
    },
    async (request) => ({ items: await listCannedReplies(ctx.db, request.actor, request.query) }),
  );

  app.get(
    "/canned-replies/kept",
    {
      schema: {
        tags: ["cases"],
        summary: "常用语 your units keep: every note and category, with the units (cases.handle)",
        description:
          "For the page where a unit keeps its canned replies. Only the units you handle cases for.",
        security,
        response: { 200: KeptCannedRepliesSchema },
      },
    },
    async (request) => listKeptCannedReplies(ctx.db, request.actor),
  );

  app.post(
    "/canned-replies",
    {
      schema: {
        tags: ["cases"],
        summary: "Keep a canned reply for one of your units (cases.handle)",
        security: [{ session: [], csrf: [] }],
        body: CreateCannedReplyBody,
        response: { 201: CannedReplySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCannedReply(ctx.db, request.actor, request.body)),
  );

  app.delete(
    "/canned-replies/:id",
    {
      schema: {
        tags: ["cases"],
        summary: "Remove a canned reply of one of your units (cases.handle)",
        security: [{ session: [], csrf: [] }],
        params: CannedReplyIdParams,
      },
    },
    async (request, reply) => {
      await deleteCannedReply(ctx.db, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    "/today",
    {
      schema: {
        tags: ["cases"],
        summary:
          "What waits for me today, counted: to dispatch, sent back, due today, overdue, awaiting evaluation",
        description:
          "Any signed-in person; each count is null when their roles have nothing to do with it. " +
          "Each is the size of the list it opens (dispatch queue, work list, follow-up list, supervision board).",
        security,
        response: { 200: TodaySchema },
      },
    },
    async (request) => findToday(ctx.db, requireActor(request.actor)),
  );

  app.get(
    "/intake/duplicates",
    {
      schema: {
        tags: ["cases"],
        summary:
          "Possible duplicates while a call is entered: open cases of the category in the region (cases.intake)",
        description:
          "The cases of your scope that are open, of `category`, located in `region` (its subtree) and " +
          "received in the last `days` days (default 30), newest first, at most 10. No personal data.",
        security,
        querystring: DuplicateCandidatesQuery,
        response: { 200: DuplicateCandidatesSchema },
      },
    },
    async (request) => findDuplicateCandidates(ctx.db, request.actor, request.query),
  );

  app.get(
    "/follow-ups",
    {
      schema: {
        tags: ["cases"],
        summary: "回访: replied cases in your scope waiting for the resident's evaluation (cases.follow_up)",
        description:
          "Oldest reply first, with the reply to read to the resident. Record the evaluation given on " +
          "the call with POST /cases/{id}/actions/evaluate (it is recorded as the resident's, by follow-up call).",
        security,
        querystring: FollowUpQuery,
        response: { 200: FollowUpListSchema },
      },
    },
    async (request) => findFollowUps(ctx.db, request.actor, request.query.page, request.query.pageSize),
  );

  app.get(
    "/cases/:id",
    {
      schema: {
        tags: ["cases"],
        summary: "One case (by id or number) with its timeline, for staff; contact data masked",
        security,
        params: CaseIdParams,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => {
      requirePermission(request.actor, "cases.read");
      const actor = requireActor(request.actor);
      const row = await getVisibleCase(ctx.db, actor, request.params.id);
      if (!row) throw new NotFoundError("Case", request.params.id);
      return caseDetailFor(ctx.db, actor, row);
    },
  );

  app.post(
    "/cases/:id/triage",
    {
      schema: {
        tags: ["cases"],
        summary: "Set the category and/or the point of a case in triage (cases.dispatch); answers the case",
        description:
          "The point's grid becomes the case's region (it must lie in your area). Send the `version` " +
          "you saw: a stale one is 409 stale_case, a case no longer in triage 409 illegal_transition; " +
          "both carry the case's current status, version and allowed actions.",
        security: [{ session: [], csrf: [] }],
        params: CaseIdParams,
        body: TriageBody,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => {
      const id = await triageCase(ctx.db, request.actor, request.params.id, request.body);
      const actor = requireActor(request.actor);
      const row = await getVisibleCase(ctx.db, actor, id);
      if (!row) throw new NotFoundError("Case", request.params.id);
      return caseDetailFor(ctx.db, actor, row);
    },
  );

  app.get(
    "/cases/:id/dispatch-options",
    {
      schema: {
        tags: ["cases"],
        summary: "The unit routing suggests for a case and every unit you may dispatch it to",
        security,
        params: CaseIdParams,
        response: { 200: DispatchOptionsSchema },
      },
    },
    async (request) => dispatchOptionsFor(ctx.db, request.actor, request.params.id),
  );

  app.get(
    "/cases/:id/merged",
    {
      schema: {
        tags: ["cases"],
        summary: "The duplicates merged into a case, oldest first",
        security,
        params: CaseIdParams,
        response: { 200: MergedCasesSchema },
      },
    },
    async (request) => ({ items: await mergedIntoCase(ctx.db, request.actor, request.params.id) }),
  );

  app.post(
    "/cases/:id/reveal-contact",
    {
      schema: {
        tags: ["cases"],
        summary: "The reporter's name, phone and email in full (cases.reveal_contact; logged)",
        security: [{ session: [], csrf: [] }],
        params: CaseIdParams,
        body: RevealContactBody,
        response: { 200: RevealedContactSchema },
      },
    },
    async (request) =>
      revealCaseContact(ctx.db, requireActor(request.actor), request.params.id, request.body?.reason),
  );

  app.get(
    "/track/:trackingCode",
    {
      config: { rateLimit: TRACKING_RATE_LIMIT },
      schema: {
        tags: ["cases"],
        summary: "Follow an appeal by its tracking code (public; no personal data)",
        params: TrackingParams,
        response: { 200: TrackingViewSchema },
      },
    },
    async (request) => {
      const row = await findCaseByTrackingCode(ctx.db, request.params.trackingCode);
      if (!row) throw new AppError(404, "not_found", "No appeal has this tracking code.");
      return presentTracking(row, await loadCaseContext(ctx.db, row));
    },
  );

  app.get(
    "/my/cases",
    {
      schema: {
        tags: ["cases"],
        summary: "The appeals you raised while signed in, newest first",
        security,
        querystring: MyCasesQuery,
        response: { 200: CaseListSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      const { page, pageSize } = request.query;
      const { rows, total } = await listOwnCases(ctx.db, actor.userId, page, pageSize);
      return { items: rows.map(presentListItem), total, page, pageSize };
    },
  );

  app.get(
    "/my/cases/:id",
    {
      schema: {
        tags: ["cases"],
        summary: "One appeal you raised, as the tracking page shows it",
        security,
        params: CaseIdParams,
        response: { 200: TrackingViewSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      const row = await getOwnCase(ctx.db, actor, request.params.id);
      if (!row) throw new NotFoundError("Case", request.params.id);
      return presentTracking(row, await loadCaseContext(ctx.db, row));
    },
  );
}
