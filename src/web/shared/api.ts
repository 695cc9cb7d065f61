/**
 * The one way the web apps talk to the server: JSON over fetch with the session cookie, the CSRF
 * header on writes, and every failure turned into an `ApiError` that carries the server's
 * `{ error: { code, message, details } }` so forms can show each field's message at the field.
 */
import type { SessionView } from "./contracts.js";

export type { SessionView };

export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

/** A failed request: the server's error code and message, or `network` when it never answered. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** The whole error object (a 409 carries the case's current state here). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The message for one form field, from `details[].field` (e.g. "description", "location.lon"). */
  fieldMessage(field: string): string | undefined {
    return this.details.find((d) => d.field === field)?.message;
  }
}

let csrfToken: string | undefined;

/** Remembers the CSRF token the login or `/auth/me` answered with; writes send it back. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

type Listener = (error: ApiError) => void;
const unauthorisedListeners = new Set<Listener>();

/** Called when any request answers 401 (the session expired): the app returns to sign-in. */
export function onUnauthorised(listener: Listener): () => void {
  unauthorisedListeners.add(listener);
  return () => unauthorisedListeners.delete(listener);
}

export type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>;

/** `path?query`, leaving out empty values; arrays repeat the key. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes("?") ? "&" : "?"}${text}` : path;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Query;
  /** A JSON body, or FormData for uploads. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Do not announce a 401 (the sign-in form itself, the first `/auth/me`). */
  quiet401?: boolean;
}

/** `/api/v1` + path. */
export const API_PREFIX = "/api/v1";

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  if (error && typeof error.code === "string") {
    return new ApiError(
      response.status,
      error.code,
      typeof error.message === "string" ? error.message : response.statusText,
      Array.isArray(error.details) ? (error.details as ErrorDetail[]) : [],
      error,
    );
  }
  return new ApiError(response.status, `http_${response.status}`, response.statusText || "Request failed");
}

/** One API call. Resolves with the parsed JSON (undefined for 204), rejects with ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(`${API_PREFIX}${path}`, options.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "network", "The network is not available.");
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && !options.quiet401) for (const l of unauthorisedListeners) l(error);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("content-type") ?? "";
  return (type.includes("json") ? await response.json() : await response.text()) as T;
}

/** The current session, or null when nobody is signed in. */
export async function loadSession(): Promise<SessionView | null> {
  const { session } = await api<{ session: SessionView | null }>("/auth/session");
  setCsrfToken(session?.csrfToken);
  return session;
}

export async function signIn(username: string, password: string): Promise<SessionView> {
  const session = await api<SessionView>("/auth/login", {
    method: "POST",
    body: { username, password },
    quiet401: true,
  });
  setCsrfToken(session.csrfToken);
  return session;
}

export async function signOut(): Promise<void> {
  await api<void>("/auth/logout", { method: "POST", quiet401: true });
  setCsrfToken(undefined);
}
