import formbody from "@fastify/formbody";
import type { FastifyRequest } from "fastify";
import type { App, AppContext } from "../../server/context.js";
import { UnauthorizedError } from "../../shared/errors.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { parseIdempotencyKey } from "../../core/idempotency/idempotency.js";
import {
  createApiKey,
  hashApiKey,
  listApiKeys,
  revokeApiKey,
  verifyApiKey,
  type ApiKeyRecord,
} from "./api-keys.js";
import { list, requestWindow, single } from "./arguments.js";
import { findServiceRequests, type ServiceRequestRow } from "./find-service-requests.js";
import { findOpen311Services, getOpen311Service, servicesChangeset } from "./find-services.js";
import { listJurisdictions, resolveJurisdiction } from "./jurisdiction.js";
import {
  presentDiscovery,
  presentService,
  presentServiceDefinition,
  presentServiceRequest,
} from "./present.js";
import {
  formatOfUrl,
  Open311Error,
  open311ErrorHandler,
  sendOpen311,
  sendOpen311Error,
  splitFormat,
  type Open311Format,
} from "./respond.js";
import {
  ApiKeyIdParams,
  ApiKeyListSchema,
  ApiKeySchema,
  CreateApiKeyBody,
  CreatedApiKeySchema,
  JurisdictionQuery,
  Open311FileParams,
  ServiceRequestsQuery,
} from "./schemas.js";
import { submitServiceRequest } from "./submit-service-request.js";

const TAGS = ["open311"];

/**
 * POST requests per api_key (or per IP without one) per minute. An integration speaks for many
 * residents, so the limit is generous; it stops a runaway client, not a busy one. Counted after
 * the body is parsed, where the key is.
 */
export const OPEN311_POST_RATE_LIMIT = {
  max: 300,
  timeWindow: 60_000,
  hook: "preHandler" as const,
  keyGenerator: (request: FastifyRequest): string => {
    const key = ((request.body ?? {}) as Record<string, unknown>).api_key;
    return typeof key === "string" ? `open311:${hashApiKey(key)}` : request.ip;
  },
};

/** A collection resource in each form a client may ask for it: bare (XML), `.json`, `.xml`. */
function collection(name: string): { path: string; format: Open311Format }[] {
  return [
    { path: `/${name}`, format: "xml" },
    { path: `/${name}.xml`, format: "xml" },
    { path: `/${name}.json`, format: "json" },
  ];
}

/** `123.json` → id and format; an unknown extension is no resource (404). */
function member(file: string, what: string): { id: string; format: Open311Format } {
  const split = splitFormat(file);
  if (!split || split.name === "") throw new Open311Error(404, `No such ${what}: ${file.slice(0, 100)}.`);
  return { id: split.name, format: split.format };
}

/**
 * The public request a member URL names by number or id (`/requests/261127000042.json`), inside
 * the jurisdiction when one is given; 404 naming `what` otherwise.
 */
async function memberRequest(
  ctx: AppContext,
  file: string,
  query: { jurisdiction_id?: string | string[] | undefined },
  what: string,
): Promise<{ row: ServiceRequestRow; id: string; format: Open311Format }> {
  const { id, format } = member(file, what);
  const city = await resolveJurisdiction(ctx.db, single(query.jurisdiction_id, "jurisdiction_id"));
  const [row] = await findServiceRequests(ctx.db, { ids: [id], withinPath: city?.path ?? null });
  if (!row) throw new Open311Error(404, `${what} ${id} was not found.`);
  return { row, id, format };
}

/**
 * The api_key of a POST: in the form body as the spec says, or (for clients that put it there)
 * the query string or an X-API-Key header. Missing or wrong is the spec's 403.
 */
