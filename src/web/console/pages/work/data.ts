/**
 * Data helpers of the work pages: the case queries and actions (a write marks every case list,
 * case page and work list stale), and the two ways a refused write is shown — field errors at
 * their field, a 409 as the case's new state.
 */
import { api, ApiError } from "../../../shared/api.js";
import type { CaseAction, CaseStatus, Category, CategoryList } from "../../../shared/contracts.js";
import { isCodeOf } from "../../../shared/i18n/domain.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { fieldMessage } from "../../components/formErrors.js";

/** What a case write makes stale: its lists, its page, the work lists and boards. */
export const CASE_READS = ["/cases", "/worklist", "/supervision"] as const;

/** POST /cases/{id}/actions/{action}, marking the case's reads stale once it succeeded. */
export function useCaseAction<R = unknown>() {
  return useWrite<{ caseId: string; action: string; body: Record<string, unknown> }, R>(
    ({ caseId, action, body }) => api<R>(`/cases/${caseId}/actions/${action}`, { method: "POST", body }),
    CASE_READS,
  );
}

/** The state a 409 (stale_case / illegal_transition) says the case is in now. */
export interface Conflict {
  error: ApiError;
  status: CaseStatus;
  version: number;
  allowedActions: CaseAction[];
}

/** The case's new state from a 409, or null for any other error. */
export function conflictOf(err: unknown): Conflict | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  const details = err.body.details as
    { status?: unknown; version?: unknown; allowedActions?: unknown } | undefined;
  if (!details || typeof details !== "object" || typeof details.status !== "string") return null;
  if (!isCodeOf("caseStatus", details.status)) return null;
  const actions = Array.isArray(details.allowedActions) ? details.allowedActions : [];
  return {
    error: err,
    status: details.status,
    version: typeof details.version === "number" ? details.version : 0,
    allowedActions: actions.filter(
      (a): a is CaseAction => typeof a === "string" && isCodeOf("caseAction", a) && a !== "triage",
    ),
  };
}

/**
 * The server's field errors as antd form fields: `body.result` → `result`, `body.orgIds.0` →
 * `orgIds`, `querystring.olderThanHours` → `olderThanHours`. Only names the form has.
 */
export function formFieldErrors(
  err: unknown,
  names: readonly string[],
  codeText: (err: ApiError) => string,
): { name: string; errors: string[] }[] {
  if (!(err instanceof ApiError)) return [];
  const byField = new Map<string, string[]>();
  for (const d of err.details) {
    if (!d.field) continue;
    const parts = d.field.split(".").filter((p) => p !== "body" && p !== "querystring" && p !== "params");
    const name = parts.find((p) => names.includes(p));
    if (!name) continue;
    byField.set(name, [...(byField.get(name) ?? []), fieldMessage(err, d.message, codeText)]);
  }
  return [...byField].map(([name, errors]) => ({ name, errors }));
}

/** The active catalogue (cached: every page that names categories shares one read). */
export function useCategories() {
  return useGet<CategoryList>("/categories");
}

export interface CategoryNode {
  value: string;
  title: string;
  /** Both names, lower case: what a typed search matches. */
  search: string;
  selectable: boolean;
  children?: CategoryNode[];
}

/**
 * The active catalogue as a tree for a TreeSelect, searchable by either name. `leavesOnly`: only
 * the leaves may be chosen (a case is filed under a leaf); otherwise any level (a canned reply for
 * a category serves the categories below it).
 */
export function categoryTree(all: readonly Category[], lang: string, leavesOnly = true): CategoryNode[] {
  const active = all.filter((c) => c.active);
  const childrenOf = new Map<string | null, Category[]>();
  for (const c of active) childrenOf.set(c.parentCode, [...(childrenOf.get(c.parentCode) ?? []), c]);
  const build = (parent: string | null): CategoryNode[] =>
    (childrenOf.get(parent) ?? []).map((c) => {
      const children = build(c.code);
      return {
        value: c.code,
        title: lang === "zh-CN" ? c.name : c.nameEn || c.name,
        search: `${c.name} ${c.nameEn}`.toLowerCase(),
        selectable: !leavesOnly || children.length === 0,
        ...(children.length > 0 ? { children } : {}),
      };
    });
  return build(null);
}

/** Leaves only: the categories a case may be filed under. */
export function leafCategories(all: readonly Category[]): Category[] {
  const parents = new Set(all.map((c) => c.parentCode).filter((c): c is string => c !== null));
  return all.filter((c) => c.active && !parents.has(c.code));
}
