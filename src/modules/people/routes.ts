import { z } from "zod";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { App, AppContext } from "../../server/context.js";
import { requireActor } from "../../core/access/policy.js";
import { parseIdempotencyKey, withIdempotency } from "../../core/idempotency/idempotency.js";
import type { Tx } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { searchPlaces } from "./address-search.js";
import { createAddress, deleteAddress, getAddress, listAddresses, updateAddress } from "./addresses.js";
import {
  createBuilding,
  createDwelling,
  deleteBuilding,
  deleteDwelling,
  getBuilding,
  getDwelling,
  listBuildings,
  updateBuilding,
  updateDwelling,
} from "./buildings.js";
import {
  addMember,
  createHousehold,
  deleteHousehold,
  getHousehold,
  leaveHousehold,
  listHouseholdsAt,
  updateHousehold,
} from "./households.js";
import {
  createPerson,
  getPerson,
  listPersons,
  lookupPersons,
  revealPerson,
  updatePerson,
} from "./persons.js";
import { registerWorkbookRoutes } from "./register-routes.js";
import { addTenant, createRental, endRental, getRental, listRentals, moveOutTenant } from "./rentals.js";
import { listPopulationTypes, putPopulationType, tagPerson, untagPerson } from "./population.js";
import {
  AddMemberBody,
  AddTenantBody,
  AddressListQuery,
  AddressListSchema,
  AddressSchema,
  AddressSearchQuery,
  AddressSearchSchema,
  BuildingDetailSchema,
  BuildingListQuery,
  BuildingListSchema,
  CreateAddressBody,
  CreateBuildingBody,
  CreateDwellingBody,
  CreateHouseholdBody,
  CreatePersonBody,
  CreateRentalBody,
  CreatedSchema,
  DwellingSchema,
  EndRentalBody,
  HouseholdListQuery,
  HouseholdListSchema,
  HouseholdSchema,
  IdParams,
  LeaveBody,
  MemberParams,
  MoveOutBody,
  PersonListQuery,
  PersonListSchema,
  PersonLookupBody,
  PersonLookupSchema,
  PersonSchema,
  PopulationTypeListSchema,
  PopulationTypeSchema,
  PutPopulationTypeBody,
  RentalListQuery,
  RentalListSchema,
  RentalSchema,
  RevealBody,
  RevealedSchema,
  TagParams,
  TagPersonBody,
  TenantParams,
  TypeCodeParams,
  UpdateAddressBody,
  UpdateBuildingBody,
  UpdateDwellingBody,
  UpdateHouseholdBody,
  UpdatePersonBody,
} from "./schemas.js";

const tags = ["people and places"];
const read = [{ session: [] }];
const write = [{ session: [], csrf: [] }];

/**
 * The register of people and places for staff, scoped: reads need people.read, changes
 * people.manage, full numbers people.reveal. A record outside the caller's scope is 404; ID
 * and phone numbers are masked in every answer but a reveal's; population tags of types the
 * caller's role may not see are absent.
 */