async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<ApiKeyRecord> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const query = request.query as Record<string, unknown>;
  const header = request.headers["x-api-key"];
  const given = [body.api_key, query.api_key, header].find((v) => typeof v === "string" && v.trim() !== "");
  if (typeof given !== "string") {
    throw new Open311Error(403, "api_key is missing: POST requests needs the api_key of your integration.");
  }
  const key = await verifyApiKey(ctx.db, given.trim(), "open311", request.cacheSince);
  if (!key) throw new Open311Error(403, "Invalid api_key received -- can't proceed with create_request.");
  return key;
}

/**
 * Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2), mounted at `/open311/v2`: discovery,
 * services, service definitions, POST and GET requests, tokens; XML and JSON; errors in the
 * spec's format. Register it in its own encapsulated context: it brings its own form-body parser,
 * error handler and not-found handler, which must not leak into `/api/v1`.
 */
export async function open311Routes(app: App, ctx: AppContext): Promise<void> {
  // POST requests is application/x-www-form-urlencoded per the spec.
  await app.register(formbody);
  app.setErrorHandler(open311ErrorHandler);
  app.setNotFoundHandler((request, reply) => {
    const path = (request.url.split("?", 1)[0] ?? "").slice(0, 200);
    void sendOpen311Error(
      reply,
      formatOfUrl(request.url),
      404,
      `No such resource: ${request.method} ${path}.`,
    );
  });

  for (const { path, format } of collection("discovery")) {
    app.get(
      path,
      { schema: { tags: TAGS, summary: "Service discovery (which endpoint, formats, how to get a key)" } },
      async (request, reply) => {
        const jurisdictions = await listJurisdictions(ctx.db);
        const changeset = await servicesChangeset(ctx.db);
        const endpointUrl = `${request.protocol}://${request.host}${app.prefix}`;
        return sendOpen311(
          reply,
          format,
          "discovery",
          presentDiscovery({ endpointUrl, changeset, jurisdictions }),
        );
      },
    );
  }

  for (const { path, format } of collection("services")) {
    app.get(
      path,
      { schema: { tags: TAGS, summary: "GeoReport v2 service list", querystring: JurisdictionQuery } },
      async (request, reply) => {
        await resolveJurisdiction(ctx.db, single(request.query.jurisdiction_id, "jurisdiction_id"));
        const services = await findOpen311Services(ctx.db);
        return sendOpen311(reply, format, "services", services.map(presentService));
      },
    );
  }

  app.get(
    "/services/:file",
    {
      schema: {
        tags: TAGS,
        summary: "GeoReport v2 service definition, e.g. /services/001.json",
        params: Open311FileParams,
        querystring: JurisdictionQuery,
      },
    },
    async (request, reply) => {
      const { id, format } = member(request.params.file, "service");
      await resolveJurisdiction(ctx.db, single(request.query.jurisdiction_id, "jurisdiction_id"));
      const service = await getOpen311Service(ctx.db, id);
      if (!service) throw new Open311Error(404, `service_code ${id} was not found.`);
      return sendOpen311(reply, format, "service_definition", presentServiceDefinition(service));
    },
  );

  for (const { path, format } of collection("requests")) {
    app.get(
      path,
      { schema: { tags: TAGS, summary: "GeoReport v2 service requests", querystring: ServiceRequestsQuery } },
      async (request, reply) => {
        const q = request.query;
        const city = await resolveJurisdiction(ctx.db, single(q.jurisdiction_id, "jurisdiction_id"));
        const ids = list(q.service_request_id);
        const statuses = list(q.status);
        const wrong = statuses?.find((s) => s !== "open" && s !== "closed");
        if (wrong !== undefined) throw new Open311Error(400, `status must be open or closed (got ${wrong}).`);
        // service_request_id "overrides all other arguments" (the spec), dates included.
        const window = ids
          ? null
          : requestWindow(single(q.start_date, "start_date"), single(q.end_date, "end_date"), new Date());
        const rows = await findServiceRequests(ctx.db, {
          ...(ids ? { ids } : {}),
          serviceCodes: list(q.service_code),
          statuses: statuses as ("open" | "closed")[] | undefined,
          ...(window ?? {}),
          withinPath: city?.path ?? null,
        });
        return sendOpen311(reply, format, "service_requests", rows.map(presentServiceRequest));
      },
    );

    app.post(
      path,
      {
        schema: { tags: TAGS, summary: "GeoReport v2: create a service request (needs api_key)" },
        config: { rateLimit: OPEN311_POST_RATE_LIMIT },
      },
      async (request, reply) => {
        const apiKey = await authenticate(ctx, request);
        const result = await submitServiceRequest(ctx.db, {
          apiKey,
          args: (request.body ?? {}) as Record<string, unknown>,
          idempotencyKey: parseIdempotencyKey(request.headers["idempotency-key"]),
          requestId: request.id,
          since: request.cacheSince,
        });
        // The spec names no success status; 200 is what every client accepts.
        return sendOpen311(reply, format, "service_requests", result);
      },
    );
  }

  app.get(
    "/requests/:file",
    {
      schema: {
        tags: TAGS,
        summary: "GeoReport v2 one service request, e.g. /requests/261127000042.json",
        params: Open311FileParams,
        querystring: JurisdictionQuery,
      },
    },
    async (request, reply) => {
      const { row, format } = await memberRequest(
        ctx,
        request.params.file,
        request.query,
        "service_request_id",
      );
      return sendOpen311(reply, format, "service_requests", [presentServiceRequest(row)]);
    },
  );

  app.get(
    "/tokens/:file",
    {
      schema: {
        tags: TAGS,
        summary: "GeoReport v2 service_request_id from a token (ours: the request id itself)",
        params: Open311FileParams,
        querystring: JurisdictionQuery,
      },
    },
    async (request, reply) => {
      // Every service is realtime, so POST never hands out a token; a client that asks anyway
      // with the request's number or id gets the number back.
      const { row, id, format } = await memberRequest(ctx, request.params.file, request.query, "token");
      return sendOpen311(reply, format, "service_requests", [{ service_request_id: row.number, token: id }]);
    },
  );
}

