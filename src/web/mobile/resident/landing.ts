/**
 * Where a resident lands after signing in with a one-time code. They signed in to see something
 * of theirs, so they land on it, not one tab away from it:
 * - opened from a page that asked them to sign in (我的调解), back to that page;
 * - a party to disputes with no appeals of their own: 我的调解;
 * - otherwise 我的诉求 (which, when they also have disputes, says so at its top with a big link).
 * An older person need not know that appeals and disputes live under different tabs; the page
 * they land on shows what they have. When the lists cannot be read, 我的诉求 as before.
 */
import { api } from "../../shared/api.js";
import type { CaseList, OwnDisputeList } from "../../shared/contracts.js";

/** The pages a sign-in may return to (never a path taken from a link's query: no open redirect). */
const RETURN_TO = ["/disputes", "/my"] as const;

export async function landingAfterSignIn(from: unknown, linkedAppeals: number): Promise<string> {
  const back = RETURN_TO.find((p) => p === from);
  if (back) return back;
  if (linkedAppeals > 0) return "/my";
  const [disputes, cases] = await Promise.allSettled([
    api<OwnDisputeList>("/my/disputes"),
    api<CaseList>("/my/cases", { query: { pageSize: 1 } }),
  ]);
  const hasDisputes = disputes.status === "fulfilled" && disputes.value.items.length > 0;
  const noCases = cases.status === "fulfilled" && cases.value.total === 0;
  return hasDisputes && noCases ? "/disputes" : "/my";
}
