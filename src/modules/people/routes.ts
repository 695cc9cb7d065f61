import { z } from "zod";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { App, AppContext } from "../../server/context.js";
import { requireActor } from "../../core/access/policy.js";
import { parseIdempotencyKey, withIdempotency } from "../../core/idempotency/idempotency.js";
import type { Tx } from "../../db/client.js";
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
import { listPopulationTypes, putPopulationType, tagPerson, untagPerson } from "./population.js";
import {
  AddMemberBody,
  AddressListQuery,
  AddressListSchema,
  AddressSchema,
  BuildingDetailSchema,
  BuildingListQuery,
  BuildingListSchema,
  BuildingSchema,
  CreateAddressBody,
  CreateBuildingBody,
  CreateDwellingBody,
  CreateHouseholdBody,
  CreatePersonBody,
  CreatedSchema,
  DwellingSchema,
  HouseholdSchema,
  IdParams,
  LeaveBody,
  MemberParams,
  PersonListQuery,
  PersonListSchema,
  PersonLookupBody,
  PersonLookupSchema,
  PersonSchema,
  PopulationTypeListSchema,
  PopulationTypeSchema,
  PutPopulationTypeBody,
  RevealBody,
  RevealedSchema,
  TagParams,
  TagPersonBody,
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
        requestBody: { route: request.routeOptions.url, body: request.body },
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
  app.post(
    "/addresses",
    {
      schema: {
        tags,
        summary: "Add a standard address in a village or grid of your scope",
        security: write,
        body: CreateAddressBody,
        response: { 201: CreatedSchema },
      },
    },
    async (request, reply) =>
      create(request, reply, (tx) =>
        createAddress(tx, requireActor(request.actor), request.body, request.id),
      ),
  );
  app.get(
    "/addresses/:id",
    {
      schema: {
        tags,
        summary: "One standard address",
        security: read,
        params: IdParams,
        response: { 200: AddressSchema },
      },
    },
    async (request) => getAddress(ctx.db, requireActor(request.actor), request.params.id),
  );
  app.patch(
    "/addresses/:id",
    {
      schema: {
        tags,
        summary: "Correct a standard address (with the version read)",
        security: write,
        params: IdParams,
        body: UpdateAddressBody,
        response: { 200: AddressSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      await ctx.db.transaction((tx) => updateAddress(tx, actor, request.params.id, request.body, request.id));
      return getAddress(ctx.db, actor, request.params.id);
    },
  );
  app.delete(
    "/addresses/:id",
    {
      schema: {
        tags,
        summary: "Delete an address nothing points at (409 record_in_use otherwise)",
        security: write,
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteAddress(ctx.db, requireActor(request.actor), request.params.id, request.id);
      return reply.status(204).send(null);
    },
  );

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
  app.post(
    "/buildings",
    {
      schema: {
        tags,
        summary: "Add a building or courtyard, with its units",
        security: write,
        body: CreateBuildingBody,
        response: { 201: CreatedSchema },
      },
    },
    async (request, reply) =>
      create(request, reply, (tx) =>
        createBuilding(tx, requireActor(request.actor), request.body, request.id),
      ),
  );
  app.get(
    "/buildings/:id",
    {
      schema: {
        tags,
        summary: "One building with its units and dwellings",
        security: read,
        params: IdParams,
        response: { 200: BuildingDetailSchema },
      },
    },
    async (request) => getBuilding(ctx.db, requireActor(request.actor), request.params.id),
  );
  app.patch(
    "/buildings/:id",
    {
      schema: {
        tags,
        summary: "Correct a building (with the version read)",
        security: write,
        params: IdParams,
        body: UpdateBuildingBody,
        response: { 200: BuildingSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      await ctx.db.transaction((tx) =>
        updateBuilding(tx, actor, request.params.id, request.body, request.id),
      );
      return getBuilding(ctx.db, actor, request.params.id);
    },
  );
  app.delete(
    "/buildings/:id",
    {
      schema: {
        tags,
        summary: "Delete a building without dwellings (409 record_in_use otherwise)",
        security: write,
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteBuilding(ctx.db, requireActor(request.actor), request.params.id, request.id);
      return reply.status(204).send(null);
    },
  );

  // ---- dwellings ----

  app.post(
    "/dwellings",
    {
      schema: {
        tags,
        summary: "Add a dwelling to a building",
        security: write,
        body: CreateDwellingBody,
        response: { 201: CreatedSchema },
      },
    },
    async (request, reply) =>
      create(request, reply, (tx) =>
        createDwelling(tx, requireActor(request.actor), request.body, request.id),
      ),
  );
  app.get(
    "/dwellings/:id",
    {
      schema: {
        tags,
        summary: "One dwelling",
        security: read,
        params: IdParams,
        response: { 200: DwellingSchema },
      },
    },
    async (request) => getDwelling(ctx.db, requireActor(request.actor), request.params.id),
  );
  app.patch(
    "/dwellings/:id",
    {
      schema: {
        tags,
        summary: "Correct a dwelling: floor, room, unit, use (with the version read)",
        security: write,
        params: IdParams,
        body: UpdateDwellingBody,
        response: { 200: DwellingSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      await ctx.db.transaction((tx) =>
        updateDwelling(tx, actor, request.params.id, request.body, request.id),
      );
      return getDwelling(ctx.db, actor, request.params.id);
    },
  );
  app.delete(
    "/dwellings/:id",
    {
      schema: {
        tags,
        summary: "Delete a dwelling without households (409 record_in_use otherwise)",
        security: write,
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteDwelling(ctx.db, requireActor(request.actor), request.params.id, request.id);
      return reply.status(204).send(null);
    },
  );

  // ---- households ----

  app.post(
    "/households",
    {
      schema: {
        tags,
        summary: "Add a household at a dwelling",
        security: write,
        body: CreateHouseholdBody,
        response: { 201: CreatedSchema },
      },
    },
    async (request, reply) =>
      create(request, reply, (tx) =>
        createHousehold(tx, requireActor(request.actor), request.body, request.id),
      ),
  );
  app.get(
    "/households/:id",
    {
      schema: {
        tags,
        summary: "One household with its members (masked)",
        security: read,
        params: IdParams,
        response: { 200: HouseholdSchema },
      },
    },
    async (request) => getHousehold(ctx.db, requireActor(request.actor), request.params.id),
  );
  app.patch(
    "/households/:id",
    {
      schema: {
        tags,
        summary: "Change a household's type or number (with the version read)",
        security: write,
        params: IdParams,
        body: UpdateHouseholdBody,
        response: { 200: HouseholdSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      await ctx.db.transaction((tx) =>
        updateHousehold(tx, actor, request.params.id, request.body, request.id),
      );
      return getHousehold(ctx.db, actor, request.params.id);
    },
  );
  app.delete(
    "/households/:id",
    {
      schema: {
        tags,
        summary: "Delete a household nobody belonged to (409 record_in_use otherwise)",
        security: write,
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteHousehold(ctx.db, requireActor(request.actor), request.params.id, request.id);
      return reply.status(204).send(null);
    },
  );
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
}
