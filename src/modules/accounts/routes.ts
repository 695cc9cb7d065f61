import type { App, AppContext } from "../../server/context.js";
import { authRoutes } from "./auth-routes.js";
import { createUser } from "./create-user.js";
import { findUsers, getVisibleUser } from "./find-users.js";
import { grantRole } from "./grant-role.js";
import { actorWith } from "../../core/access/policy.js";
import { resetPassword } from "./reset-password.js";
import { revokeRole } from "./revoke-role.js";
import {
  BindingParams,
  CreateUserSchema,
  ListUsersQuery,
  ResetPasswordSchema,
  RoleGrantSchema,
  UpdateUserSchema,
  UserIdParams,
  UserPageSchema,
  UserViewSchema,
} from "./schemas.js";
import { updateUser } from "./update-user.js";

/**
 * Accounts: sign-in (./auth-routes.ts) and the users admin API. Reads need `users.read` and see
 * only accounts in scope (./policy.ts); writes need `users.manage` over every role of the
 * account, and each writes its audit row in the same transaction. Writes answer with the account
 * as the caller now sees it.
 */
export async function accountRoutes(app: App, ctx: AppContext): Promise<void> {
  await authRoutes(app, ctx);
  const tags = ["users"];
  const userResponse = { 200: UserViewSchema };

  app.get(
    "/users",
    {
      schema: {
        tags,
        summary: "Accounts in your scope",
        querystring: ListUsersQuery,
        response: { 200: UserPageSchema },
      },
    },
    async (request) => {
      const actor = actorWith(request.actor, "users.read");
      return findUsers(ctx.db, actor, request.query);
    },
  );

  app.get(
    "/users/:id",
    { schema: { tags, summary: "One account in your scope", params: UserIdParams, response: userResponse } },
    async (request) => {
      const actor = actorWith(request.actor, "users.read");
      return getVisibleUser(ctx.db, actor, request.params.id);
    },
  );

  app.post(
    "/users",
    {
      schema: {
        tags,
        summary: "Create an account with at least one role inside your scope",
        body: CreateUserSchema,
        response: { 201: UserViewSchema },
      },
    },
    async (request, reply) => {
      const actor = actorWith(request.actor, "users.manage");
      const created = await ctx.db.transaction((tx) =>
        createUser(tx, { ...request.body, actor, requestId: request.id }),
      );
      return reply.status(201).send(await getVisibleUser(ctx.db, actor, created.id));
    },
  );

  app.patch(
    "/users/:id",
    {
      schema: {
        tags,
        summary: "Change an account's profile, or disable it",
        params: UserIdParams,
        body: UpdateUserSchema,
        response: userResponse,
      },
    },
    async (request) => {
      const actor = actorWith(request.actor, "users.manage");
      await ctx.db.transaction((tx) =>
        updateUser(tx, { actor, userId: request.params.id, patch: request.body, requestId: request.id }),
      );
      return getVisibleUser(ctx.db, actor, request.params.id);
    },
  );

  app.post(
    "/users/:id/roles",
    {
      schema: {
        tags,
        summary: "Grant one role in a scope inside yours",
        params: UserIdParams,
        body: RoleGrantSchema,
        response: { 201: UserViewSchema },
      },
    },
    async (request, reply) => {
      const actor = actorWith(request.actor, "users.manage");
      await ctx.db.transaction((tx) =>
        grantRole(tx, { actor, userId: request.params.id, grant: request.body, requestId: request.id }),
      );
      return reply.status(201).send(await getVisibleUser(ctx.db, actor, request.params.id));
    },
  );

  app.delete(
    "/users/:id/roles/:bindingId",
    {
      schema: {
        tags,
        summary: "Revoke one role binding",
        params: BindingParams,
        response: userResponse,
      },
    },
    async (request) => {
      const actor = actorWith(request.actor, "users.manage");
      await ctx.db.transaction((tx) =>
        revokeRole(tx, {
          actor,
          userId: request.params.id,
          bindingId: request.params.bindingId,
          requestId: request.id,
        }),
      );
      return getVisibleUser(ctx.db, actor, request.params.id);
    },
  );

  app.post(
    "/users/:id/password",
    {
      schema: {
        tags,
        summary: "Set a new password for an account; its sessions end and any lock-out is lifted",
        params: UserIdParams,
        body: ResetPasswordSchema,
      },
    },
    async (request, reply) => {
      const actor = actorWith(request.actor, "users.manage");
      await ctx.db.transaction((tx) =>
        resetPassword(tx, {
          actor,
          userId: request.params.id,
          password: request.body.password,
          requestId: request.id,
        }),
      );
      return reply.status(204).send();
    },
  );
}
