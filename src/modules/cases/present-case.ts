/**
 * How cases are shown: the staff list and view (reporter's contact masked), the public tracking
 * view (no person at all: staff are named by their unit), and the intake answer.
 */
import type { CaseStatus } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor, pathWithin, type Permission } from "../../core/access/policy.js";
import { maskPhone } from "../accounts/index.js";
import type { CaseContext, CaseListRow } from "./find-cases.js";
import type { IntakeResult } from "./intake.js";
import type { PossibleDuplicate } from "./routing.js";
import type { CaseCreated, CaseDetail, CaseListItem, TrackingView } from "./schemas.js";
import { actionPermissions } from "../../core/workflow/workflow.js";
import { allowedActions, CASE_WORKFLOW, OPEN_STATUSES, type CaseAction } from "./state-table.js";
import type { CaseRow } from "./transition.js";

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** 张三 → 张*; the surname is enough to address someone on a call. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? "*" : `${chars[0]}${"*".repeat(Math.min(chars.length - 1, 3))}`;
}

/** wang@example.com → w***@example.com. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at <= 0 ? "***" : `${email.charAt(0)}***${email.slice(at)}`;
}

/** The 201 answer of an intake. */
export function presentCreated(result: IntakeResult): CaseCreated {
  return {
    id: result.case.id,
    number: result.case.number,
    trackingCode: result.trackingCode,
    status: result.case.status,
    assignedUnit: result.assignedUnit,
    responseDueAt: iso(result.case.responseDueAt),
    handleDueAt: iso(result.case.handleDueAt),
  };
}

/** One row of a work list. */
export function presentListItem(r: CaseListRow): CaseListItem {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    channel: r.channel,
    category:
      r.categoryCode === null ? null : { code: r.categoryCode, name: r.categoryName ?? r.categoryCode },
    summary: [...r.description].slice(0, 80).join(""),
    region: { code: r.regionCode, name: r.regionName },
    assignedUnit: r.assignedOrgId === null ? null : { id: r.assignedOrgId, name: r.assignedOrgName ?? "" },
    urgent: r.urgent,
    responseDueAt: iso(r.responseDueAt),
    handleDueAt: iso(r.handleDueAt),
    overdue: r.overdue,
    createdAt: r.createdAt.toISOString(),
    sentBack: r.sentBack === null ? null : { ...r.sentBack, at: new Date(r.sentBack.at).toISOString() },
  };
}

/**
 * Which permission each staff action needs, from the state table. The server's action routes
 * decide; this only lets the client hide buttons it would be refused.
 */
export const ACTION_PERMISSIONS = actionPermissions(CASE_WORKFLOW);

/** True when one of the actor's bindings for `permission` covers the case (as policy.ts does in SQL). */
export function holdsOnCase(
  actor: Actor,
  permission: Permission,
  row: Pick<CaseRow, "regionPath" | "assignedOrgId" | "leadOrgId">,
  ctx: { whistles: readonly { unitId: string }[]; timeline: readonly { unitId: string | null }[] },
): boolean {
  return bindingsFor(actor, permission).some((b) => {
    if (b.scopeDepartmentId === null) return pathWithin(row.regionPath, b.scopePath);
    const d = b.scopeDepartmentId;
    return (
      row.assignedOrgId === d ||
      row.leadOrgId === d ||
      ctx.whistles.some((w) => w.unitId === d) ||
      ctx.timeline.some((e) => e.unitId === d)
    );
  });
}

/** The actions of the state table open to this actor on this case now. */
export function actionsFor(
  actor: Actor,
  row: CaseRow,
  ctx: Pick<CaseContext, "whistles" | "timeline">,
): CaseAction[] {
  return allowedActions(row.status).filter((a) => {
    const permission = ACTION_PERMISSIONS[a];
    return permission !== undefined && holdsOnCase(actor, permission, row, ctx);
  });
}