const secured = [{ session: [] }];

/** The signed-in actor with the bindings that manage integrations' keys; 401 or 403 otherwise. */
function keyManager(actor: Actor | null): { actor: Actor; bindings: Binding[] } {
  // Keys are accounts of integrations: whoever manages accounts manages them.
  const bindings = requirePermission(actor, "users.manage");
  if (!actor) throw new UnauthorizedError();
  return { actor, bindings };
}

/** Administrators' API for integration keys, under `/api/v1`: create (key shown once), list, revoke. */
export async function apiKeyRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    "/api-keys",
    {
      schema: {
        tags: ["api-keys"],
        summary: "Integration API keys acting inside the caller's scope",
        security: secured,
        response: { 200: ApiKeyListSchema },
      },
    },
    async (request) => {
      const { bindings } = keyManager(request.actor);
      return { items: await listApiKeys(ctx.db, bindings) };
    },
  );

  app.post(
    "/api-keys",
    {
      schema: {
        tags: ["api-keys"],
        summary: "Create an API key for an integration; the key is in this answer only",
        security: secured,
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKeySchema },
      },
    },
    async (request, reply) => {
      const { actor, bindings } = keyManager(request.actor);
      const created = await createApiKey(ctx.db, {
        actor,
        bindings,
        name: request.body.name,
        kind: request.body.kind,
        regionCode: request.body.regionCode,
        requestId: request.id,
      });
      return reply.status(201).send(created);
    },
  );

  app.delete(
    "/api-keys/:id",
    {
      schema: {
        tags: ["api-keys"],
        summary: "Revoke an API key: it stops working at once",
        security: secured,
        params: ApiKeyIdParams,
        response: { 200: ApiKeySchema },
      },
    },
    async (request) => {
      const { actor, bindings } = keyManager(request.actor);
      return revokeApiKey(ctx.db, { actor, bindings, id: request.params.id, requestId: request.id });
    },
  );
}
