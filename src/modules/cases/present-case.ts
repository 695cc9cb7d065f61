/**
 * How cases are shown: the staff list and view (reporter's contact masked), the public tracking
 * view (no person at all: staff are named by their unit), and the intake answer.
 */
import type { Actor } from "../../core/access/actor.js";
import { maskPhone } from "../accounts/index.js";
import type { CaseContext, CaseListRow } from "./find-cases.js";
import type { IntakeResult } from "./intake.js";
import type { PossibleDuplicate } from "./routing.js";
import type { CaseCreated, CaseDetail, CaseListItem, TrackingView } from "./schemas.js";
import { holdsOnCase, offeredActions } from "./offered-actions.js";
import { residentTimeline, say, STATUS_WORDS, statusWords } from "./resident-wording.js";
import { OPEN_STATUSES } from "./state-table.js";
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

/** The 201 answer of an intake: what the resident is told here is what the tracking page says. */
export function presentCreated(
  result: Pick<IntakeResult, "trackingCode" | "assignedUnit"> & {
    case: Pick<IntakeResult["case"], "id" | "number" | "status" | "responseDueAt" | "handleDueAt">;
  },
): CaseCreated {
  const status = say(STATUS_WORDS[result.case.status], result.assignedUnit?.name ?? null);
  return {
    statusText: status.zh,
    statusTextEn: status.en,
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
      r.categoryCode === null
        ? null
        : {
            code: r.categoryCode,
            name: r.categoryName ?? r.categoryCode,
            nameEn: r.categoryNameEn ?? r.categoryCode,
          },
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
  opts: {
    actor: Actor;
    possibleDuplicates: PossibleDuplicate[];
    handleUnitIds: readonly string[];
    moveTargets?: CaseDetail["moveTargets"];
  },
): CaseDetail {
  const assignedUnitPath = ctx.units.find((u) => u.id === row.assignedOrgId)?.regionPath ?? null;
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
    gridName: ctx.gridName,
    urgent: row.urgent,
    reporter: {
      name: row.reporterName === null ? null : masked ? maskName(row.reporterName) : row.reporterName,
      phone: row.reporterPhone === null ? null : masked ? maskPhone(row.reporterPhone) : row.reporterPhone,
      email: row.reporterEmail === null ? null : masked ? maskEmail(row.reporterEmail) : row.reporterEmail,
      masked,
      canReveal: masked && holdsOnCase(actor, "cases.reveal_contact", row, { ...ctx, assignedUnitPath }),
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
    allowedActions: offeredActions(actor, row, {
      ...ctx,
      handleUnitIds: opts.handleUnitIds,
      assignedUnitPath,
    }),
    moveTargets: opts.moveTargets ?? { escalate: null, sendBack: null },
  };
}

/**
 * The public view behind a tracking code: status and timeline in plain words, units but no
 * people, no contact data, no description or address; only the reply's text (it is the answer
 * to the resident). Deadline marks are internal and left out.
 */
export function presentTracking(row: CaseRow, ctx: CaseContext): TrackingView {
  const assignedUnit = ctx.units.find((u) => u.id === row.assignedOrgId)?.name ?? null;
  const status = say(statusWords(row.status, ctx.timeline), assignedUnit);
  const evaluated = row.evaluatedAt !== null;
  return {
    number: row.number,
    status: row.status,
    statusText: status.zh,
    statusTextEn: status.en,
    category: ctx.category,
    region: { code: ctx.region.code, name: ctx.region.name },
    createdAt: row.createdAt.toISOString(),
    responseDueAt: (OPEN_STATUSES as readonly string[]).includes(row.status) ? iso(row.responseDueAt) : null,
    handleDueAt: (OPEN_STATUSES as readonly string[]).includes(row.status) ? iso(row.handleDueAt) : null,
    assignedUnit,
    timeline: residentTimeline(ctx.timeline, assignedUnit).map(({ event, unit, words }) => ({
      at: event.at.toISOString(),
      action: event.action,
      text: words.zh,
      textEn: words.en,
      unit,
      reply: event.action === "reply" || event.action === "answer_on_spot" ? event.note : null,
    })),
    evaluation: evaluated ? { resolved: row.resolved, satisfaction: row.satisfaction } : null,
    mergedInto: ctx.mergedInto ? { number: ctx.mergedInto.number, status: ctx.mergedInto.status } : null,
  };
}
