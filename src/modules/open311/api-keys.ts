/**
 * API keys of integrations (Open311 clients, partners). The key is shown once, when it is made;
 * only its SHA-256 is stored, so a copy of the database lets nobody act as an integration. A key
 * is a random 192-bit secret, so a plain (unsalted, fast) hash is enough: there is no dictionary
 * to guess from, unlike a password.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cacheVersions } from "../../db/cache-versions.js";
import { apiKeys, regions } from "../../db/schema.js";
import { BadRequestError, NotFoundError } from "../../shared/errors.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { withinScopes } from "../../core/access/scope.js";
import { recordAudit } from "../../core/audit/record-audit.js";

export type ApiKeyKind = (typeof apiKeys.$inferSelect)["kind"];
export type ApiKeyRecord = typeof apiKeys.$inferSelect;

/** A key as the API shows it: never the key itself nor its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  kind: ApiKeyKind;
  prefix: string;
  /** The region the key acts for (the last label of its scope path). */
  regionCode: string;
  scopePath: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** How many leading characters of a key are kept in clear to tell keys apart in the console. */
const PREFIX_LENGTH = 8;

/** The SHA-256 (hex) under which a key is stored and looked up. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

function view(r: ApiKeyRecord): ApiKeyView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    prefix: r.prefix,
    regionCode: r.scopePath.split(".").at(-1) ?? r.scopePath,
    scopePath: r.scopePath,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}

export interface CreateApiKeyOptions {
  actor: Actor;
  /** The actor's bindings that may manage keys: the key's region must lie inside one of them. */
  bindings: readonly Binding[];
  name: string;
  kind: ApiKeyKind;
  /** The region the key acts for; default the region of the actor's first regional binding. */
  regionCode?: string | undefined;
  requestId?: string;
}

/**
 * Makes a key for an integration at a region inside the admin's scope (outside it: "not found")
 * and records it in the audit log. Returns the key in clear: the only time it exists outside the
 * integration.
 */
export async function createApiKey(
  db: Db,
  opts: CreateApiKeyOptions,
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const regionCode =
    opts.regionCode ?? opts.bindings.find((b) => b.scopeRegionCode !== null)?.scopeRegionCode;
  if (!regionCode) {
    throw new BadRequestError("region_required", "body.regionCode: say which region the key acts for.", [
      { field: "body.regionCode", message: "required" },
    ]);
  }
  const key = `mg_${randomBytes(24).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [region] = await tx
      .select({ path: sql<string>`${regions.path}::text` })
      .from(regions)
      .where(and(eq(regions.code, regionCode), withinScopes(regions.path, opts.bindings)));
    if (!region) throw new NotFoundError("Region", regionCode);
    const [created] = await tx
      .insert(apiKeys)
      .values({
        name: opts.name,
        kind: opts.kind,
        keyHash: hashApiKey(key),
        prefix: key.slice(0, PREFIX_LENGTH),
        scopePath: region.path,
        createdByUserId: opts.actor.userId,
      })
      .returning();
    if (!created) throw new Error("api key insert returned nothing");
    const shown = view(created);
    await recordAudit(tx, {
      actor: opts.actor,
      action: "api_key.create",
      entityType: "api_key",
      entityId: created.id,
      after: shown,
      scopePath: region.path,
      requestId: opts.requestId,
    });
    return { key, apiKey: shown };
  });
}

/** How often a key in use writes its last use to the database. */
export const API_KEY_MARK_EVERY_MS = 60_000;

interface CachedKey {
  /** access_version when the entry was loaded. */
  version: number;
  record: ApiKeyRecord;
  /** When this process last marked it used. */
  markedAt: number;
}

/** Per database, by key hash and kind. */
const keyCache = new WeakMap<Db, Map<string, CachedKey>>();
const KEY_CACHE_SIZE = 10_000;

/**
 * The live key of `kind` that `key` is, or null (unknown, revoked, or another kind). Marks it
 * used in the same statement, so the console shows which integrations are active — at most every
 * API_KEY_MARK_EVERY_MS per process: between marks the key is answered from memory while
 * `access_version` is unchanged (a trigger bumps it when a key is revoked or otherwise changed).
 * `since` (a `cacheClock()` reading of when the request began) bounds how old the version read
 * may be.
 */
export async function verifyApiKey(
  db: Db,
  key: string,
  kind: ApiKeyKind,
  since?: number,
): Promise<ApiKeyRecord | null> {
  if (key.length === 0 || key.length > 200) return null;
  const hash = hashApiKey(key);
  const versions = await cacheVersions(db, since);
  let cache = keyCache.get(db);
  if (!cache) {
    cache = new Map();
    keyCache.set(db, cache);
  }
  const slot = `${kind}:${hash}`;
  const now = Date.now();
  const hit = cache.get(slot);
  if (hit && hit.version === versions.access_version && now - hit.markedAt < API_KEY_MARK_EVERY_MS) {
    return hit.record;
  }
  const [found] = await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.keyHash, hash), eq(apiKeys.kind, kind), isNull(apiKeys.revokedAt)))
    .returning();
  cache.delete(slot);
  if (!found) return null;
  if (cache.size >= KEY_CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(slot, { version: versions.access_version, record: found, markedAt: now });
  return found;
}

/** The keys acting for regions inside the bindings' scopes, newest first, revoked ones included. */
export async function listApiKeys(db: Db, bindings: readonly Binding[]): Promise<ApiKeyView[]> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(withinScopes(apiKeys.scopePath, bindings))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map(view);
}

export interface RevokeApiKeyOptions {
  actor: Actor;
  bindings: readonly Binding[];
  id: string;
  requestId?: string;
}

/**
 * Revokes a key inside the admin's scope: it stops working at once and stays listed, so the
 * audit trail keeps its name. Revoking a revoked key changes nothing and succeeds.
 */
export async function revokeApiKey(db: Db, opts: RevokeApiKeyOptions): Promise<ApiKeyView> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, opts.id), withinScopes(apiKeys.scopePath, opts.bindings)))
      .for("update");
    if (!before) throw new NotFoundError("API key", opts.id);
    if (before.revokedAt !== null) return view(before);
    const [after] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(eq(apiKeys.id, before.id))
      .returning();
    if (!after) throw new NotFoundError("API key", opts.id);
    await recordAudit(tx, {
      actor: opts.actor,
      action: "api_key.revoke",
      entityType: "api_key",
      entityId: before.id,
      before: view(before),
      after: view(after),
      scopePath: before.scopePath,
      requestId: opts.requestId,
    });
    return view(after);
  });
}

/** The Open311 key of the demo data, listed in the README; never present without demo data. */
export const DEMO_OPEN311_KEY = "demo-open311-key";

/**
 * Creates the demo Open311 key (`demo-open311-key`) for the city, once: repeating it changes
 * nothing. Only the demo loader calls this.
 */
export async function seedDemoOpen311Key(db: Db, cityCode = "1310"): Promise<void> {
  const [city] = await db
    .select({ path: sql<string>`${regions.path}::text` })
    .from(regions)
    .where(eq(regions.code, cityCode));
  if (!city) throw new Error(`demo Open311 key: no region ${cityCode}`);
  await db
    .insert(apiKeys)
    .values({
      name: "Demo Open311 client",
      kind: "open311",
      keyHash: hashApiKey(DEMO_OPEN311_KEY),
      prefix: DEMO_OPEN311_KEY.slice(0, PREFIX_LENGTH),
      scopePath: city.path,
    })
    .onConflictDoNothing({ target: apiKeys.keyHash });
}
