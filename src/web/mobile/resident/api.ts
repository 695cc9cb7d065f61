/**
 * The resident pages' reads (cached queries) and writes. The shapes are the server's own
 * (../../shared/contracts.ts); a write marks stale what it changed.
 */
import { api, setCsrfToken } from "../../shared/api.js";
import type {
  CaseCreated,
  CaseList,
  CategoryList,
  CommunityAt,
  Correction,
  CorrectionList,
  Evaluation,
  MyReads,
  MyRegister,
  NewCorrection,
  NewCase,
  NotificationList,
  OtpSent,
  RegionList,
  OtpSignedIn,
  TrackingView,
} from "../../shared/contracts.js";
import { useGet, useWrite } from "../../shared/query.js";

export type {
  CaseCreated,
  Category,
  Evaluation,
  NewCase,
  OtpSent,
  Region,
  Satisfaction,
  TrackingEvent,
  TrackingView,
} from "../../shared/contracts.js";

/** The catalogue's categories that take appeals (and their parents, for the two-level choice). */
export const useCategories = () => useGet<CategoryList>("/categories");

export const useChildRegions = (code: string) =>
  useGet<RegionList>(`/regions/${encodeURIComponent(code)}/children`);

/**
 * The community (and township) a point lies in, by name (public, names only): what the place
 * pickers show instead of coordinates. `null` waits; a 404 (no community mapped there) is an error.
 */
export const useCommunityAt = (point: { lon: number; lat: number } | null) =>
  useGet<CommunityAt>(
    point ? "/grids/community" : null,
    point ? { lon: point.lon, lat: point.lat } : undefined,
  );

/** The key makes a retry after a lost answer return the first case instead of a second one. */
export const raiseAppeal = (appeal: NewCase, idempotencyKey: string) =>
  api<CaseCreated>("/cases", {
    method: "POST",
    body: { ...appeal, channel: "web" },
    headers: { "idempotency-key": idempotencyKey },
  });

/** Following by tracking code: `null` waits for a code. */
export const useTracking = (code: string | null) =>
  useGet<TrackingView>(code === null ? null : `/track/${encodeURIComponent(code)}`);

export function useEvaluateByCode(code: string) {
  return useWrite(
    (evaluation: Evaluation) =>
      api<TrackingView>(`/track/${encodeURIComponent(code)}/evaluate`, { method: "POST", body: evaluation }),
    ["/track"],
  );
}

export const useMyCases = () => useGet<CaseList>("/my/cases", { pageSize: 50 });

export const useMyCase = (id: string) => useGet<TrackingView>(`/my/cases/${encodeURIComponent(id)}`);

export function useEvaluateMyCase(id: string) {
  return useWrite(
    (evaluation: Evaluation) =>
      api<unknown>(`/cases/${encodeURIComponent(id)}/actions/evaluate`, { method: "POST", body: evaluation }),
    ["/my"],
  );
}

export const useNotifications = () => useGet<NotificationList>("/notifications", { limit: 20 });

export const markNotificationRead = (id: number) =>
  api<unknown>(`/notifications/${id}/read`, { method: "POST" });

export const requestOtp = (phone: string) =>
  api<OtpSent>("/auth/otp/request", { method: "POST", body: { phone }, quiet401: true });

export async function verifyOtp(phone: string, code: string): Promise<OtpSignedIn> {
  const session = await api<OtpSignedIn>("/auth/otp/verify", {
    method: "POST",
    body: { phone, code },
    quiet401: true,
  });
  setCsrfToken(session.csrfToken);
  return session;
}

// ---- my data (residents' rights) ----

/** What the register holds about the persons of the signed-in resident's phone. */
export const useMyRegister = () => useGet<MyRegister>("/me/register");
/** Who in the government read those persons in full. */
export const useMyReads = () => useGet<MyReads>("/me/register/reads");
export const useMyCorrections = () => useGet<CorrectionList>("/me/register/corrections", { pageSize: 50 });

export function useAskCorrection() {
  return useWrite(
    (body: NewCorrection) => api<Correction>("/me/register/corrections", { method: "POST", body }),
    ["/me/register/corrections"],
  );
}
