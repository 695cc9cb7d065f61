/**
 * Data helpers of the work pages: loading with loading / error states, case actions, and the
 * two ways a refused write is shown — field errors at their field, a 409 as the case's new state.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { api, ApiError } from "../../../shared/api.js";
import type { Category, Conflict } from "./types.js";

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/** Runs `load` now and whenever `key` changes; the last answer wins. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    loadRef
      .current(controller.signal)
      .then((value) => {
        if (!controller.signal.aborted) setData(value);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err instanceof ApiError ? err : new ApiError(0, "error", String(err)));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** POST /cases/{id}/actions/{action}. */
export function runAction<T = unknown>(
  caseId: string,
  action: string,
  body: Record<string, unknown>,
): Promise<T> {
  return api<T>(`/cases/${caseId}/actions/${action}`, { method: "POST", body });
}

/** The case's new state from a 409, or null for any other error. */
export function conflictOf(err: unknown): Conflict | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  const details = err.body.details as Partial<Conflict> | undefined;
  if (!details || typeof details !== "object" || typeof details.status !== "string") return null;
  return {
    code: err.code,
    message: err.message,
    status: details.status,
    version: typeof details.version === "number" ? details.version : 0,
    allowedActions: Array.isArray(details.allowedActions) ? details.allowedActions : [],
  };
}

/**
 * The server's field errors as antd form fields: `body.result` → `result`, `body.orgIds.0` →
 * `orgIds`, `querystring.olderThanHours` → `olderThanHours`. Only names the form has.
 */
export function formFieldErrors(
  err: unknown,
  names: readonly string[],
): { name: string; errors: string[] }[] {
  if (!(err instanceof ApiError)) return [];
  const byField = new Map<string, string[]>();
  for (const d of err.details) {
    if (!d.field) continue;
    const parts = d.field.split(".").filter((p) => p !== "body" && p !== "querystring" && p !== "params");
    const name = parts.find((p) => names.includes(p));
    if (!name) continue;
    byField.set(name, [...(byField.get(name) ?? []), d.message]);
  }
  return [...byField].map(([name, errors]) => ({ name, errors }));
}

let categoriesPromise: Promise<Category[]> | undefined;

/** The active catalogue, read once per page load. */
export function loadCategories(): Promise<Category[]> {
  categoriesPromise ??= api<{ items: Category[] }>("/categories")
    .then((r) => r.items)
    .catch((err: unknown) => {
      categoriesPromise = undefined;
      throw err;
    });
  return categoriesPromise;
}

/** Leaves only: the categories a case may be filed under. */
export function leafCategories(all: Category[]): Category[] {
  const parents = new Set(all.map((c) => c.parentCode).filter((c): c is string => c !== null));
  return all.filter((c) => c.active && !parents.has(c.code));
}
