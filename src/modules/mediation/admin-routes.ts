/**
 * Administering mediation (mediation.manage): committees and their mediators in one's scope, the
 * dispute type catalogue and the repeat-party window. Each route: authenticate → validate →
 * load in scope → authorise → act (audited) → present.
 */
import type { App, AppContext } from "../../server/context.js";
import {
  addMediator,
  changeDisputeType,
  changeMediator,
  cityWideManager,
  createCommittee,
  createDisputeType,
  findMediators,
  manager,
  readMediationSettings,
  renameCommittee,
  updateMediationSettings,
} from "./manage-mediation.js";
import {
  CommitteeChangeBody,
  CommitteeIdParams,
  CommitteeSchema,
  DisputeTypeChangeBody,
  DisputeTypeCodeParams,
  DisputeTypeSchema,
  MediationSettingsSchema,
  MediatorChangeBody,
  MediatorIdParams,
  MediatorListQuery,
  MediatorPageSchema,
  MediatorViewSchema,
  NewCommitteeBody,
  NewDisputeTypeBody,
  NewMediatorBody,
} from "./schemas.js";

const security = [{ session: [] }];
const tags = ["mediation"];

export async function mediationAdminRoutes(app: App, ctx: AppContext): Promise<void> {
  const keys = ctx.config.personalDataKeys;
  app.post(
    "/mediation/committees",
    {
      schema: {
        tags,
        summary: "Create a mediation committee for a village, township or county in your scope",
        description:
          "Needs mediation.manage; a place outside your scope is 404; professional kinds only at county level " +
          "(400 wrong_region_level); one committee per place and kind (409 committee_exists). Audited.",
        security,
        body: NewCommitteeBody,
        response: { 201: CommitteeSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCommittee(ctx.db, manager(request.actor, request.id), request.body)),
  );

  app.patch(
    "/mediation/committees/:id",
    {
      schema: {
        tags,
        summary: "Rename a mediation committee",
        security,
        params: CommitteeIdParams,
        body: CommitteeChangeBody,
        response: { 200: CommitteeSchema },
      },
    },
    async (request) =>
      renameCommittee(ctx.db, manager(request.actor, request.id), request.params.id, request.body),
  );

  app.get(
    "/mediation/mediators",
    {
      schema: {
        tags,
        summary: "The mediators of the committees in your scope (phones masked)",
        security,
        querystring: MediatorListQuery,
        response: { 200: MediatorPageSchema },
      },
    },
    async (request) => {
      const { items, total } = await findMediators(ctx.db, manager(request.actor), request.query);
      return { items, total, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  app.post(
    "/mediation/mediators",
    {
      schema: {
        tags,
        summary:
          "Add a mediator to a committee: a staff member or resident with an account, or a named person",
        description:
          "Needs mediation.manage and the committee in your scope (else 404). `username` links an account that " +
          "holds a role in your scope (400 unknown_account otherwise); an account mediates once per committee " +
          "(409 mediator_exists). Audited.",
        security,
        body: NewMediatorBody,
        response: { 201: MediatorViewSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addMediator(ctx.db, manager(request.actor, request.id), keys, request.body)),
  );

  app.patch(
    "/mediation/mediators/:id",
    {
      schema: {
        tags,
        summary:
          "Change a mediator: name, phone, rule-of-law leader, active (never deleted: disputes name them)",
        security,
        params: MediatorIdParams,
        body: MediatorChangeBody,
        response: { 200: MediatorViewSchema },
      },
    },
    async (request) =>
      changeMediator(ctx.db, manager(request.actor, request.id), keys, request.params.id, request.body),
  );

  app.post(
    "/mediation/dispute-types",
    {
      schema: {
        tags,
        summary: "Add a dispute type to the catalogue",
        description:
          "Needs mediation.manage over the whole city (else 403); a code in use is 409 dispute_type_exists. Audited.",
        security,
        body: NewDisputeTypeBody,
        response: { 201: DisputeTypeSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createDisputeType(ctx.db, cityWideManager(request.actor, request.id), request.body)),
  );

  app.patch(
    "/mediation/dispute-types/:code",
    {
      schema: {
        tags,
        summary: "Rename, reorder or (de)activate a dispute type",
        security,
        params: DisputeTypeCodeParams,
        body: DisputeTypeChangeBody,
        response: { 200: DisputeTypeSchema },
      },
    },
    async (request) =>
      changeDisputeType(
        ctx.db,
        cityWideManager(request.actor, request.id),
        request.params.code,
        request.body,
      ),
  );

  app.get(
    "/mediation/settings",
    {
      schema: {
        tags,
        summary: "The mediation settings: the repeat-party window in days",
        security,
        response: { 200: MediationSettingsSchema },
      },
    },
    async (request) => {
      manager(request.actor);
      return readMediationSettings(ctx.db);
    },
  );

  app.put(
    "/mediation/settings",
    {
      schema: {
        tags,
        summary:
          "Set the repeat-party window: the same parties again within it raise the risk (民转刑 prevention)",
        security,
        body: MediationSettingsSchema,
        response: { 200: MediationSettingsSchema },
      },
    },
    async (request) =>
      updateMediationSettings(ctx.db, cityWideManager(request.actor, request.id), request.body),
  );
}
