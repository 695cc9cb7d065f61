/** The server's answers the grid pages read (src/modules/cases/actions/schemas.ts, cases/schemas.ts). */

export type CaseStatus =
  "triage" | "dispatched" | "handling" | "replied" | "supervisor_review" | "closed" | "rejected" | "merged";

export interface WorkListItem {
  id: string;
  number: string;
  status: CaseStatus;
  version: number;
  categoryCode: string | null;
  description: string;
  address: string | null;
  regionCode: string;
  urgent: boolean;
  assignedOrgId: string | null;
  assignedOrgName: string | null;
  handlingLevel: string | null;
  reopenCount: number;
  createdAt: string;
  dueAt: string | null;
  deadlineKind: "response" | "handle" | null;
  deadlineState: "ok" | "warning" | "overdue";
  remainingMinutes: number | null;
}

export interface TimelineEvent {
  id: number;
  action: string;
  toStatus: CaseStatus;
  at: string;
  actor: { id: string; name: string } | null;
  unit: { id: string; name: string } | null;
  label: string | null;
  note: string | null;
}

export interface CaseDetail {
  id: string;
  number: string;
  status: CaseStatus;
  category: { code: string; name: string } | null;
  description: string;
  address: string | null;
  location: { lon: number; lat: number } | null;
  region: { code: string; name: string };
  urgent: boolean;
  reporter: { name: string | null; phone: string | null; anonymous: boolean };
  assignedUnit: { id: string; name: string } | null;
  responseDueAt: string | null;
  handleDueAt: string | null;
  respondedAt: string | null;
  overdue: boolean;
  version: number;
  createdAt: string;
  timeline: TimelineEvent[];
  attachments: { id: string; eventId: number | null }[];
  allowedActions: string[];
}

export interface Category {
  code: string;
  name: string;
  nameEn: string;
  acceptsCases: boolean;
  depth: number;
  icon: string | null;
}

/** The actions of a case that fit a phone. */
export const PHONE_ACTIONS = ["respond", "reply", "verify", "send_back"] as const;
export type PhoneAction = (typeof PHONE_ACTIONS)[number];

/** Snapshot keys, per account so two accounts on one phone never see each other's copies. */
export const snapshotKeys = {
  workList: (userId: string) => `worklist:${userId}`,
  case: (userId: string, id: string) => `case:${userId}:${id}`,
  categories: () => "categories",
};