export async function peopleRoutes(app: App, ctx: AppContext): Promise<void> {
  const keys = ctx.config.personalDataKeys;

  /** A create, at most once per Idempotency-Key: 201 with the new id. */
  async function create(
    request: FastifyRequest,
    reply: FastifyReply,
    work: (tx: Tx) => Promise<{ id: string }>,
  ): Promise<FastifyReply> {
    const actor = requireActor(request.actor);
    const answer = await withIdempotency(
      ctx.db,
      {
        scopeKey: `user:${actor.userId}`,
        key: parseIdempotencyKey(request.headers["idempotency-key"]),
        // The path itself (with its ids), not its pattern: one key sent to another household, person
        // or rental is another request (409), not a replay of the first one.
        requestBody: { route: request.url.split("?")[0], body: request.body },
      },
      async (tx) => ({ statusCode: 201, body: { id: (await work(tx)).id } }),
    );
    if (answer.replayed) void reply.header("idempotent-replayed", "true");
    return reply.status(201).send(answer.body as { id: string });
  }

  // ---- population types ----

  app.get(
    "/population-types",
    {
      schema: {
        tags,
        summary: "The key and care population types your roles may see",
        security: read,
        response: { 200: PopulationTypeListSchema },
      },
    },
    async (request) => ({ items: await listPopulationTypes(ctx.db, requireActor(request.actor)) }),
  );

  app.put(
    "/population-types/:code",
    {
      schema: {
        tags,
        summary: "Add or change a population type: who sees it, its visit frequency and measures (admins)",
        security: write,
        params: TypeCodeParams,
        body: PutPopulationTypeBody,
        response: { 200: PopulationTypeSchema },
      },
    },
    async (request) =>
      ctx.db.transaction((tx) =>
        putPopulationType(tx, requireActor(request.actor), request.params.code, request.body, request.id),
      ),
  );

  /**
   * The record routes every register table shares: POST (at most once per Idempotency-Key),
   * GET one, PATCH with the version read (answering the record as read afterwards) and DELETE.
   */
  function crud<C extends z.ZodType, U extends z.ZodType, R extends z.ZodType>(
    path: string,
    r: {
      response: R;
      get: { summary: string; run: (actor: Actor, id: string) => Promise<z.infer<R>> };
      create: {
        summary: string;
        body: C;
        run: (tx: Tx, actor: Actor, body: z.infer<C>, requestId: string) => Promise<{ id: string }>;
      };
      update: {
        summary: string;
        body: U;
        run: (tx: Tx, actor: Actor, id: string, body: z.infer<U>, requestId: string) => Promise<void>;
      };
      remove: { summary: string; run: (actor: Actor, id: string, requestId: string) => Promise<void> };
    },
  ): void {
    // Typed by R at the call; the type provider cannot resolve a generic schema's output here.
    const answer: z.ZodType = r.response;
    app.post(
      path,
      {
        schema: {
          tags,
          summary: r.create.summary,
          security: write,
          body: r.create.body,
          response: { 201: CreatedSchema },
        },
      },
      async (request, reply) =>
        create(request, reply, (tx) =>
          r.create.run(tx, requireActor(request.actor), request.body as z.infer<C>, request.id),
        ),
    );
    app.get(
      `${path}/:id`,
      {
        schema: {
          tags,
          summary: r.get.summary,
          security: read,
          params: IdParams,
          response: { 200: answer },
        },
      },
      async (request) => r.get.run(requireActor(request.actor), request.params.id),
    );
    app.patch(
      `${path}/:id`,
      {
        schema: {
          tags,
          summary: r.update.summary,
          security: write,
          params: IdParams,
          body: r.update.body,
          response: { 200: answer },
        },
      },
      async (request) => {
        const actor = requireActor(request.actor);
        const body = request.body as z.infer<U>;
        await ctx.db.transaction((tx) => r.update.run(tx, actor, request.params.id, body, request.id));
        return r.get.run(actor, request.params.id);
      },
    );
    app.delete(
      `${path}/:id`,
      {
        schema: {
          tags,
          summary: r.remove.summary,
          security: write,
          params: IdParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await r.remove.run(requireActor(request.actor), request.params.id, request.id);
        return reply.status(204).send(null);
      },
    );
  }

  // ---- addresses ----

  app.get(
    "/addresses",
    {
      schema: {
        tags,
        summary: "Standard addresses in your scope, searched by text",
        security: read,
        querystring: AddressListQuery,
        response: { 200: AddressListSchema },
      },
    },
    async (request) => listAddresses(ctx.db, requireActor(request.actor), request.query),
  );
  app.get(
    "/addresses/search",
    {
      schema: {
        tags,
        summary:
          "Find a place for intake and triage: standard addresses in your scope by text (at most 10), " +
          "or, when none matches, regions of your scope by name; with the whole address, point, village and grid",
        security: read,
        querystring: AddressSearchQuery,
        response: { 200: AddressSearchSchema },
      },
    },
    async (request) => searchPlaces(ctx.db, requireActor(request.actor), request.query.q),
  );
  crud("/addresses", {
    response: AddressSchema,
    create: {
      summary: "Add a standard address in a village or grid of your scope",
      body: CreateAddressBody,
      run: createAddress,
    },
    get: { summary: "One standard address", run: (actor, id) => getAddress(ctx.db, actor, id) },
    update: {
      summary: "Correct a standard address (with the version read)",
      body: UpdateAddressBody,
      run: updateAddress,
    },
    remove: {
      summary: "Delete an address nothing points at (409 record_in_use otherwise)",
      run: (actor, id, requestId) => deleteAddress(ctx.db, actor, id, requestId),
    },
  });

  // ---- buildings ----

  app.get(
    "/buildings",
    {
      schema: {
        tags,
        summary: "Buildings and courtyards in your scope (by region, name or address)",
        security: read,
        querystring: BuildingListQuery,
        response: { 200: BuildingListSchema },
      },
    },
    async (request) => listBuildings(ctx.db, requireActor(request.actor), request.query),
  );
  crud("/buildings", {
    response: BuildingDetailSchema,
    create: {
      summary: "Add a building or courtyard, with its units",
      body: CreateBuildingBody,
      run: createBuilding,
    },
    get: {
      summary: "One building with its units and dwellings",
      run: (actor, id) => getBuilding(ctx.db, actor, id),
    },
    update: {
      summary: "Correct a building (with the version read)",
      body: UpdateBuildingBody,
      run: updateBuilding,
    },
    remove: {
      summary: "Delete a building without dwellings (409 record_in_use otherwise)",
      run: (actor, id, requestId) => deleteBuilding(ctx.db, actor, id, requestId),
    },
  });

  // ---- dwellings ----

  crud("/dwellings", {
    response: DwellingSchema,
    create: { summary: "Add a dwelling to a building", body: CreateDwellingBody, run: createDwelling },
    get: { summary: "One dwelling", run: (actor, id) => getDwelling(ctx.db, actor, id) },
    update: {
      summary: "Correct a dwelling: floor, room, unit, use (with the version read)",
      body: UpdateDwellingBody,
      run: updateDwelling,
    },
    remove: {
      summary: "Delete a dwelling without households (409 record_in_use otherwise)",
      run: (actor, id, requestId) => deleteDwelling(ctx.db, actor, id, requestId),
    },
  });

  // ---- households ----

  app.get(
    "/households",
    {
      schema: {
        tags,
        summary: "The households living at a dwelling, with their members (masked)",
        security: read,
        querystring: HouseholdListQuery,
        response: { 200: HouseholdListSchema },
      },
    },
    async (request) => ({
      items: await listHouseholdsAt(ctx.db, requireActor(request.actor), request.query.dwelling),
    }),
  );
  crud("/households", {
    response: HouseholdSchema,
    create: { summary: "Add a household at a dwelling", body: CreateHouseholdBody, run: createHousehold },
    get: {
      summary: "One household with its members (masked)",
      run: (actor, id) => getHousehold(ctx.db, actor, id),
    },
    update: {
      summary: "Change a household's type or number (with the version read)",
      body: UpdateHouseholdBody,
      run: updateHousehold,
    },
    remove: {
      summary: "Delete a household nobody belonged to (409 record_in_use otherwise)",
      run: (actor, id, requestId) => deleteHousehold(ctx.db, actor, id, requestId),
    },
  });
  app.post(
    "/households/:id/members",
    {
      schema: {
        tags,
        summary: "A person moves into the household (leaving their current one the same day; history kept)",
        security: write,
        params: IdParams,
        body: AddMemberBody,
        response: { 200: HouseholdSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      await ctx.db.transaction((tx) => addMember(tx, actor, request.params.id, request.body));
      return getHousehold(ctx.db, actor, request.params.id);
    },
  );
  app.post(
    "/households/:id/members/:personId/leave",
    {
      schema: {
        tags,
        summary: "A person leaves the household (the record and its history stay)",
        security: write,
        params: MemberParams,
        body: LeaveBody,
        response: { 200: HouseholdSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      const { id, personId } = request.params;
      await ctx.db.transaction((tx) => leaveHousehold(tx, actor, id, personId, request.body.leftOn));
      return getHousehold(ctx.db, actor, id);
    },
  );

  // ---- rentals (出租屋) ----

  app.get(
    "/rentals",
    {
      schema: {
        tags,
        summary:
          "Rentals in your scope, by region or dwelling, current or ended (landlord and tenants masked)",
        security: read,
        querystring: RentalListQuery,
        response: { 200: RentalListSchema },
      },
    },
    async (request) => listRentals(ctx.db, requireActor(request.actor), request.query),
  );
  app.post(
    "/rentals",
    {
      schema: {
        tags,
        summary: "Register a rental of a dwelling: the landlord (a person of the register) and the first day",
        security: write,
        body: CreateRentalBody,
        response: { 201: CreatedSchema },
      },
    },
    async (request, reply) =>
      create(request, reply, (tx) => createRental(tx, requireActor(request.actor), request.body, request.id)),
  );
  app.get(
    "/rentals/:id",
    {
      schema: {
        tags,
        summary: "One rental with every tenant it has had (masked)",
        security: read,
        params: IdParams,
        response: { 200: RentalSchema },
      },
    },
    async (request) => getRental(ctx.db, requireActor(request.actor), request.params.id),
  );
  app.post(
    "/rentals/:id/tenants",
    {
      schema: {
        tags,
        summary:
          "A tenant moves in: a person of the register (personId), or one described by name and a document or phone " +
          "number (person: the person of that number in your area, else registered at the rental's place); the day, " +
          "not before the rental starts. At most once per Idempotency-Key.",
        security: write,
        params: IdParams,
        body: AddTenantBody,
        response: { 201: CreatedSchema },
      },
    },
    async (request, reply) =>
      create(request, reply, (tx) =>
        addTenant(tx, requireActor(request.actor), keys, request.params.id, request.body, request.id),
      ),
  );
  app.post(
    "/rentals/:id/tenants/:tenantId/move-out",
    {
      schema: {
        tags,
        summary: "A tenant moves out: the day is recorded, the tenant stays in the rental's history",
        security: write,
        params: TenantParams,
        body: MoveOutBody,
        response: { 200: RentalSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      const { id, tenantId } = request.params;
      await ctx.db.transaction((tx) =>
        moveOutTenant(tx, actor, id, tenantId, request.body.movedOutOn, request.id),
      );
      return getRental(ctx.db, actor, id);
    },
  );
  app.post(
    "/rentals/:id/end",
    {
      schema: {
        tags,
        summary: "End a rental; tenants still living there move out the same day",
        security: write,
        params: IdParams,
        body: EndRentalBody,
        response: { 200: RentalSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      await ctx.db.transaction((tx) =>
        endRental(tx, actor, request.params.id, request.body.endsOn, request.id),
      );
      return getRental(ctx.db, actor, request.params.id);
    },
  );

  // ---- persons ----

  app.get(
    "/persons",
    {
      schema: {
        tags,
        summary: "Persons in your scope by name, address, region or population type (numbers masked)",
        security: read,
        querystring: PersonListQuery,
        response: { 200: PersonListSchema },
      },
    },
    async (request) => listPersons(ctx.db, requireActor(request.actor), request.query),
  );
  app.post(
    "/persons",
    {
      schema: {
        tags,
        summary: "Register a person (resident ID checked by its GB 11643 check digit; numbers encrypted)",
        security: write,
        body: CreatePersonBody,
        response: { 201: CreatedSchema },
      },
    },
    async (request, reply) =>
      create(request, reply, (tx) => createPerson(tx, requireActor(request.actor), keys, request.body)),
  );
  app.post(
    "/persons/lookup",
    {
      schema: {
        tags,
        summary: "Find persons in your scope by exact ID or phone number (blind index; each hit is logged)",
        security: write,
        body: PersonLookupBody,
        response: { 200: PersonLookupSchema },
      },
    },
    async (request) => lookupPersons(ctx.db, requireActor(request.actor), keys, request.body),
  );
  app.get(
    "/persons/:id",
    {
      schema: {
        tags,
        summary: "A person's file: household, tags you may see, history (numbers masked)",
        security: read,
        params: IdParams,
        response: { 200: PersonSchema },
      },
    },
    async (request) => getPerson(ctx.db, requireActor(request.actor), request.params.id),
  );
  app.patch(
    "/persons/:id",
    {
      schema: {
        tags,
        summary: "Correct a person's record (with the version read); the history names the fields changed",
        security: write,
        params: IdParams,
        body: UpdatePersonBody,
        response: { 200: PersonSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      await ctx.db.transaction((tx) => updatePerson(tx, actor, keys, request.params.id, request.body));
      return getPerson(ctx.db, actor, request.params.id);
    },
  );
  app.post(
    "/persons/:id/reveal",
    {
      schema: {
        tags,
        summary: "A person's ID and phone number in full, with a reason (people.reveal; logged)",
        security: write,
        params: IdParams,
        body: RevealBody,
        response: { 200: RevealedSchema },
      },
    },
    async (request) =>
      revealPerson(ctx.db, requireActor(request.actor), keys, request.params.id, request.body.reason),
  );
  app.post(
    "/persons/:id/population-tags",
    {
      schema: {
        tags,
        summary: "Tag a person with a key or care population type your role may see",
        security: write,
        params: IdParams,
        body: TagPersonBody,
        response: { 201: CreatedSchema },
      },
    },
    async (request, reply) =>
      create(request, reply, (tx) =>
        tagPerson(tx, requireActor(request.actor), request.params.id, request.body),
      ),
  );
  app.delete(
    "/persons/:id/population-tags/:tagId",
    {
      schema: {
        tags,
        summary: "End a person's population tag (the history keeps it)",
        security: write,
        params: TagParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      await ctx.db.transaction((tx) => untagPerson(tx, actor, request.params.id, request.params.tagId));
      return reply.status(204).send(null);
    },
  );

  await registerWorkbookRoutes(app, ctx);
}
