/**
 * Resolves `request.actor` from the session cookie and defends cookie-authenticated writes
 * against CSRF: an unsafe method must echo the session's CSRF token in `X-CSRF-Token`. A request
 * the browser marks as coming from another site (`Sec-Fetch-Site: cross-site`) is not signed in
 * at all: SameSite=Lax still sends the cookie on a top-level GET from another site, and some GETs
 * leave a trace (printing a case is audited, a contact read is logged).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import "@fastify/cookie";
import fp from "fastify-plugin";
import type { Db } from "../db/client.js";
import type { Actor } from "../core/access/actor.js";
import { actorForSession } from "../modules/accounts/sessions.js";
import { cacheClock } from "../db/cache-versions.js";
import { AppError } from "../shared/errors.js";

export const SESSION_COOKIE = "mg_session";
export const CSRF_HEADER = "x-csrf-token";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in user, or null for an anonymous request. */
    actor: Actor | null;
    /** The session's CSRF token when the request came with a valid session cookie. */
    csrfToken: string | null;
    /**
     * When the request arrived (`cacheClock()`): the per-process caches answer it as of a
     * version read sent no earlier (src/db/cache-versions.ts).
     */
    cacheSince: number;
  }
  interface FastifyContextConfig {
    /**
     * `false` exempts a route from the CSRF check (sign-in: it acts on no session, and a login
     * form has no token to send yet). Everything else is checked.
     */
    csrf?: boolean;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Db; sessionMaxAgeMs: number }) => {
  app.decorateRequest("actor", null);
  app.decorateRequest("csrfToken", null);
  app.decorateRequest("cacheSince", 0);
  app.addHook("onRequest", async (request: FastifyRequest) => {
    request.cacheSince = cacheClock();
  });
  app.addHook("preHandler", async (request: FastifyRequest) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || request.headers["sec-fetch-site"] === "cross-site") return;
    const found = await actorForSession(opts.db, token, opts.sessionMaxAgeMs, request.cacheSince);
    if (!found) return;
    const checked = request.routeOptions.config.csrf !== false;
    if (checked && !SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== found.csrfToken) {
      throw new AppError(403, "csrf_failed", "Missing or wrong X-CSRF-Token header for this session.");
    }
    request.actor = found.actor;
    request.csrfToken = found.csrfToken;
  });
});

/**
 * Sets the session cookie: HttpOnly, SameSite=Lax, whole site, Secure when served over HTTPS.
 * No expiry of its own: the session's expiry in the database decides (idle, sliding with use, and
 * SESSION_MAX_AGE after sign-in at the latest).
 */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, path: "/" });
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: "lax", secure, path: "/" });
}
