/**
 * POST requests: a GeoReport v2 service request becomes a case through the one intake door
 * (channel `open311`), with the spec's arguments checked and named in the spec's words first.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cacheVersions } from "../../db/cache-versions.js";
import { regions } from "../../db/schema.js";
import { pathWithin } from "../../core/access/policy.js";
import { withIdempotentStatement } from "../../core/idempotency/idempotency.js";
import { usableCatalogue, type UsableCatalogue } from "../catalogue/index.js";
import { planIntake, writeIntakeAtOnce, type IntakeInput } from "../cases/index.js";
import { ReporterFieldsSchema } from "../cases/schemas.js";
import type { ApiKeyRecord } from "./api-keys.js";
import { single } from "./arguments.js";
import type { Open311Service } from "./find-services.js";
import { resolveJurisdiction } from "./jurisdiction.js";
import { serviceNotice } from "./present.js";
import { Open311Error } from "./respond.js";

export interface SubmitServiceRequestOptions {
  apiKey: ApiKeyRecord;
  /** The form fields as parsed (strings, or lists when a name repeats). */
  args: Record<string, unknown>;
  idempotencyKey?: string;
  requestId?: string;
  /** When the request began (`cacheClock()`): the caches answer as of a version read sent since. */
  since?: number;
}

/** The spec's answer to POST requests, one item: ours are realtime, so never a token. */
// A type, not an interface: it must fit XmlValue's index signature.
export type SubmittedRequest = {
  service_request_id: string;
  service_notice: string;
  account_id: string | null;
};

/** The intake's shortest description; shorter text is kept, behind the service's name. */
const MIN_DESCRIPTION = 5;

/** One argument as text: numbers (a JSON body) allowed, anything else structured is a 400. */
function arg(args: Record<string, unknown>, name: string, max: number): string | undefined {
  const raw = args[name];
  const value =
    typeof raw === "number" && Number.isFinite(raw)
      ? String(raw)
      : typeof raw === "string" || Array.isArray(raw)
        ? single(raw as string | string[], name)
        : raw === undefined || raw === null
          ? undefined
          : null;
  if (value === null) throw new Open311Error(400, `${name} must be text.`);
  if (value !== undefined && value.length > max) {
    throw new Open311Error(400, `${name} must be at most ${max} characters.`);
  }
  return value;
}

function coordinate(text: string, name: string, limit: number): number {
  const value = Number(text);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) || !Number.isFinite(value) || Math.abs(value) > limit) {
    throw new Open311Error(
      400,
      `${name} must be a WGS84 decimal degree between -${limit} and ${limit} (got ${text}).`,
    );
  }
  return value;
}

/** The spec's "full location parameter": lat & long, or address_string (address_id we cannot read). */
function location(args: Record<string, unknown>): {
  point: { lon: number; lat: number } | null;
  address: string | null;
} {
  const lat = arg(args, "lat", 40);
  const lon = arg(args, "long", 40);
  const address = arg(args, "address_string", 300) ?? null;
  if ((lat === undefined) !== (lon === undefined)) {
    throw new Open311Error(400, "lat and long must be sent together.");
  }
  if (lat !== undefined && lon !== undefined) {
    return { point: { lat: coordinate(lat, "lat", 90), lon: coordinate(lon, "long", 180) }, address };
  }
  if (address !== null) return { point: null, address };
  if (arg(args, "address_id", 200) !== undefined) {
    throw new Open311Error(400, "address_id is not supported here: send lat & long, or address_string.");
  }
  throw new Open311Error(400, "A location is required: lat & long, or address_string.");
}

function mediaUrl(args: Record<string, unknown>): string | null {
  const text = arg(args, "media_url", 2000);
  if (text === undefined) return null;
  // Stored and shown as given, never fetched; only web links, so a client cannot plant javascript:.
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) {
    throw new Open311Error(400, "media_url must be an http or https URL.");
  }
  return text;
}

function reporter(args: Record<string, unknown>): IntakeInput["reporter"] {
  const name = [arg(args, "first_name", 50), arg(args, "last_name", 50)]
    .filter((p) => p !== undefined)
    .join(" ");
  const fields = {
    name: name || null,
    phone: arg(args, "phone", 50) ?? null,
    email: arg(args, "email", 200) ?? null,
  };
  const parsed = ReporterFieldsSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field =
      { name: "first_name/last_name", phone: "phone", email: "email" }[String(issue?.path[0])] ?? "reporter";
    throw new Open311Error(400, `${field} ${issue?.message ?? "is not valid"}.`);
  }
  return fields.name === null && fields.phone === null && fields.email === null ? null : parsed.data;
}

