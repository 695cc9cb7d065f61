import { z } from "zod";
import type { App, AppContext } from "../../server/context.js";
import { NotFoundError, UnauthorizedError } from "../../shared/errors.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { createOrganisation } from "./create-organisation.js";
import { deleteOrganisation } from "./delete-organisation.js";
import { DEPARTMENT_TYPES } from "./department-types.js";
import { findOrganisations, getOrganisation } from "./find-organisations.js";
import { updateOrganisation } from "./update-organisation.js";
import { visibleOrganisations } from "./policy.js";
import {
  CreateOrganisationBody,
  DepartmentTypeListSchema,
  OrganisationIdParams,
  OrganisationListQuery,
  OrganisationListSchema,
  OrganisationSchema,
  UpdateOrganisationBody,
} from "./schemas.js";

const secured = [{ session: [] }];

/** The signed-in actor with their `organisations.manage` bindings; 401 or 403 otherwise. */
function manager(actor: Actor | null): { actor: Actor; bindings: Binding[] } {
  const bindings = requirePermission(actor, "organisations.manage");
  if (!actor) throw new UnauthorizedError();
  return { actor, bindings };
}

/** Governance centres, departments, village committees and grid posts, scoped by policy. */
export async function organisationRoutes(app: App, ctx: AppContext): Promise<void> {
  // Public: the catalogue is reference data, and forms need it before anyone signs in.
  app.get(
    "/organisations/department-types",
    {
      schema: {
        tags: ["organisations"],
        summary: "The department type catalogue",
        response: { 200: DepartmentTypeListSchema },
      },
    },
    async () => ({ items: DEPARTMENT_TYPES.map((t) => ({ ...t })) }),
  );

  app.get(
    "/organisations",
    {
      schema: {
        tags: ["organisations"],
        summary: "Organisations visible in the caller's scopes, in tree order",
        security: secured,
        querystring: OrganisationListQuery,
        response: { 200: OrganisationListSchema },
      },
    },
    async (request) => {
      const bindings = requirePermission(request.actor, "organisations.read");
      return findOrganisations(ctx.db, visibleOrganisations(bindings), request.query);
    },
  );

  app.get(
    "/organisations/:id",
    {
      schema: {
        tags: ["organisations"],
        summary: "One organisation",
        security: secured,
        params: OrganisationIdParams,
        response: { 200: OrganisationSchema },
      },
    },
    async (request) => {
      const bindings = requirePermission(request.actor, "organisations.read");
      const found = await getOrganisation(ctx.db, request.params.id, visibleOrganisations(bindings));
      if (!found) throw new NotFoundError("Organisation", request.params.id);
      return found;
    },
  );

  app.post(
    "/organisations",
    {
      schema: {
        tags: ["organisations"],
        summary: "Create an organisation at a region inside the admin's scope",
        security: secured,
        body: CreateOrganisationBody,
        response: { 201: OrganisationSchema },
      },
    },
    async (request, reply) => {
      const { actor, bindings } = manager(request.actor);
      const created = await createOrganisation(ctx.db, {
        actor,
        bindings,
        input: request.body,
        requestId: request.id,
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    "/organisations/:id",
    {
      schema: {
        tags: ["organisations"],
        summary: "Rename an organisation or change a department's type",
        security: secured,
        params: OrganisationIdParams,
        body: UpdateOrganisationBody,
        response: { 200: OrganisationSchema },
      },
    },
    async (request) => {
      const { actor, bindings } = manager(request.actor);
      return updateOrganisation(ctx.db, {
        actor,
        bindings,
        id: request.params.id,
        input: request.body,
        requestId: request.id,
      });
    },
  );

  app.delete(
    "/organisations/:id",
    {
      schema: {
        tags: ["organisations"],
        summary: "Delete an organisation nobody belongs to",
        security: secured,
        params: OrganisationIdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { actor, bindings } = manager(request.actor);
      await deleteOrganisation(ctx.db, { actor, bindings, id: request.params.id, requestId: request.id });
      return reply.status(204).send(null);
    },
  );
}
