/**
 * Linking a case to a person or household of the register, and the links a case page shows.
 *
 * Who may link: a holder of `case_links.manage` who handles the case — it is visible to them
 * through their `cases.handle` scopes and one of their units acts on it (assigned, or covering
 * its place: `actingUnitFor`) — and who reads the register where the person or household lives.
 * A case outside their handling scope, or a person or household outside their register scope, is
 * 404: nothing tells them it exists. Each link and unlink is audited in its transaction.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { cases, regions, users } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor, requirePermission } from "../../core/access/policy.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../../shared/errors.js";
import { actingUnitFor, caseKey, lockVisibleCase, visibleCases } from "../cases/index.js";
import { households, inRegisterScope, personSummaries, persons, requireRegister } from "../people/index.js";
import { caseLinks } from "./schema.js";
import type { CaseLinkView, CreateCaseLinkReq } from "./schemas.js";

function requireLinker(actor: Actor | null): Actor {
  requirePermission(actor, "case_links.manage");
  requireRegister(actor, "people.read");
  if (!actor) throw new Error("requirePermission let a missing actor through");
  return actor;
}

/** The case locked in the actor's handling scope (404) and handled by one of their units (403). */
async function caseToLink(tx: Tx, actor: Actor, ref: string) {
  const row = await lockVisibleCase(tx, ref, visibleCases(actor, "cases.handle"));
  if (!(await actingUnitFor(tx, actor, row, "cases.handle"))) {
    throw new ForbiddenError("Only a unit that handles this case may link it.");
  }
  return row;
}

/**
 * Links an appeal raised from a visit to the person visited. The visit's own checks (in scope,
 * the population type visible to the actor, `visits.record`) stand for the linker's; audited as
 * any link. Called in the transaction that writes the appeal.
 */
export async function linkRaisedCase(tx: Tx, actor: Actor, caseId: string, personId: string): Promise<void> {
  const [p] = await tx.select({ path: persons.regionPath }).from(persons).where(eq(persons.id, personId));
  if (!p) return;
  const [link] = await tx
    .insert(caseLinks)
    .values({ caseId, personId, linkedByUserId: actor.userId })
    .onConflictDoNothing()
    .returning({ id: caseLinks.id });
  if (!link) return;
  await recordAudit(tx, {
    actor,
    action: "case.link",
    entityType: "case",
    entityId: caseId,
    after: { linkId: link.id, personId, householdId: null },
    scopePath: p.path,
  });
}

/** Links the case `ref` to one person or household of the actor's register scope. */
export async function linkCase(
  db: Db,
  actor: Actor | null,
  ref: string,
  body: CreateCaseLinkReq,
): Promise<CaseLinkView> {
  const who = requireLinker(actor);
  const id = await db.transaction(async (tx) => {
    const row = await caseToLink(tx, who, ref);
    let scopePath: string;
    if (body.personId !== undefined) {
      const [p] = await tx
        .select({ path: persons.regionPath })
        .from(persons)
        .where(and(eq(persons.id, body.personId), inRegisterScope(persons.regionPath, who, "people.read")));
      if (!p) throw new NotFoundError("Person", body.personId);
      scopePath = p.path;
    } else {
      const householdId = body.householdId ?? "";
      const [h] = await tx
        .select({ path: households.regionPath })
        .from(households)
        .where(
          and(eq(households.id, householdId), inRegisterScope(households.regionPath, who, "people.read")),
        );
      if (!h) throw new NotFoundError("Household", householdId);
      scopePath = h.path;
    }
    const [link] = await tx
      .insert(caseLinks)
      .values({
        caseId: row.id,
        personId: body.personId ?? null,
        householdId: body.householdId ?? null,
        linkedByUserId: who.userId,
      })
      .onConflictDoNothing()
      .returning({ id: caseLinks.id });
    if (!link) throw new ConflictError("already_linked", "This case is already linked to them.");
    await recordAudit(tx, {
      actor: who,
      action: "case.link",
      entityType: "case",
      entityId: row.id,
      after: { linkId: link.id, personId: body.personId ?? null, householdId: body.householdId ?? null },
      scopePath,
    });
    return link.id;
  });
  const [view] = (await presentLinks(db, who, eq(caseLinks.id, id))).filter((l) => l.id === id);
  if (!view) throw new Error("new link not readable");
  return view;
}

