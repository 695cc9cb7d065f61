import { z } from "zod";

// ---- the JSON API for administrators: /api/v1/api-keys ----

export const ApiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(["open311", "partner"]),
  /** The first characters of the key, to tell keys apart. */
  prefix: z.string(),
  regionCode: z.string(),
  scopePath: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const ApiKeyListSchema = z.object({ items: z.array(ApiKeySchema) });

export const CreatedApiKeySchema = z.object({
  /** The key itself: shown this once, only its hash is kept. */
  key: z.string(),
  apiKey: ApiKeySchema,
});

export const CreateApiKeyBody = z.strictObject({
  name: z.string().trim().min(1, "a name is required").max(100),
  kind: z.enum(["open311", "partner"]).default("open311"),
  /** The region the integration acts for; default the region of the admin's scope. */
  regionCode: z
    .string()
    .regex(/^\d{4,15}$/, "a region code is 4 to 15 digits")
    .optional(),
});
export type CreateApiKeyReq = z.infer<typeof CreateApiKeyBody>;

export const ApiKeyIdParams = z.object({ id: z.uuid("an API key id is a UUID") });

// ---- GeoReport v2 arguments ----

/**
 * An argument as Fastify's query-string and form parsers give it: a string, or a list when the
 * name repeats. The spec's lists are comma-delimited; a repeated name is read the same way.
 */
export const Open311Arg = z.union([z.string(), z.array(z.string())]).optional();

/** The arguments every GET takes. */
export const JurisdictionQuery = z.object({ jurisdiction_id: Open311Arg });

/** GET requests: all optional, lists comma-delimited. */
export const ServiceRequestsQuery = z.object({
  jurisdiction_id: Open311Arg,
  service_request_id: Open311Arg,
  service_code: Open311Arg,
  start_date: Open311Arg,
  end_date: Open311Arg,
  status: Open311Arg,
});
export type ServiceRequestsReq = z.infer<typeof ServiceRequestsQuery>;

/** The resource name with its format in the last path segment: `123.json`, `001.xml`. */
export const Open311FileParams = z.object({ file: z.string() });
