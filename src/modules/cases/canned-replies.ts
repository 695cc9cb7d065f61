/**
 * 常用语: a unit's ready sentences for the respond and reply notes. A person reads and keeps the
 * canned replies of the units they handle cases for (cases.handle); another unit's are not
 * found. A reply for a category serves the categories below it too (`security` serves
 * `security.wires`); one without a category serves every case.
 */
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cannedReplies, categories, organisations } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { requireActor, requirePermission } from "../../core/access/policy.js";
import { actorUnits } from "../../core/units/actor-units.js";
import { BadRequestError, NotFoundError } from "../../shared/errors.js";
import type { CannedReply, CannedReplyReq, CreateCannedReplyReq, KeptCannedReplies } from "./schemas.js";

const COLUMNS = {
  id: cannedReplies.id,
  orgId: cannedReplies.orgId,
  orgName: organisations.name,
  action: cannedReplies.action,
  categoryCode: cannedReplies.categoryCode,
  text: cannedReplies.text,
};

/** The ids of the units whose canned replies `actor` keeps (their handling units). */
async function unitIdsOf(db: Db, actor: Actor | null): Promise<string[]> {
  requirePermission(actor, "cases.handle");
  return (await actorUnits(db, requireActor(actor), "cases.handle")).map((u) => u.id);
}

/** The canned replies of the actor's units for a note, the category's own first. */
export async function listCannedReplies(
  db: Db,
  actor: Actor | null,
  q: CannedReplyReq,
): Promise<CannedReply[]> {
  const units = await unitIdsOf(db, actor);
  if (units.length === 0) return [];
  const forCategory = q.category
    ? or(
        isNull(cannedReplies.categoryCode),
        eq(cannedReplies.categoryCode, q.category),
        sql`${q.category} like ${cannedReplies.categoryCode} || '.%'`,
      )
    : isNull(cannedReplies.categoryCode);
  return db
    .select(COLUMNS)
    .from(cannedReplies)
    .innerJoin(organisations, eq(organisations.id, cannedReplies.orgId))
    .where(and(inArray(cannedReplies.orgId, units), eq(cannedReplies.action, q.action), forCategory))
    .orderBy(sql`${cannedReplies.categoryCode} is null`, asc(cannedReplies.createdAt))
    .limit(200);
}

/**
 * Every canned reply of the actor's units (both notes, every category), with the units: the page
 * where a unit keeps its 常用语.
 */
export async function listKeptCannedReplies(db: Db, actor: Actor | null): Promise<KeptCannedReplies> {
  requirePermission(actor, "cases.handle");
  const units = (await actorUnits(db, requireActor(actor), "cases.handle"))
    .map((u) => ({ id: u.id, name: u.name }))
    .sort((a, b) => a.name.localeCompare(b.name, "zh-Hans-CN"));
  if (units.length === 0) return { units, items: [] };
  const items = await db
    .select(COLUMNS)
    .from(cannedReplies)
    .innerJoin(organisations, eq(organisations.id, cannedReplies.orgId))
    .where(
      inArray(
        cannedReplies.orgId,
        units.map((u) => u.id),
      ),
    )
    .orderBy(
      asc(organisations.name),
      asc(cannedReplies.action),
      sql`${cannedReplies.categoryCode} is not null`,
      asc(cannedReplies.categoryCode),
      asc(cannedReplies.createdAt),
    )
    .limit(1000);
  return { units, items };
}

/** Keeps a canned reply for one of the actor's units. */
export async function createCannedReply(
  db: Db,
  actor: Actor | null,
  body: CreateCannedReplyReq,
): Promise<CannedReply> {
  const units = await unitIdsOf(db, actor);
  // Another unit is not found, as if it did not exist.
  if (!units.includes(body.orgId)) throw new NotFoundError("Unit", body.orgId);
  if (body.categoryCode) {
    const [known] = await db
      .select({ code: categories.code })
      .from(categories)
      .where(eq(categories.code, body.categoryCode));
    if (!known) {
      throw new BadRequestError("validation_failed", `No category ${body.categoryCode}.`, [
        { field: "categoryCode", message: "not in the catalogue" },
      ]);
    }
  }
  const [created] = await db
    .insert(cannedReplies)
    .values({
      orgId: body.orgId,
      action: body.action,
      categoryCode: body.categoryCode ?? null,
      text: body.text,
      createdByUserId: requireActor(actor).userId,
    })
    .returning({ id: cannedReplies.id });
  const [row] = await db
    .select(COLUMNS)
    .from(cannedReplies)
    .innerJoin(organisations, eq(organisations.id, cannedReplies.orgId))
    .where(eq(cannedReplies.id, created?.id ?? ""));
  if (!row) throw new NotFoundError("Canned reply");
  return row;
}

/** Removes a canned reply of one of the actor's units (another unit's: not found). */
export async function deleteCannedReply(db: Db, actor: Actor | null, id: string): Promise<void> {
  const units = await unitIdsOf(db, actor);
  const removed =
    units.length === 0
      ? []
      : await db
          .delete(cannedReplies)
          .where(and(eq(cannedReplies.id, id), inArray(cannedReplies.orgId, units)))
          .returning({ id: cannedReplies.id });
  if (removed.length === 0) throw new NotFoundError("Canned reply", id);
}