function isOverdue(row: CaseRow, now: number): boolean {
  if (!["triage", "dispatched", "handling"].includes(row.status)) return false;
  const handleLate = row.handleDueAt !== null && row.handleDueAt.getTime() < now;
  const responseLate =
    row.respondedAt === null && row.responseDueAt !== null && row.responseDueAt.getTime() < now;
  return handleLate || responseLate;
}

/** The staff view of a case: contact masked (the reporter sees their own in full). */
export function presentCaseDetail(
  row: CaseRow,
  ctx: CaseContext,
  opts: { actor: Actor; possibleDuplicates: PossibleDuplicate[] },
): CaseDetail {
  const { actor } = opts;
  const own = row.reporterUserId !== null && row.reporterUserId === actor.userId;
  const hasContact = row.reporterName !== null || row.reporterPhone !== null || row.reporterEmail !== null;
  const masked = !own && hasContact;
  const unit = (id: string | null) => {
    if (id === null) return null;
    const found = ctx.units.find((u) => u.id === id);
    return found ? { id: found.id, name: found.name } : null;
  };
  const now = Date.now();
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    channel: row.channel,
    category: ctx.category,
    description: row.description,
    address: row.address,
    location: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat },
    region: ctx.region,
    countyCode: row.countyCode,
    gridCode: row.gridCode,
    urgent: row.urgent,
    reporter: {
      name: row.reporterName === null ? null : masked ? maskName(row.reporterName) : row.reporterName,
      phone: row.reporterPhone === null ? null : masked ? maskPhone(row.reporterPhone) : row.reporterPhone,
      email: row.reporterEmail === null ? null : masked ? maskEmail(row.reporterEmail) : row.reporterEmail,
      masked,
      canReveal: masked && holdsOnCase(actor, "cases.reveal_contact", row, ctx),
      hasAccount: row.reporterUserId !== null,
      // Erased contact is not anonymity: the case page says it was erased, and when.
      anonymous: row.reporterUserId === null && !hasContact && row.reporterErasedAt === null,
      erasedAt: iso(row.reporterErasedAt),
    },
    enteredBy: ctx.enteredBy,
    handlingLevel: row.handlingLevel,
    assignedUnit: unit(row.assignedOrgId),
    leadUnit: unit(row.leadOrgId),
    responseDueAt: iso(row.responseDueAt),
    handleDueAt: iso(row.handleDueAt),
    respondedAt: iso(row.respondedAt),
    repliedAt: iso(row.repliedAt),
    closedAt: iso(row.closedAt),
    overdue: isOverdue(row, now),
    resolved: row.resolved,
    satisfaction: row.satisfaction,
    evaluationComment: row.evaluationComment,
    evaluatedAt: iso(row.evaluatedAt),
    reopenCount: row.reopenCount,
    mergedInto: ctx.mergedInto ? { id: ctx.mergedInto.id, number: ctx.mergedInto.number } : null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    timeline: ctx.timeline.map((e) => ({
      id: e.id,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      at: e.at.toISOString(),
      actor: e.actorId === null ? null : { id: e.actorId, name: e.actorName ?? "" },
      unit: e.unitId === null ? null : { id: e.unitId, name: e.unitName ?? "" },
      label: e.label,
      note: e.note,
      data: e.data ?? null,
    })),
    whistles: ctx.whistles.map((w) => ({
      id: w.id,
      unit: { id: w.unitId, name: w.unitName },
      reportDueAt: w.reportDueAt.toISOString(),
      reportedAt: iso(w.reportedAt),
      reportNote: w.reportNote,
      overdue: w.overdueAt !== null,
    })),
    extensions: ctx.extensions.map((x) => ({
      id: x.id,
      unit: x.unitId === null ? null : { id: x.unitId, name: x.unitName ?? "" },
      extraHours: x.extraHours,
      reason: x.reason,
      decision: x.decision,
      decidedAt: iso(x.decidedAt),
      createdAt: x.createdAt.toISOString(),
    })),
    attachments: ctx.attachments,
    possibleDuplicates: opts.possibleDuplicates,
    allowedActions: actionsFor(actor, row, ctx),
  };
}