/**
 * Takes in one Open311 service request. Checks, in the spec's order of concerns: jurisdiction
 * (404), service_code (400 missing, 404 unknown), location (400), contact fields; then plans the
 * intake (routing, deadlines) and writes it with the client's extras in the intake event, under
 * the Idempotency-Key when one was sent. The api_key's region bounds where it may report.
 */
export async function submitServiceRequest(
  db: Db,
  opts: SubmitServiceRequestOptions,
): Promise<SubmittedRequest[]> {
  const { args, apiKey } = opts;
  const city = await resolveJurisdiction(db, arg(args, "jurisdiction_id", 100));
  const serviceCode = arg(args, "service_code", 64);
  if (serviceCode === undefined) throw new Open311Error(400, "service_code was not provided.");
  const versions = await cacheVersions(db, opts.since);
  const service = open311ServiceOf(await usableCatalogue(db, versions), serviceCode);
  if (!service) throw new Open311Error(404, `service_code ${serviceCode} was not found.`);
  const where = location(args);
  const text = arg(args, "description", 4000);
  const description =
    text === undefined
      ? `${service.name} (${service.nameEn}), reported through Open311 without a description.`
      : text.length < MIN_DESCRIPTION
        ? `${service.name}: ${text}`
        : text;
  const extras = {
    media_url: mediaUrl(args),
    device_id: arg(args, "device_id", 200) ?? null,
    account_id: arg(args, "account_id", 200) ?? null,
  };
  const input: IntakeInput = {
    channel: "open311",
    categoryCode: service.categoryCode,
    description,
    address: where.address,
    location: where.point,
    reporter: reporter(args),
    // A key of a county or township reports there: an address alone goes to that centre's triage.
    regionCode: where.point === null ? await keyRegionBelowCity(db, apiKey) : null,
  };
  // Both bound the report: the key's own area, and the jurisdiction named (it never widens it).
  const bounds = [apiKey.scopePath, ...(city ? [city.path] : [])];

  const { api_key: _key, ...request } = args;
  const kept = Object.fromEntries(Object.entries(extras).filter(([, v]) => v !== null));
  const outcome = await withIdempotentStatement(
    db,
    { scopeKey: `apikey:${apiKey.id}`, key: opts.idempotencyKey, requestBody: request },
    async () => {
      // The client tracks the request by its number; a tracking code would reach nobody.
      const plan = await planIntake(db, input, {
        actorLabel: `open311:${apiKey.name}`,
        issueTrackingCode: false,
        since: opts.since,
      });
      if (!bounds.every((b) => pathWithin(plan.location.regionPath, b))) {
        throw new Open311Error(
          400,
          "The location lies outside the area this api_key (or jurisdiction_id) reports for.",
        );
      }
      return plan;
    },
    async (plan, claim) => {
      const done = await writeIntakeAtOnce(db, plan, {
        claim,
        // The client's extras join the intake event's data: the timeline shows them, GET
        // requests reads media_url from there.
        eventExtras: kept,
        answer: (written) => {
          const answer: SubmittedRequest[] = [
            {
              service_request_id: written.case.number,
              service_notice: serviceNotice(service),
              account_id: extras.account_id,
            },
          ];
          return { statusCode: 200, body: answer };
        },
      });
      return done?.answer ?? null;
    },
  );
  return outcome.body as SubmittedRequest[];
}

/** The active leaf with this Open311 service code, as the services list shows it; null if none. */
function open311ServiceOf(catalogue: UsableCatalogue, serviceCode: string): Open311Service | null {
  const leaf = catalogue.byServiceCode.get(serviceCode);
  if (!leaf || leaf.open311ServiceCode === null) return null;
  return {
    serviceCode: leaf.open311ServiceCode,
    categoryCode: leaf.code,
    name: leaf.name,
    nameEn: leaf.nameEn,
    keywords: leaf.open311Keywords,
    group: leaf.parentCode === null ? null : (catalogue.all.get(leaf.parentCode)?.name ?? null),
    responseHours: leaf.responseHours,
    handleHours: leaf.handleHours,
    deadlineKind: leaf.deadlineKind,
  };
}

/** The key's region when it is below the city (a county, township or village), else null. */
async function keyRegionBelowCity(db: Db, apiKey: ApiKeyRecord): Promise<string | null> {
  const [region] = await db
    .select({ code: regions.code, level: regions.level })
    .from(regions)
    .where(eq(regions.path, sql`${apiKey.scopePath}::ltree`));
  return region && region.level !== "city" && region.level !== "grid" ? region.code : null;
}
