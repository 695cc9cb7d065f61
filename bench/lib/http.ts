/**
 * A small HTTP client for the load generators: Node's fetch (keep-alive, no connection limit
 * per origin), a session's cookie and CSRF token, JSON in and out, and the latency of each call.
 */

export interface Session {
  cookie: string;
  csrfToken: string;
  userId?: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 400)}`);
  }
}

export interface CallOptions {
  session?: Session | null;
  headers?: Record<string, string>;
  /** What the call was, for the error message. */
  what?: string;
  /** Statuses that are not an error (default: 2xx). */
  ok?: (status: number) => boolean;
}

/** Latencies (ms) of the calls made through `call`, per label. */
export class LatencyLog {
  readonly byLabel = new Map<string, number[]>();
  add(label: string, ms: number): void {
    let list = this.byLabel.get(label);
    if (!list) this.byLabel.set(label, (list = []));
    list.push(ms);
  }
  all(): number[] {
    return [...this.byLabel.values()].flat();
  }
}

/** The p-th percentile (0–100) of `values`, nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  body: unknown,
  opts: CallOptions = {},
): Promise<{ status: number; body: T; ms: number }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (body !== undefined && headers["content-type"] === undefined)
    headers["content-type"] = "application/json";
  if (opts.session) {
    headers.cookie = opts.session.cookie;
    if (method !== "GET") headers["x-csrf-token"] = opts.session.csrfToken;
  }
  const started = performance.now();
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  const ok = opts.ok ?? ((s: number) => s >= 200 && s < 300);
  if (!ok(res.status)) throw new HttpError(res.status, text, opts.what ?? `${method} ${path}`);
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, ms };
}

/** Signs in through the API (once per account: sign-in is rate-limited per address). */
export async function login(base: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const text = await res.text();
  if (!res.ok) throw new HttpError(res.status, text, `sign-in as ${username}`);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("mg_session="));
  if (!setCookie) throw new Error(`sign-in as ${username} set no mg_session cookie`);
  const answer = JSON.parse(text) as { csrfToken: string; user?: { id?: string } };
  return { cookie: setCookie.split(";")[0] ?? "", csrfToken: answer.csrfToken, userId: answer.user?.id };
}