const STATUS_TEXT: Record<CaseStatus, [string, string]> = {
  triage: ["已受理，正在分拨", "Received, being assigned"],
  dispatched: ["已派发至承办单位", "Sent to the unit that handles it"],
  handling: ["正在办理", "Being handled"],
  replied: ["已办结，等待您的评价", "Handled, waiting for your rating"],
  supervisor_review: ["督办复核中", "Under supervisor review"],
  closed: ["已办结", "Closed"],
  rejected: ["不予受理", "Not accepted"],
  merged: ["已与相同诉求合并办理", "Merged with the same appeal"],
};

/** Each action in plain words, for the resident's timeline. */
const ACTION_TEXT: Partial<Record<CaseAction, [string, string]>> = {
  intake: ["诉求已受理", "Your appeal was received"],
  answer_on_spot: ["已当场答复并办结", "Answered on the spot and closed"],
  dispatch: ["已派发至承办单位", "Sent to the unit that handles it"],
  redispatch: ["已改派承办单位", "Passed to another unit"],
  reject: ["不予受理", "Not accepted"],
  respond: ["承办单位已与您联系", "The unit contacted you"],
  send_back: ["退回重新分拨", "Returned for reassignment"],
  escalate: ["已提级办理", "Passed up a level"],
  whistle: ["已召集相关部门联合办理", "Departments were called in to help"],
  report: ["相关部门已报到", "A department joined the work"],
  request_extension: ["承办单位申请延期", "The unit asked for more time"],
  decide_extension: ["延期申请已处理", "The extension request was decided"],
  reply: ["办理结果已答复", "The result was reported"],
  verify: ["网格员已现场核查", "Checked on the spot"],
  evaluate: ["已评价", "Rated"],
  supervisor_decide: ["督办已复核", "A supervisor decided"],
  close: ["已办结", "Closed"],
  merge: ["已与相同诉求合并办理", "Merged with the same appeal"],
  urge: ["已催办", "The unit was urged"],
};

/**
 * The public view behind a tracking code: status and timeline in plain words, units but no
 * people, no contact data, no description or address; only the reply's text (it is the answer
 * to the resident). Deadline marks are internal and left out.
 */
export function presentTracking(row: CaseRow, ctx: CaseContext): TrackingView {
  const [statusText, statusTextEn] = STATUS_TEXT[row.status];
  const assignedUnit = ctx.units.find((u) => u.id === row.assignedOrgId)?.name ?? null;
  const evaluated = row.evaluatedAt !== null;
  return {
    number: row.number,
    status: row.status,
    statusText,
    statusTextEn,
    category: ctx.category,
    region: { code: ctx.region.code, name: ctx.region.name },
    createdAt: row.createdAt.toISOString(),
    responseDueAt: (OPEN_STATUSES as readonly string[]).includes(row.status) ? iso(row.responseDueAt) : null,
    handleDueAt: (OPEN_STATUSES as readonly string[]).includes(row.status) ? iso(row.handleDueAt) : null,
    assignedUnit,
    timeline: ctx.timeline.flatMap((e) => {
      const text = ACTION_TEXT[e.action as CaseAction];
      if (!text) return [];
      return [
        {
          at: e.at.toISOString(),
          action: e.action,
          text: text[0],
          textEn: text[1],
          unit: e.unitName ?? null,
          reply: e.action === "reply" || e.action === "answer_on_spot" ? e.note : null,
        },
      ];
    }),
    evaluation: evaluated ? { resolved: row.resolved, satisfaction: row.satisfaction } : null,
    mergedInto: ctx.mergedInto ? { number: ctx.mergedInto.number, status: ctx.mergedInto.status } : null,
  };
}
