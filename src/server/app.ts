import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { Socket } from "node:net";
import Fastify, { type FastifyReply, type FastifyServerOptions, type RouteOptions } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { caseActionRoutes } from "../modules/cases/actions/action-routes.js";
import { caseRoutes } from "../modules/cases/routes.js";
import { caseDocumentRoutes } from "../modules/case-documents/routes.js";
import { mediationRoutes } from "../modules/mediation/routes.js";
import { visitRoutes } from "../modules/visits/routes.js";
import { caseLinkRoutes } from "../modules/case-links/routes.js";
import { accountRoutes } from "../modules/accounts/routes.js";
import { otpRoutes } from "../modules/accounts/otp-routes.js";
import { attachmentRoutes } from "../modules/attachments/routes.js";
import { auditRoutes } from "../modules/audit/routes.js";
import { catalogueRoutes } from "../modules/catalogue/routes.js";
import { cockpitRoutes } from "../modules/cockpit/routes.js";
import { exportRoutes } from "../modules/exports/routes.js";
import { gridRoutes } from "../modules/grids/routes.js";
import { apiKeyRoutes, open311Routes } from "../modules/open311/routes.js";
import { organisationRoutes } from "../modules/organisations/routes.js";
import { peopleRoutes } from "../modules/people/routes.js";
import { myDataRoutes } from "../modules/my-data/routes.js";
import { rateRoutes } from "../modules/rates/routes.js";
import { regionRoutes } from "../modules/regions/routes.js";
import { installRegisteredModules } from "../modules/registry.js";
import { authPlugin } from "./auth.js";
import type { App, AppContext } from "./context.js";
import { errorBody, errorHandler } from "../shared/errors.js";
import { operationsRoutes } from "./operations.js";
import { securityHeaders } from "./security-headers.js";
import { webRoutes } from "./web.js";

/** What a client's X-Request-Id may be to reach the log and the audit table as given. */
const REQUEST_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;

/**
 * The request's id: the client's `X-Request-Id` (a proxy's or an app's trace id) when it is a
 * plausible id, else a fresh UUID. Anything else could forge log lines or fill the audit table.
 */
function requestId(request: IncomingMessage): string {
  const given = request.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

export interface BuildAppOptions {
  database: Database;
  config: Config;
  logger?: FastifyServerOptions["logger"];
  /** Told of every route as it is registered (the authorization matrix lists them all). */
  onRoute?: (route: RouteOptions) => void;
}

/** Answers a request the HTTP parser could not read, in the error shape, and closes the connection. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const body = JSON.stringify(
    errorBody(
      "bad_request",
      tooLarge
        ? "The request's headers are too large."
        : "The request cannot be read: check its method, headers and encoding.",
    ),
  );
  socket.end(
    `HTTP/1.1 ${tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request"}\r\n` +
      "Content-Type: application/json; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Builds the whole HTTP application on an open database; `main.ts` makes it listen. */
export async function buildApp(opts: BuildAppOptions): Promise<App> {
  installRegisteredModules();
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.config.bodyLimit,
    // X-Forwarded-For only from the proxies named in TRUST_PROXY: anyone else could pick the
    // address every per-address limit (sign-in, codes, intake, uploads) keys on.
    trustProxy: opts.config.trustProxy,
    requestIdHeader: false,
    genReqId: requestId,
    // A URL the router cannot read (bad percent-encoding, a path part over the length limit)
    // gets the house's error shape, as every other refusal does.
    frameworkErrors: (error, request, reply) => {
      const status = typeof error.statusCode === "number" && error.statusCode < 500 ? error.statusCode : 400;
      void (reply as FastifyReply)
        .status(status)
        .send(
          errorBody(
            "bad_request",
            "The address of this request cannot be read: check its encoding and length.",
          ),
        );
    },
    // A request Node's HTTP parser refuses before any route sees it (an unknown method, a broken
    // header, headers too large) still gets the house's error shape.
    clientErrorHandler: answerClientError,
  }).withTypeProvider<ZodTypeProvider>();
  const ctx: AppContext = {
    database: opts.database,
    db: opts.database.db,
    readDb: opts.database.readDb ?? opts.database.db,
    config: opts.config,
  };

  if (opts.onRoute) app.addHook("onRoute", opts.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // JSON only: a text/plain body is refused with 415 instead of reaching a schema as a string.
  app.removeContentTypeParser("text/plain");
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(errorBody("not_found", `No route ${request.method} ${request.url}.`));
  });

  // First, so that every response (API, pages, Swagger UI, 404s) carries the headers.
  await securityHeaders(app, opts.config);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Microgov API",
        description: "Community micro-governance: regions, grids, organisations, accounts and appeals.",
        version: "0.1.0",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "mg_session" },
          csrf: { type: "apiKey", in: "header", name: "X-CSRF-Token" },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  await app.register(authPlugin, { db: ctx.db, sessionMaxAgeMs: opts.config.sessionMaxAgeMs });

  await operationsRoutes(app, ctx);
  await webRoutes(app, undefined, { mapTiles: opts.config.mapTiles });
  await app.register(
    async (api: App) => {
      await regionRoutes(api, ctx);
      await catalogueRoutes(api, ctx);
      await attachmentRoutes(api, ctx);
      await gridRoutes(api, ctx);
      await organisationRoutes(api, ctx);
      await accountRoutes(api, ctx);
      await otpRoutes(api, ctx);
      await auditRoutes(api, ctx);
      await apiKeyRoutes(api, ctx);
      await rateRoutes(api, ctx);
      await cockpitRoutes(api, ctx);
      await exportRoutes(api, ctx);
      await caseRoutes(api, ctx);
      await caseActionRoutes(api, ctx);
      await mediationRoutes(api, ctx);
      await visitRoutes(api, ctx);
      await caseLinkRoutes(api, ctx);
      await caseDocumentRoutes(api, ctx);
      await peopleRoutes(api, ctx);
      await myDataRoutes(api, ctx);
    },
    { prefix: "/api/v1" },
  );
  // Open311 GeoReport v2 lives outside /api/v1: its own formats, form bodies and error shape.
  await app.register(async (open311: App) => open311Routes(open311, ctx), { prefix: "/open311/v2" });
  return app;
}
