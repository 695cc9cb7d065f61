/** Shared set-up of the console work-page browser tests (console-work-*.test.ts). */
import { and, eq } from "drizzle-orm";
import type { Browser, BrowserContext } from "playwright-core";
import { grids, roleBindings, users } from "../../src/db/schema.js";
import { locateGrid } from "../../src/modules/grids/grid-index.js";
import { DEMO_PASSWORD, newContext, type WebServer } from "./harness.js";

export interface Session {
  cookie: string;
  csrf: string;
}

export interface Created {
  id: string;
  number: string;
  trackingCode: string | null;
  status: string;
}

/**
 * The console errors other than Chromium's own note of a request the test makes fail on purpose
 * ("Failed to load resource: … status of 409"): the app itself must log nothing.
 */
export function unexpected(errors: string[], statuses: number[]): string[] {
  const prefix = "console: Failed to load resource: the server responded with a status of";
  return errors.filter((e) => !statuses.some((s) => e.startsWith(`${prefix} ${s} `)));
}

export function workApi(server: WebServer) {
  const json = async <T>(path: string, init: RequestInit & { session?: Session } = {}): Promise<T> => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (init.session) {
      headers.cookie = init.session.cookie;
      headers["x-csrf-token"] = init.session.csrf;
    }
    const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
    });
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  const signIn = async (username: string): Promise<Session> => {
    const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    const body = (await res.json()) as { csrfToken: string };
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    return { cookie, csrf: body.csrfToken };
  };

  let count = 0;
  /** An anonymous web appeal without a category at `point`: routing leaves it in the township's triage. */
  const appeal = (description: string, point: { lon: number; lat: number }) =>
    json<Created>("/cases", {
      method: "POST",
      headers: { "idempotency-key": `console-work-${++count}-${Date.now()}` },
      body: JSON.stringify({
        channel: "web",
        description,
        location: point,
        reporter: { name: "张大爷", phone: "13812345678" },
      }),
    });

  const action = (session: Session, caseId: string, name: string, body: Record<string, unknown>) =>
    json<{ case: { status: string; version: number } }>(`/cases/${caseId}/actions/${name}`, {
      method: "POST",
      session,
      body: JSON.stringify(body),
    });

  return { json, signIn, appeal, action };
}

/** The grid of the demo account `grid_worker` (a grid of 银河南路街道, county 131002) and a point inside it. */
export async function gridWorkerPoint(
  server: WebServer,
): Promise<{ gridCode: string; gridName: string; point: { lon: number; lat: number } }> {
  const db = server.database.db;
  const [binding] = await db
    .select({ code: roleBindings.scopeRegionCode })
    .from(roleBindings)
    .innerJoin(users, eq(users.id, roleBindings.userId))
    .where(and(eq(users.username, "grid_worker"), eq(roleBindings.role, "grid_worker")));
  if (!binding?.code) throw new Error("grid_worker has no grid");
  const [grid] = await db
    .select({ minLon: grids.minLon, minLat: grids.minLat, maxLon: grids.maxLon, maxLat: grids.maxLat })
    .from(grids)
    .where(eq(grids.code, binding.code));
  if (!grid) throw new Error(`no grid ${binding.code}`);
  const point = {
    lon: Number(((grid.minLon + grid.maxLon) / 2).toFixed(6)),
    lat: Number(((grid.minLat + grid.maxLat) / 2).toFixed(6)),
  };
  const located = await locateGrid(db, point.lon, point.lat);
  if (located?.code !== binding.code) throw new Error(`the middle of grid ${binding.code} is not inside it`);
  return { gridCode: binding.code, gridName: located.name, point };
}

/** A context whose pages do not ask for /favicon.ico (the console has none; Chromium logs its 404). */
export async function workContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  const context = await newContext(browser, baseUrl);
  await context.route("**/favicon.ico", (route) => route.fulfill({ status: 204, body: "" }));
  return context;
}
