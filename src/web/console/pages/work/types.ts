/** The shapes the work pages read from the API (see src/modules/cases/schemas.ts). */
export type CaseStatus =
  "triage" | "dispatched" | "handling" | "replied" | "supervisor_review" | "closed" | "rejected" | "merged";

export const CASE_STATUSES: CaseStatus[] = [
  "triage",
  "dispatched",
  "handling",
  "replied",
  "supervisor_review",
  "closed",
  "rejected",
  "merged",
];

export const CHANNELS = [
  "web",
  "app",
  "hotline",
  "talk_station",
  "talk_site",
  "talk_box",
  "patrol",
  "open311",
] as const;

export interface Ref {
  id: string;
  name: string;
}

export interface Point {
  lon: number;
  lat: number;
}

export interface CaseListItem {
  id: string;
  number: string;
  status: CaseStatus;
  channel: string;
  category: { code: string; name: string } | null;
  summary: string;
  region: { code: string; name: string };
  assignedUnit: Ref | null;
  urgent: boolean;
  responseDueAt: string | null;
  handleDueAt: string | null;
  overdue: boolean;
  createdAt: string;
}

export interface CaseList {
  items: CaseListItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface TimelineEvent {
  id: number;
  action: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  at: string;
  actor: Ref | null;
  unit: Ref | null;
  label: string | null;
  note: string | null;
  data: unknown;
}

export interface CaseDetail {
  id: string;
  number: string;
  status: CaseStatus;
  channel: string;
  category: { code: string; name: string } | null;
  description: string;
  address: string | null;
  location: Point | null;
  region: { code: string; name: string; path: string };
  countyCode: string | null;
  gridCode: string | null;
  urgent: boolean;
  reporter: {
    name: string | null;
    phone: string | null;
    email: string | null;
    masked: boolean;
    canReveal: boolean;
    hasAccount: boolean;
    anonymous: boolean;
    erasedAt: string | null;
  };
  enteredBy: Ref | null;
  handlingLevel: string | null;
  assignedUnit: Ref | null;
  leadUnit: Ref | null;
  responseDueAt: string | null;
  handleDueAt: string | null;
  respondedAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  overdue: boolean;
  resolved: boolean | null;
  satisfaction: string | null;
  evaluationComment: string | null;
  evaluatedAt: string | null;
  reopenCount: number;
  mergedInto: { id: string; number: string } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  timeline: TimelineEvent[];
  whistles: {
    id: string;
    unit: Ref;
    reportDueAt: string;
    reportedAt: string | null;
    reportNote: string | null;
    overdue: boolean;
  }[];
  extensions: {
    id: string;
    unit: Ref | null;
    extraHours: number;
    reason: string;
    decision: "approved" | "denied" | null;
    decidedAt: string | null;
    createdAt: string;
  }[];
  attachments: { id: string; mime: string; width: number; height: number; eventId: number | null }[];
  possibleDuplicates: { id: string; number: string }[];
  allowedActions: string[];
}

export interface WorkItem {
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

export interface PendingExtension {
  id: string;
  caseId: string;
  caseNumber: string;
  caseVersion: number;
  requestedOrgId: string | null;
  requestedOrgName: string | null;
  extraHours: number;
  reason: string;
  handleDueAt: string | null;
  createdAt: string;
}

export interface Category {
  code: string;
  parentCode: string | null;
  name: string;
  nameEn: string;
  handlingLevel: string;
  active: boolean;
}

export interface DispatchUnit {
  id: string;
  name: string;
  kind: string;
  regionCode: string;
}

export interface DispatchOptions {
  suggested: (DispatchUnit & { reason: string }) | null;
  units: DispatchUnit[];
}

export interface GridShape {
  code: string;
  name: string;
  villageCode: string;
  path: string;
  bbox: [number, number, number, number];
  geometry?: { type: "Polygon" | "MultiPolygon"; coordinates: unknown[][] };
}

/** The state a 409 (stale_case / illegal_transition) says the case is in now. */
export interface Conflict {
  code: string;
  message: string;
  status: CaseStatus;
  version: number;
  allowedActions: string[];
}
