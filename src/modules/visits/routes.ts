/**
 * The visits API: the work list, one visit, record it, raise an appeal from it, and the visit
 * completion rate with its drill-down. Each route reads top to bottom: authenticate → validate
 * (the schema) → load in scope → authorise → act → present.
 */
import type { App, AppContext } from "../../server/context.js";
import { requireActor } from "../../core/access/policy.js";
import {
  idempotentAction,
  parseIdempotencyKey,
  withIdempotency,
} from "../../core/idempotency/idempotency.js";
import { completionRateWhere, computeCompletionRate } from "./completion-rate.js";
import { findVisits, getVisit } from "./find-visits.js";
import { visitBindings } from "./policy.js";
import { prepareAppeal, raiseAppeal, recordVisit } from "./record-visit.js";
import { raiseDispute } from "./raise-dispute.js";
import {
  IdempotencyHeaders,
  RaiseAppealBody,
  RaiseDisputeBody,
  RecordVisitBody,
  VisitActionResultSchema,
  VisitDetailSchema,
  VisitListQuery,
  VisitListSchema,
  VisitParams,
  VisitRateQuery,
  VisitRateSchema,
  VisitRateVisitsQuery,
  VisitDisputeResultSchema,
  type VisitActionResult,
  type VisitDisputeResult,
} from "./schemas.js";

const security = [{ session: [] }];
const TAGS = ["visits"];

export async function visitRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    "/visits",
    {
      schema: {
        tags: TAGS,
        summary: "The visits of your scope (the grid worker's work list): planned by deadline, or done",
        description:
          "Needs visits.read. Only visits of the population types your role may see (a type's `visibleTo`): " +
          "the others are absent, from the list and its total. Persons are masked as in the register.",
        security,
        querystring: VisitListQuery,
        response: { 200: VisitListSchema },
      },
    },
    async (request) => {
      const { items, total } = await findVisits(ctx.db, request.actor, request.query);
      return { items, total, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  app.get(
    "/visits/completion-rate",
    {
      schema: {
        tags: TAGS,
        summary:
          "The visit completion rate (visited on time ÷ due) of a region and period, one level down too",
        description:
          "Needs visits.read; a region outside your scope is 404. Default period: the twelve months ending today.",
        security,
        querystring: VisitRateQuery,
        response: { 200: VisitRateSchema },
      },
    },
    async (request) => computeCompletionRate(ctx.db, request.actor, request.query),
  );

  app.get(
    "/visits/completion-rate/visits",
    {
      schema: {
        tags: TAGS,
        summary: "The visits behind the completion rate: due, on time (numerator) or missed",
        security,
        querystring: VisitRateVisitsQuery,
        response: { 200: VisitListSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const where = await completionRateWhere(ctx.db, request.actor, q);
      const { items, total } = await findVisits(
        ctx.db,
        request.actor,
        { page: q.page, pageSize: q.pageSize },
        new Date(),
        where,
      );
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    "/visits/:id",
    {
      schema: {
        tags: TAGS,
        summary:
          "One visit: the person (masked), what was found, photos, the appeal raised from it, its timeline",
        security,
        params: VisitParams,
        response: { 200: VisitDetailSchema },
      },
    },
    async (request) => getVisit(ctx.db, request.actor, request.params.id),
  );

  app.post(
    "/visits/:id/record",
    {
      schema: {
        tags: TAGS,
        summary: "Record a planned visit: time, GPS point, method, what was found, photos",
        description:
          "Needs visits.record where the visit lies (else 404). A stale `version` is 409 stale_visit, a visit " +
          "already recorded 409 illegal_transition. The next visit of the person's population type is planned " +
          "at once (one visit every `visitIntervalDays` of the type). Send an `Idempotency-Key` (the phone's " +
          "offline outbox does): a retry with the same key and body returns the first answer and records nothing " +
          "again; the same key with another visit or body is 409 idempotency_mismatch.",
        security,
        headers: IdempotencyHeaders,
        params: VisitParams,
        body: RecordVisitBody,
        response: { 200: VisitActionResultSchema },
      },
    },
    async (request, reply) => {
      // Refused before the key is looked at: a key never tells anything to who may not record.
      visitBindings(request.actor, "visits.record");
      const { id } = request.params;
      return idempotentAction(
        ctx.db,
        request,
        reply,
        { visit: id, action: "record", body: request.body },
        (db) => recordVisit(db, request.actor, id, request.body),
      );
    },
  );

  app.post(
    "/visits/:id/appeal",
    {
      schema: {
        tags: TAGS,
        summary: "Raise an appeal into the case loop about what a visit found (once per visit)",
        description:
          "Needs visits.record where the visit lies (else 404). The appeal is a patrol finding entered by you, " +
          "at the visit's GPS point when it lies in the person's grid or village, else at the point of the " +
          "household's building when the register has one there (so in its grid), else in the village; " +
          "described by the findings unless you write more; the visit keeps " +
          "the case and GET /visits?caseId= finds the visit from the case. A visit not recorded yet is 409 " +
          "illegal_transition, a second appeal 409 appeal_already_raised. Send an `Idempotency-Key`: a retry " +
          "returns the first answer.",
        security,
        headers: IdempotencyHeaders,
        params: VisitParams,
        body: RaiseAppealBody,
        response: { 201: VisitActionResultSchema },
      },
    },
    async (request, reply) => {
      const key = parseIdempotencyKey(request.headers["idempotency-key"]);
      visitBindings(request.actor, "visits.record");
      const actor = requireActor(request.actor);
      const { id } = request.params;
      const answer = await withIdempotency(
        ctx.db,
        { scopeKey: `user:${actor.userId}`, key, requestBody: { id, ...request.body } },
        async (tx, plan) => ({ statusCode: 201, body: await raiseAppeal(tx, actor, id, request.body, plan) }),
        () => prepareAppeal(ctx.db, actor, id, request.body),
      );
      if (answer.replayed) void reply.header("idempotent-replayed", "true");
      return reply.status(201).send(answer.body as VisitActionResult);
    },
  );

  app.post(
    "/visits/:id/dispute",
    {
      schema: {
        tags: TAGS,
        summary: "Register a dispute for mediation about what a visit found (once per visit)",
        description:
          "Needs visits.record where the visit lies (else 404) and mediation.register there (else 403). The " +
          "dispute is registered with source visit where the visited person lives, the person its first party " +
          "(name and phone from the register, sealed), the other parties as known; the committee of the place " +
          "receives it as any registration, with the repeat-party rule and risk alerts. A visit not recorded yet " +
          "is 409 illegal_transition, a second dispute 409 dispute_already_raised. Send an `Idempotency-Key`: a " +
          "retry returns the first answer.",
        security,
        headers: IdempotencyHeaders,
        params: VisitParams,
        body: RaiseDisputeBody,
        response: { 201: VisitDisputeResultSchema },
      },
    },
    async (request, reply) => {
      const key = parseIdempotencyKey(request.headers["idempotency-key"]);
      visitBindings(request.actor, "visits.record");
      const actor = requireActor(request.actor);
      const { id } = request.params;
      const answer = await withIdempotency(
        ctx.db,
        { scopeKey: `user:${actor.userId}`, key, requestBody: { id, action: "dispute", ...request.body } },
        async (tx) => ({
          statusCode: 201,
          body: await raiseDispute(tx, actor, ctx.config.personalDataKeys, id, request.body),
        }),
      );
      if (answer.replayed) void reply.header("idempotent-replayed", "true");
      return reply.status(201).send(answer.body as VisitDisputeResult);
    },
  );
}
