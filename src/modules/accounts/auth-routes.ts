import "@fastify/rate-limit";
import { z } from "zod";
import type { Db } from "../../db/client.js";
import type { App, AppContext } from "../../server/context.js";
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from "../../server/auth.js";
import { AppError, UnauthorizedError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor, permissionsOf } from "../../core/access/policy.js";
import { menuFor } from "../../core/modules/manifest.js";
import { MODULES } from "../registry.js";
import { changeOwnPassword } from "./change-password.js";
import { getVisibleUser } from "./find-users.js";
import { login } from "./login.js";
import { provenPhoneOf } from "./otp-resident-account.js";
import { ChangePasswordSchema, LoginSchema, SessionViewSchema } from "./schemas.js";
import { deleteSession } from "./sessions.js";

/** Sign-in attempts per client IP per minute; more answer 429 `too_many_requests`. */
export const LOGIN_RATE_LIMIT = { max: 20, timeWindow: 60_000 };

/**
 * What a sign-in (password or one-time code) and `/auth/me` answer; `menu` is the console menu
 * the module manifests register, filtered to the person's permissions.
 */
export async function sessionView(db: Db, actor: Actor, csrfToken: string) {
  const user = await getVisibleUser(db, actor, actor.userId);
  const menu = menuFor(MODULES, (p) => bindingsFor(actor, p).length > 0);
  const phoneProven = (await provenPhoneOf(db, actor.userId)) !== null;
  return { user, roles: user.roles, permissions: permissionsOf(actor), menu, csrfToken, phoneProven };
}

/** Sign-in, sign-out, who am I, and changing one's own password. */
export async function authRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post(
    "/auth/login",
    {
      config: { rateLimit: LOGIN_RATE_LIMIT, csrf: false },
      schema: {
        tags: ["auth"],
        summary: "Sign in with username and password; sets the mg_session cookie",
        body: LoginSchema,
        response: { 200: SessionViewSchema },
      },
    },
    async (request, reply) => {
      const { session, actor } = await login(ctx.db, {
        username: request.body.username,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers["user-agent"],
      });
      // A session the browser already had is replaced, not left dangling.
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await deleteSession(ctx.db, previous);
      setSessionCookie(reply, session.token, ctx.config.secureCookies);
      return sessionView(ctx.db, actor, session.csrfToken);
    },
  );

  app.post(
    "/auth/logout",
    { schema: { tags: ["auth"], summary: "End the current session and clear its cookie" } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await deleteSession(ctx.db, token);
      clearSessionCookie(reply, ctx.config.secureCookies);
      return reply.status(204).send();
    },
  );

  app.get(
    "/auth/me",
    {
      schema: {
        tags: ["auth"],
        summary: "The signed-in user, their roles and permissions, and the session's CSRF token",
        response: { 200: SessionViewSchema },
      },
    },
    async (request) => {
      const { actor, csrfToken } = request;
      if (!actor || !csrfToken) throw new UnauthorizedError();
      return sessionView(ctx.db, actor, csrfToken);
    },
  );

  app.get(
    "/auth/session",
    {
      schema: {
        tags: ["auth"],
        summary: "The current session or null: for web pages that ask whether anyone is signed in",
        description: "Always 200, so a page that opens signed out does not log a failed request.",
        response: { 200: z.object({ session: SessionViewSchema.nullable() }) },
      },
    },
    async (request) => {
      const { actor, csrfToken } = request;
      if (!actor || !csrfToken) return { session: null };
      return { session: await sessionView(ctx.db, actor, csrfToken) };
    },
  );

  app.post(
    "/auth/password",
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ["auth"],
        summary: "Change your own password; your other sessions end",
        description:
          "A wrong currentPassword is 400 invalid_current_password and counts toward the sign-in lock-out " +
          "of your username from your address; at the limit this session ends (401 account_locked).",
        body: ChangePasswordSchema,
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const token = request.cookies[SESSION_COOKIE];
      if (!actor || !token) throw new UnauthorizedError();
      try {
        await changeOwnPassword(ctx.db, {
          actor,
          sessionToken: token,
          currentPassword: request.body.currentPassword,
          newPassword: request.body.newPassword,
          ip: request.ip,
          requestId: request.id,
        });
      } catch (err) {
        // Too many wrong guesses ended the session: the browser drops its cookie too.
        if (err instanceof AppError && err.code === "account_locked")
          clearSessionCookie(reply, ctx.config.secureCookies);
        throw err;
      }
      return reply.status(204).send();
    },
  );
}
