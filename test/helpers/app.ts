/**
 * Test factories: an app on a fresh database, users with role bindings written straight to the
 * database, and signed-in request headers for them.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { organisations, regions, roleBindings, users, type Role } from "../../src/db/schema.js";
import { createSession } from "../../src/modules/accounts/sessions.js";
import { buildApp, type BuildAppOptions } from "../../src/server/app.js";
import type { App } from "../../src/server/context.js";
import { SESSION_COOKIE } from "../../src/server/auth.js";
import { loadConfig } from "../../src/config.js";
import { createTestDatabase } from "./db.js";

export interface TestApp {
  app: App;
  database: Database;
  close(): Promise<void>;
}

export { TEST_COUNTIES } from "./constants.js";

/**
 * The app on a fresh database that holds the TEST_COUNTIES region tree; `env` adds settings
 * (e.g. `{ TRUST_PROXY: "127.0.0.1" }`), `onRoute` is told of every route as it is registered.
 */
export async function buildTestApp(
  env: Record<string, string> = {},
  opts: { onRoute?: BuildAppOptions["onRoute"] } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await buildApp({
    database,
    config: loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "silent", ...env }),
    ...(opts.onRoute ? { onRoute: opts.onRoute } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export interface BindingSpec {
  role: Role;
  /** Region code of the scope, or… */
  region?: string;
  /** …the department (organisation id) of the scope. */
  department?: string;
}

export interface TestUser {
  id: string;
  username: string;
}

/**
 * Inserts a user with the given bindings directly (no API, no audit). The password hash is a
 * placeholder that no password matches: sign in with `sessionHeaders`.
 */
export async function buildUser(
  database: Database,
  bindings: BindingSpec[],
  overrides: Partial<typeof users.$inferInsert> = {},
): Promise<TestUser> {
  const db = database.db;
  const username = overrides.username ?? `u_${randomBytes(5).toString("hex")}`;
  const [user] = await db
    .insert(users)
    .values({ displayName: username, passwordHash: "!", ...overrides, username })
    .returning({ id: users.id, username: users.username });
  if (!user) throw new Error("user insert returned nothing");
  for (const b of bindings) {
    let scopePath: string;
    if (b.department) {
      const [org] = await db.select().from(organisations).where(eq(organisations.id, b.department));
      if (!org) throw new Error(`no department ${b.department}`);
      scopePath = org.regionPath;
    } else {
      const [region] = await db
        .select()
        .from(regions)
        .where(eq(regions.code, b.region ?? "1310"));
      if (!region) throw new Error(`no region ${b.region}`);
      scopePath = region.path;
    }
    await db.insert(roleBindings).values({
      userId: user.id,
      role: b.role,
      scopeRegionCode: b.department ? null : (b.region ?? "1310"),
      scopeDepartmentId: b.department ?? null,
      scopePath,
    });
  }
  return user;
}

/** Cookie and CSRF headers of a fresh session for `user`, for `app.inject`. */
export async function sessionHeaders(database: Database, user: TestUser): Promise<Record<string, string>> {
  const session = await createSession(database.db, { userId: user.id });
  return { cookie: `${SESSION_COOKIE}=${session.token}`, "x-csrf-token": session.csrfToken };
}
