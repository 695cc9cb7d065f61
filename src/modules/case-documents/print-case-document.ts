/**
 * Printing a case document: read the case as its page does (outside the reader's scope it is not
 * found), decide who issues the document, render it, and record the print in the audit log.
 *
 * Why the audit log and not the case timeline: printing changes nothing in the case. The
 * timeline holds the workflow's steps (each one allowed by the state table, shown to the resident
 * and counted by the rates), and an event by a unit even widens who may see the case (a
 * department sees the cases it acted on). The audit log is the record of who did what, filed
 * under the case's region so the admins and supervisors of that area read it.
 */
import type { Db } from "../../db/client.js";
import { ConflictError, ForbiddenError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor, pathWithin, requirePermission } from "../../core/access/policy.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { loadWorkingCalendar } from "../catalogue/index.js";
import { addBusinessDuration } from "../catalogue/index.js";
import { OPEN_STATUSES } from "../cases/index.js";
import { renderHandlingSheet } from "./handling-sheet.js";
import { centreAt, nearestCentre, type Centre } from "./issuing-centre.js";
import { loadPrintableCase } from "./load-printable-case.js";
import { renderSupervisionNotice } from "./supervision-notice.js";
import { SUPERVISION_LEVELS, type SupervisionLevel } from "./words.js";

export type CaseDocument =
  { kind: "handling_sheet" } | { kind: "supervision_notice"; level?: SupervisionLevel; answerDays: number };

export interface PrintedDocument {
  pdf: Buffer;
  pages: number;
  /** The file name offered for saving: 办理单-261127020001.pdf. */
  fileName: string;
}

/** Levels from the top: the default notice is the highest one the actor supervises. */
const TOP_DOWN: readonly SupervisionLevel[] = [...SUPERVISION_LEVELS].reverse();

/**
 * The centre that issues the notice. A supervisor issues in the name of a centre inside their
 * supervision scope only: a township dispatcher the township's, a county supervisor the county's
 * or a township's of that county, a city supervisor any.
 */
async function issuingCentre(
  db: Db,
  actor: Actor,
  regionPath: string,
  level: SupervisionLevel | undefined,
): Promise<{ level: SupervisionLevel; centre: Centre }> {
  const scopes = bindingsFor(actor, "cases.supervise").filter((b) => b.scopeDepartmentId === null);
  const reaches = (c: Centre) => scopes.some((b) => pathWithin(c.regionPath, b.scopePath));
  for (const candidate of level ? [level] : TOP_DOWN) {
    const centre = await centreAt(db, regionPath, candidate);
    if (centre && reaches(centre)) return { level: candidate, centre };
    if (level && !centre) {
      throw new ConflictError(
        "no_issuing_centre",
        `This case's place has no ${level} centre to issue the notice.`,
      );
    }
  }
  throw new ForbiddenError(
    level
      ? `Your supervision scope does not include the ${level} centre of this case.`
      : "Your supervision scope includes no centre over this case.",
  );
}

/** Working hours in one working day of the calendar (7.5 on the default office hours). */
function hoursPerWorkingDay(windows: readonly { startMinute: number; endMinute: number }[]): number {
  return windows.reduce((sum, w) => sum + (w.endMinute - w.startMinute) / 60, 0);
}

/** Renders `document` for case `idOrNumber` as `actor` may see it, and records the print. */
export async function printCaseDocument(
  db: Db,
  actor: Actor,
  idOrNumber: string,
  document: CaseDocument,
  requestId?: string,
): Promise<PrintedDocument> {
  // Permission before scope, as everywhere: a role that may never issue a notice hears 403, not
  // the 404 of a case outside its area.
  if (document.kind === "supervision_notice") requirePermission(actor, "cases.supervise");
  const printable = await loadPrintableCase(db, actor, idOrNumber);
  const { detail } = printable;
  const now = new Date();
  let printed: { pdf: Buffer; pages: number };
  let level: SupervisionLevel | null = null;
  if (document.kind === "handling_sheet") {
    printed = await renderHandlingSheet(printable, await nearestCentre(db, detail.region.path), now);
  } else {
    if (!(OPEN_STATUSES as readonly string[]).includes(detail.status)) {
      throw new ConflictError("case_not_open", "Only an open case can be supervised.", {
        status: detail.status,
      });
    }
    const issuer = await issuingCentre(db, actor, detail.region.path, document.level);
    level = issuer.level;
    const calendar = await loadWorkingCalendar(db);
    const answerBy = addBusinessDuration(
      now,
      document.answerDays * hoursPerWorkingDay(calendar.windows),
      "working",
      calendar,
    );
    printed = await renderSupervisionNotice(printable, { level, centre: issuer.centre, answerBy, now });
  }
  await recordAudit(db, {
    actor,
    action: "case.print",
    entityType: "case",
    entityId: detail.id,
    after: {
      document: document.kind,
      ...(level ? { level } : {}),
      number: detail.number,
      pages: printed.pages,
      // The paper carries the contact as the case page shows it to this reader, never revealed.
      reporterMasked: detail.reporter.masked,
    },
    scopePath: detail.region.path,
    requestId,
  });
  const name = document.kind === "handling_sheet" ? "办理单" : "督办单";
  return { ...printed, fileName: `${name}-${detail.number}.pdf` };
}
