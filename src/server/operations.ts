/**
 * What an operator watches: `/healthz`, `/metrics` (Prometheus) and the structured request log.
 */
import type { FastifyRequest, FastifyServerOptions } from "fastify";
import client from "prom-client";
import type { Config } from "../config.js";
import type { App, AppContext } from "./context.js";
import { errorBody } from "../shared/errors.js";

/** How long `/healthz` waits for the database before calling it down. */
const HEALTH_TIMEOUT_MS = 3000;

/**
 * Fields that must never reach a log line: credentials and session material, wherever a request
 * log, an error or a handler's `request.log.info({ headers, body })` would put them.
 */
export const REDACTED_LOG_PATHS = [
  "req.headers.cookie",
  "req.headers.authorization",
  'req.headers["x-csrf-token"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  "headers.cookie",
  "headers.authorization",
  'headers["x-csrf-token"]',
  'headers["x-api-key"]',
  'req.headers["x-attachment-token"]',
  'headers["x-attachment-token"]',
  // A page's address may carry a tracking code (/m/track/<code>): logged with it removed.
  "req.headers.referer",
  "headers.referer",
  "password",
  "newPassword",
  "currentPassword",
  "passwordHash",
  "token",
  "csrfToken",
  "*.password",
  "*.newPassword",
  "*.currentPassword",
  "*.passwordHash",
  "*.token",
  "*.csrfToken",
];

/**
 * A URL without what unlocks an anonymous resident's appeal and photos: the tracking code in
 * `/track/<code>` (API and mobile page) and Open311's `/tokens/<code>`, and any `token=` or
 * `code=` query parameter (attachment tokens, tracking codes), each replaced by "[redacted]".
 * Percent-encoded ASCII is decoded first, so `%74rack/…` or `?%74oken=…` is caught as well.
 */
export function redactUrlSecrets(url: string): string {
  return url
    .replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\/(track|tokens)\/[^?#]*/gi, "/$1/[redacted]")
    .replace(/([?&;](?:token|code|trackingCode)=)[^&#;]*/gi, "$1[redacted]");
}

/** Fastify's request serializer, with the URL's secrets redacted. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrlSecrets(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * The server's pino options: JSON lines at LOG_LEVEL, secrets replaced by "[redacted]", URLs
 * (the request's and a Referer) logged without tracking codes and tokens.
 */
export function loggerOptions(config: Config): Exclude<FastifyServerOptions["logger"], boolean | undefined> {
  return {
    level: config.logLevel,
    serializers: { req: serializeRequest },
    redact: {
      paths: REDACTED_LOG_PATHS,
      censor: (value: unknown, path: string[]) =>
        path.at(-1) === "referer" && typeof value === "string" ? redactUrlSecrets(value) : "[redacted]",
    },
  };
}

/** `/healthz` (answers only when the database does) and `/metrics` in Prometheus format. */
export async function operationsRoutes(app: App, ctx: AppContext): Promise<void> {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Histogram({
    name: "microgov_http_request_duration_seconds",
    help: "HTTP request duration by route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook("onResponse", async (request, reply) => {
    requests.observe(
      {
        method: request.method,
        // The route pattern, not the URL: one series per route, whatever the ids in the path.
        route: request.routeOptions.url ?? "unmatched",
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.get("/healthz", { schema: { hide: true } }, async (request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)),
        HEALTH_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([ctx.database.ping(), timeout]);
      return { status: "ok", database: ctx.database.kind };
    } catch (err) {
      request.log.warn({ err }, "health check: database does not answer");
      return reply.status(503).send(errorBody("database_unavailable", "The database does not answer."));
    } finally {
      clearTimeout(timer);
    }
  });

  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    void reply.header("content-type", registry.contentType);
    return registry.metrics();
  });
}
