/**
 * 吹哨报到: the unit holding a case whistles county or city departments in to joint handling;
 * each must report (报到) by its own deadline, and its handlers then see and work the case.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { caseWhistles, organisations } from "../../../db/schema.js";
import { AppError, ConflictError, NotFoundError } from "../../../shared/errors.js";
import type { Actor } from "../../../core/access/actor.js";
import { transition } from "../transition.js";
import { actorUnits } from "../../../core/units/actor-units.js";
import { requireAssignedUnit } from "./acting-unit.js";
import { notifyUnits } from "./notify.js";
import { presentActionResult } from "./present.js";
import { runCaseAction } from "./run-case-action.js";
import type { ActionResult, NoteReq, WhistleReq } from "./schemas.js";
import { findUnits } from "../../../core/units/units.js";

/** How long a whistled department has to report when the whistle names no deadline. */
export const DEFAULT_REPORT_HOURS = 24;

const HOUR_MS = 3_600_000;

/** Whistles departments in: each must be a department above the case's place (its county's or city's). */
export async function whistleCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: WhistleReq,
): Promise<ActionResult> {
  const guard = { action: "whistle" as const, version: input.version };
  return runCaseAction(db, actor, ref, "cases.handle", guard, async ({ tx, actor, caseRow }) => {
    const unit = await requireAssignedUnit(tx, actor, caseRow, "cases.handle");
    const wanted = [...new Set(input.orgIds)];
    const departments = await findUnits(
      tx,
      wanted,
      and(
        eq(organisations.kind, "department"),
        sql`${organisations.regionPath} @> ${caseRow.regionPath}::ltree`,
      ),
    );
    const missing = wanted.find((id) => !departments.some((d) => d.id === id));
    if (missing !== undefined) throw new NotFoundError("Department", missing);
    const already = await tx
      .select({ orgId: caseWhistles.orgId })
      .from(caseWhistles)
      .where(and(eq(caseWhistles.caseId, caseRow.id), inArray(caseWhistles.orgId, wanted)));
    if (already.length > 0) {
      const names = departments.filter((d) => already.some((a) => a.orgId === d.id)).map((d) => d.name);
      throw new ConflictError(
        "already_whistled",
        `Already whistled in on case ${caseRow.number}: ${names.join(", ")}.`,
        {
          orgIds: already.map((a) => a.orgId),
        },
      );
    }
    const hours = input.reportWithinHours ?? DEFAULT_REPORT_HOURS;
    const reportDueAt = new Date(Date.now() + hours * HOUR_MS);
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: "whistle",
      actor: { userId: actor.userId, orgId: unit.id },
      expectedVersion: input.version,
      note: input.note ?? null,
      data: { orgIds: wanted, reportDueAt: reportDueAt.toISOString() },
    });
    await tx.insert(caseWhistles).values(
      departments.map((d) => ({
        caseId: caseRow.id,
        countyCode: caseRow.countyCode,
        orgId: d.id,
        invitedByUserId: actor.userId,
        reportDueAt,
      })),
    );
    await notifyUnits(
      tx,
      caseRow,
      departments.map((d) => d.id),
      {
        kind: "whistle",
        title: `吹哨 ${caseRow.number}：请报到`,
        body: `${unit.name}吹哨，请于${hours}小时内就案件 ${caseRow.number} 报到并联合办理。${input.note ?? ""}`.trim(),
        data: { unit: unit.name, hours, ...(input.note ? { note: input.note } : {}) },
      },
    );
    return presentActionResult(result);
  });
}

/** 报到: a whistled department's handler reports in; the unit holding the case is told. */
export async function reportToWhistle(
  db: Db,
  actor: Actor | null,
  ref: string,
  input: NoteReq,
): Promise<ActionResult> {
  const guard = { action: "report" as const, version: input.version };
  return runCaseAction(db, actor, ref, "cases.handle", guard, async ({ tx, actor, caseRow }) => {
    const departmentIds = (await actorUnits(tx, actor, "cases.handle"))
      .filter((u) => u.kind === "department")
      .map((u) => u.id);
    const whistles =
      departmentIds.length === 0
        ? []
        : await tx
            .select()
            .from(caseWhistles)
            .where(and(eq(caseWhistles.caseId, caseRow.id), inArray(caseWhistles.orgId, departmentIds)));
    if (whistles.length === 0) {
      throw new AppError(
        403,
        "not_whistled",
        `Your department was not whistled in on case ${caseRow.number}.`,
      );
    }
    const pending = whistles.find((w) => w.reportedAt === null);
    if (!pending)
      throw new ConflictError(
        "already_reported",
        `Your department already reported on case ${caseRow.number}.`,
      );
    const result = await transition(tx, {
      caseId: caseRow.id,
      locked: caseRow,
      action: "report",
      actor: { userId: actor.userId, orgId: pending.orgId },
      expectedVersion: input.version,
      note: input.note ?? null,
      data: { whistleId: pending.id, late: pending.reportDueAt.getTime() < Date.now() },
    });
    await tx
      .update(caseWhistles)
      .set({ reportedAt: result.event.at, reportNote: input.note ?? null })
      .where(and(eq(caseWhistles.id, pending.id), isNull(caseWhistles.reportedAt)));
    const [department] = await findUnits(tx, [pending.orgId]);
    await notifyUnits(tx, caseRow, [caseRow.assignedOrgId], {
      kind: "report",
      title: `报到 ${caseRow.number}`,
      body: `${department?.name ?? "被吹哨部门"}已就案件 ${caseRow.number} 报到。${input.note ?? ""}`.trim(),
      data: { unit: department?.name ?? "", ...(input.note ? { note: input.note } : {}) },
    });
    return presentActionResult(result);
  });
}
