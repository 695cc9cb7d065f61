/** The resident pages' calls and the shapes the server answers with (see src/modules/cases/schemas.ts). */
import { api, setCsrfToken, type SessionView } from "../../shared/api.js";

export interface Category {
  code: string;
  parentCode: string | null;
  name: string;
  nameEn: string;
  icon: string | null;
  depth: number;
  acceptsCases: boolean;
}

export interface Region {
  code: string;
  name: string;
  level: string;
}

export interface CaseCreated {
  id: string;
  number: string;
  trackingCode: string | null;
  status: string;
  assignedUnit: { id: string; name: string } | null;
}

export type Satisfaction = "satisfied" | "basically_satisfied" | "unsatisfied";

export interface TrackingEvent {
  at: string;
  action: string;
  text: string;
  textEn: string;
  unit: string | null;
  reply: string | null;
}

export interface TrackingView {
  number: string;
  status: string;
  statusText: string;
  statusTextEn: string;
  category: { code: string; name: string } | null;
  region: { code: string; name: string };
  createdAt: string;
  assignedUnit: string | null;
  timeline: TrackingEvent[];
  evaluation: { resolved: boolean | null; satisfaction: Satisfaction | null } | null;
  mergedInto: { number: string; status: string } | null;
}

export interface MyCase {
  id: string;
  number: string;
  status: string;
  category: { code: string; name: string } | null;
  summary: string;
  region: { code: string; name: string };
  createdAt: string;
}

export interface ResidentNotification {
  id: number;
  kind: string;
  caseId: string | null;
  caseNumber: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export interface Evaluation {
  resolved: boolean;
  satisfaction: Satisfaction;
  comment?: string;
}

export interface NewAppeal {
  categoryCode: string;
  description: string;
  address?: string;
  location?: { lon: number; lat: number };
  regionCode?: string;
  reporter?: { name?: string; phone?: string };
  attachmentIds: string[];
}

export const loadCategories = () => api<{ items: Category[] }>("/categories").then((r) => r.items);

export const loadChildRegions = (code: string) =>
  api<{ items: Region[] }>(`/regions/${encodeURIComponent(code)}/children`).then((r) => r.items);

/** The key makes a retry after a lost answer return the first case instead of a second one. */
export const raiseAppeal = (appeal: NewAppeal, idempotencyKey: string) =>
  api<CaseCreated>("/cases", {
    method: "POST",
    body: { channel: "web", ...appeal },
    headers: { "idempotency-key": idempotencyKey },
  });

export const trackAppeal = (code: string) => api<TrackingView>(`/track/${encodeURIComponent(code)}`);

export const evaluateByCode = (code: string, evaluation: Evaluation) =>
  api<TrackingView>(`/track/${encodeURIComponent(code)}/evaluate`, { method: "POST", body: evaluation });

export const loadMyCases = () =>
  api<{ items: MyCase[]; total: number }>("/my/cases", { query: { pageSize: 50 } });

export const loadMyCase = (id: string) => api<TrackingView>(`/my/cases/${encodeURIComponent(id)}`);

export const evaluateMyCase = (id: string, evaluation: Evaluation) =>
  api<unknown>(`/cases/${encodeURIComponent(id)}/actions/evaluate`, { method: "POST", body: evaluation });

export const loadNotifications = () =>
  api<{ unread: number; items: ResidentNotification[] }>("/notifications", { query: { limit: 20 } });

export const markNotificationRead = (id: number) =>
  api<unknown>(`/notifications/${id}/read`, { method: "POST" });

export interface OtpSent {
  sentTo: string;
  expiresAt: string;
  resendAfterSeconds: number;
  demoCode?: string;
}

export const requestOtp = (phone: string) =>
  api<OtpSent>("/auth/otp/request", { method: "POST", body: { phone }, quiet401: true });

export async function verifyOtp(phone: string, code: string): Promise<SessionView> {
  const session = await api<SessionView>("/auth/otp/verify", {
    method: "POST",
    body: { phone, code },
    quiet401: true,
  });
  setCsrfToken(session.csrfToken);
  return session;
}