/** Removes a link of the case `ref` (404 when the link, its case or its person is not in scope). */
export async function unlinkCase(db: Db, actor: Actor | null, ref: string, linkId: string): Promise<void> {
  const who = requireLinker(actor);
  await db.transaction(async (tx) => {
    const row = await caseToLink(tx, who, ref);
    const [link] = await tx
      .select()
      .from(caseLinks)
      .where(and(eq(caseLinks.id, linkId), eq(caseLinks.caseId, row.id)));
    if (!link) throw new NotFoundError("Case link", linkId);
    const [inScope] = link.personId
      ? await tx
          .select({ path: persons.regionPath })
          .from(persons)
          .where(and(eq(persons.id, link.personId), inRegisterScope(persons.regionPath, who, "people.read")))
      : await tx
          .select({ path: households.regionPath })
          .from(households)
          .where(
            and(
              eq(households.id, link.householdId ?? ""),
              inRegisterScope(households.regionPath, who, "people.read"),
            ),
          );
    if (!inScope) throw new NotFoundError("Case link", linkId);
    await tx.delete(caseLinks).where(eq(caseLinks.id, linkId));
    await recordAudit(tx, {
      actor: who,
      action: "case.unlink",
      entityType: "case",
      entityId: row.id,
      before: { linkId, personId: link.personId, householdId: link.householdId },
      scopePath: inScope.path,
    });
  });
}

/** The links of the case `ref` that the actor may read: the case visible (404), each linked record in register scope. */
export async function listCaseLinks(
  db: Db,
  actor: Actor | null,
  ref: string,
): Promise<{ items: CaseLinkView[]; canLink: boolean }> {
  requirePermission(actor, "cases.read");
  if (!actor) throw new Error("requirePermission let a missing actor through");
  const [row] = await db
    .select({ id: cases.id, path: cases.regionPath })
    .from(cases)
    .where(and(caseKey(ref), visibleCases(actor, "cases.read")));
  if (!row) throw new NotFoundError("Case", ref);
  const mayReadRegister = bindingsFor(actor, "people.read").some((b) => b.scopeDepartmentId === null);
  const items = mayReadRegister ? await presentLinks(db, actor, eq(caseLinks.caseId, row.id)) : [];
  let canLink = false;
  if (mayReadRegister && bindingsFor(actor, "case_links.manage").length > 0) {
    canLink = await db.transaction(async (tx) => {
      const [handled] = await tx
        .select()
        .from(cases)
        .where(and(eq(cases.id, row.id), visibleCases(actor, "cases.handle")));
      return handled ? (await actingUnitFor(tx, actor, handled, "cases.handle")) !== null : false;
    });
  }
  return { items, canLink };
}

/** The links matching `where`, each shown only when its person or household is in the reader's register scope. */
async function presentLinks(db: Db, actor: Actor, where: ReturnType<typeof eq>): Promise<CaseLinkView[]> {
  const rows = await db
    .select({ link: caseLinks, linkedBy: users.displayName })
    .from(caseLinks)
    .leftJoin(users, eq(users.id, caseLinks.linkedByUserId))
    .where(where)
    .orderBy(asc(caseLinks.linkedAt), asc(caseLinks.id));
  const personIds = rows.flatMap((r) => (r.link.personId ? [r.link.personId] : []));
  const householdIds = rows.flatMap((r) => (r.link.householdId ? [r.link.householdId] : []));
  const people = await db.transaction((tx) => personSummaries(tx, actor, personIds));
  const byPerson = new Map(people.map((p) => [p.id, p]));
  const homes =
    householdIds.length === 0
      ? []
      : await db
          .select({
            id: households.id,
            type: households.type,
            number: households.number,
            regionCode: regions.code,
            regionName: regions.name,
          })
          .from(households)
          .innerJoin(regions, eq(regions.code, households.regionCode))
          .where(
            and(
              inArray(households.id, householdIds),
              inRegisterScope(households.regionPath, actor, "people.read"),
            ),
          );
  const byHousehold = new Map(homes.map((h) => [h.id, h]));
  return rows.flatMap(({ link, linkedBy }) => {
    const person = link.personId ? byPerson.get(link.personId) : undefined;
    const home = link.householdId ? byHousehold.get(link.householdId) : undefined;
    if (!person && !home) return [];
    return [
      {
        id: link.id,
        linkedAt: link.linkedAt.toISOString(),
        linkedBy: linkedBy ?? null,
        person: person ?? null,
        household: home
          ? {
              id: home.id,
              type: home.type,
              number: home.number,
              region: { code: home.regionCode, name: home.regionName },
            }
          : null,
      },
    ];
  });
}
