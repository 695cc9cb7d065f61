/**
 * Administering mediation (mediation.manage): the committees of places in one's scope, their
 * mediators (with or without an account), the dispute type catalogue, and the repeat-party window.
 * Every change is audited in its own transaction; a committee or mediator outside the scope is
 * "not found".
 */
import { and, asc, count, eq, ilike, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { regions, roleBindings, settings, users } from "../../db/schema.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { requirePermission } from "../../core/access/policy.js";
import { withinScopes } from "../../core/access/scope.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import { isUniqueViolation } from "../../db/database-errors.js";
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from "../../shared/errors.js";
import { findCommittees } from "./find-committees.js";
import { sealMediatorPhone } from "./mediator-phones.js";
import { disputeTypes, mediationCommittees, mediators, type CommitteeLevel } from "./schema.js";
import type {
  Committee,
  CommitteeChangeReq,
  DisputeTypeChangeReq,
  MediationSettings,
  MediatorChangeReq,
  MediatorListReq,
  MediatorView,
  NewCommitteeReq,
  NewDisputeTypeReq,
  NewMediatorReq,
} from "./schemas.js";
import { PROFESSIONAL_WORDS } from "./seed-committees.js";
import { readRepeatWindowDays, REPEAT_WINDOW_KEY } from "./settings.js";

interface Manager {
  actor: Actor;
  bindings: Binding[];
  requestId?: string;
}

/** The mediation.manage bindings of the actor (401/403 otherwise). */
export function manager(actor: Actor | null, requestId?: string): Manager {
  const bindings = requirePermission(actor, "mediation.manage");
  if (!actor) throw new Error("requirePermission let a missing actor through");
  return { actor, bindings, ...(requestId ? { requestId } : {}) };
}

/**
 * The dispute type catalogue and the repeat-party window serve every county: like the dispatch
 * catalogue, only an administrator of the whole city (a region binding at the root) changes them.
 */
export function cityWideManager(actor: Actor | null, requestId?: string): Manager {
  const m = manager(actor, requestId);
  const cityWide = m.bindings.filter((b) => b.scopeDepartmentId === null && !b.scopePath.includes("."));
  if (cityWide.length === 0) {
    throw new ForbiddenError(
      "The dispute types and the repeat window are city-wide: a city administrator sets them.",
    );
  }
  return { ...m, bindings: cityWide };
}

/** A duplicate (unique index) as the 409 of its resource; anything else as it was. */
async function refusingDuplicates<T>(
  code: "committee_exists" | "mediator_exists" | "dispute_type_exists",
  work: () => Promise<T>,
) {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(code, "It exists already.");
    throw err;
  }
}

const LEVELS: Record<string, CommitteeLevel> = { village: "village", township: "township", county: "county" };

async function committeeInScope(tx: Tx | Db, m: Manager, id: string) {
  const [row] = await tx
    .select()
    .from(mediationCommittees)
    .where(and(eq(mediationCommittees.id, id), withinScopes(mediationCommittees.regionPath, m.bindings)));
  if (!row) throw new NotFoundError("Committee", id);
  return row;
}

async function presentCommittee(tx: Tx, m: Manager, id: string): Promise<Committee> {
  const [c] = await findCommittees(tx, m.bindings, { id });
  if (!c) throw new Error("committee vanished");
  return c;
}

/** A committee for a village, township (general) or county (general or professional) in scope. */
export async function createCommittee(db: Db, m: Manager, body: NewCommitteeReq): Promise<Committee> {
  return refusingDuplicates("committee_exists", () =>
    db.transaction(async (tx) => {
      const [place] = await tx
        .select({
          code: regions.code,
          name: regions.name,
          level: regions.level,
          path: sql<string>`${regions.path}::text`,
          countyCode: regions.countyCode,
        })
        .from(regions)
        .where(and(eq(regions.code, body.regionCode), withinScopes(regions.path, m.bindings)));
      if (!place) throw new NotFoundError("Region", body.regionCode);
      const level = LEVELS[place.level];
      if (!level) {
        throw new BadRequestError(
          "wrong_region_level",
          "A committee belongs to a village, township or county.",
          [{ field: "body.regionCode", message: "a village, township or county" }],
        );
      }
      if (body.kind !== "general" && level !== "county") {
        throw new BadRequestError("wrong_region_level", "Professional committees are county-level.", [
          { field: "body.kind", message: "professional committees are county-level" },
        ]);
      }
      const name =
        body.name ??
        `${place.name}${body.kind === "general" ? "人民调解委员会" : PROFESSIONAL_WORDS[body.kind]}`;
      const [row] = await tx
        .insert(mediationCommittees)
        .values({
          name,
          level,
          kind: body.kind,
          regionCode: place.code,
          regionPath: place.path,
          countyCode: place.countyCode ?? (level === "county" ? place.code : null),
        })
        .returning();
      if (!row) throw new Error("committee insert returned nothing");
      await recordAudit(tx, {
        actor: m.actor,
        action: "committee.create",
        entityType: "committee",
        entityId: row.id,
        after: { name, level, kind: body.kind, regionCode: place.code },
        scopePath: place.path,
        ...(m.requestId ? { requestId: m.requestId } : {}),
      });
      return presentCommittee(tx, m, row.id);
    }),
  );
}

export async function renameCommittee(
  db: Db,
  m: Manager,
  id: string,
  body: CommitteeChangeReq,
): Promise<Committee> {
  return db.transaction(async (tx) => {
    const before = await committeeInScope(tx, m, id);
    await tx.update(mediationCommittees).set({ name: body.name }).where(eq(mediationCommittees.id, id));
    await recordAudit(tx, {
      actor: m.actor,
      action: "committee.update",
      entityType: "committee",
      entityId: id,
      before: { name: before.name },
      after: { name: body.name },
      scopePath: before.regionPath,
      ...(m.requestId ? { requestId: m.requestId } : {}),
    });
    return presentCommittee(tx, m, id);
  });
}

const MEDIATOR_COLUMNS = {
  m: mediators,
  committeeName: mediationCommittees.name,
  username: users.username,
  displayName: users.displayName,
};

type MediatorJoined = {
  m: typeof mediators.$inferSelect;
  committeeName: string;
  username: string | null;
  displayName: string | null;
};

function presentMediator(r: MediatorJoined): MediatorView {
  return {
    id: r.m.id,
    committeeId: r.m.committeeId,
    committeeName: r.committeeName,
    name: r.m.name,
    phone: r.m.phoneMasked,
    account: r.username === null ? null : { username: r.username, displayName: r.displayName ?? r.username },
    ruleOfLawLeader: r.m.ruleOfLawLeader,
    active: r.m.active,
  };
}

const mediatorsJoined = (db: Db | Tx) =>
  db
    .select(MEDIATOR_COLUMNS)
    .from(mediators)
    .innerJoin(mediationCommittees, eq(mediationCommittees.id, mediators.committeeId))
    .leftJoin(users, eq(users.id, mediators.userId));

/** The mediators of the committees in scope, by committee and name. */
export async function findMediators(
  db: Db,
  m: Manager,
  q: MediatorListReq,
): Promise<{ items: MediatorView[]; total: number }> {
  const filters: (SQL | undefined)[] = [withinScopes(mediationCommittees.regionPath, m.bindings)];
  if (q.committeeId) filters.push(eq(mediators.committeeId, q.committeeId));
  if (q.q) filters.push(ilike(mediators.name, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const where = and(...filters);
  const rows = await mediatorsJoined(db)
    .where(where)
    .orderBy(asc(mediationCommittees.regionCode), asc(mediators.name))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [total] = await db
    .select({ n: count() })
    .from(mediators)
    .innerJoin(mediationCommittees, eq(mediationCommittees.id, mediators.committeeId))
    .where(where);
  return { items: rows.map(presentMediator), total: total?.n ?? 0 };
}

async function mediatorView(tx: Tx, id: string): Promise<MediatorView> {
  const [row] = await mediatorsJoined(tx).where(eq(mediators.id, id));
  if (!row) throw new Error("mediator vanished");
  return presentMediator(row);
}

/**
 * The account named `username`, when one of its roles lies in the manager's scope, or (for a
 * rule-of-law leader, 法律明白人) a resident account: residents are bound to the whole city, so a
 * county admin could never link one. Only an account whose every role (if any) is `resident` qualifies —
 * linking names it in the committee and gives it no staff permission (residents hold none of
 * mediation's). Else 400 unknown_account.
 */
async function accountInScope(tx: Tx, m: Manager, username: string, leader = false): Promise<string> {
  const [row] = await tx
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(roleBindings, eq(roleBindings.userId, users.id))
    .where(and(eq(users.username, username), withinScopes(roleBindings.scopePath, m.bindings)));
  if (!row && leader) {
    const [resident] = await tx
      .select({ id: users.id })
      .from(users)
      .leftJoin(roleBindings, eq(roleBindings.userId, users.id))
      .where(eq(users.username, username))
      .groupBy(users.id)
      // Every role resident (or none: a phone sign-in's account); never staff of another area.
      .having(sql`coalesce(bool_and(${roleBindings.role} = 'resident'), true)`);
    if (resident) return resident.id;
  }
  if (!row) {
    throw new BadRequestError("unknown_account", `There is no account ${username} in your area.`, [
      { field: "body.username", message: "no such account in your area" },
    ]);
  }
  return row.id;
}

/** `keys` seal the mediator's phone (./mediator-phones.ts). */
export async function addMediator(
  db: Db,
  m: Manager,
  keys: PersonalDataKeys,
  body: NewMediatorReq,
): Promise<MediatorView> {
  return refusingDuplicates("mediator_exists", () =>
    db.transaction(async (tx) => {
      const committee = await committeeInScope(tx, m, body.committeeId);
      const userId = body.username ? await accountInScope(tx, m, body.username, body.ruleOfLawLeader) : null;
      const [row] = await tx
        .insert(mediators)
        .values({
          committeeId: committee.id,
          userId,
          name: body.name,
          ...sealMediatorPhone(keys, body.phone),
          ruleOfLawLeader: body.ruleOfLawLeader,
        })
        .returning();
      if (!row) throw new Error("mediator insert returned nothing");
      await recordAudit(tx, {
        actor: m.actor,
        action: "mediator.create",
        entityType: "mediator",
        entityId: row.id,
        after: { committeeId: committee.id, name: body.name, userId, ruleOfLawLeader: body.ruleOfLawLeader },
        scopePath: committee.regionPath,
        ...(m.requestId ? { requestId: m.requestId } : {}),
      });
      return mediatorView(tx, row.id);
    }),
  );
}

/** Renames, re-phones, marks as rule-of-law leader, or (de)activates a mediator (never deletes: disputes name them). */
export async function changeMediator(
  db: Db,
  m: Manager,
  keys: PersonalDataKeys,
  id: string,
  body: MediatorChangeReq,
): Promise<MediatorView> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(mediators).where(eq(mediators.id, id));
    if (!before) throw new NotFoundError("Mediator", id);
    // A mediator of a committee outside the scope is not found (as the committee itself is not).
    const committee = await committeeInScope(tx, m, before.committeeId).catch((err: unknown) => {
      throw err instanceof NotFoundError ? new NotFoundError("Mediator", id) : err;
    });
    const set = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.ruleOfLawLeader !== undefined ? { ruleOfLawLeader: body.ruleOfLawLeader } : {}),
      ...(body.active !== undefined ? { active: body.active } : {}),
    };
    // null clears the phone (and a number still waiting to be sealed); a number is sealed.
    const phone =
      body.phone === undefined ? {} : { ...sealMediatorPhone(keys, body.phone), phoneToSeal: null };
    if (Object.keys(set).length > 0 || body.phone !== undefined) {
      await tx
        .update(mediators)
        .set({ ...set, ...phone })
        .where(eq(mediators.id, id));
      await recordAudit(tx, {
        actor: m.actor,
        action: "mediator.update",
        entityType: "mediator",
        entityId: id,
        // Phones are personal data: the audit says that it changed, not what it is.
        before: { name: before.name, ruleOfLawLeader: before.ruleOfLawLeader, active: before.active },
        after: { ...set, ...(body.phone !== undefined ? { phone: "changed" } : {}) },
        scopePath: committee.regionPath,
        ...(m.requestId ? { requestId: m.requestId } : {}),
      });
    }
    return mediatorView(tx, id);
  });
}

const TYPE_COLUMNS = {
  code: disputeTypes.code,
  nameZh: disputeTypes.nameZh,
  nameEn: disputeTypes.nameEn,
  sortOrder: disputeTypes.sortOrder,
  active: disputeTypes.active,
};

/** The catalogue is one for the whole installation; new types start active. */
export async function createDisputeType(db: Db, m: Manager, body: NewDisputeTypeReq) {
  return refusingDuplicates("dispute_type_exists", () =>
    db.transaction(async (tx) => {
      const [row] = await tx.insert(disputeTypes).values(body).returning(TYPE_COLUMNS);
      if (!row) throw new Error("dispute type insert returned nothing");
      await recordAudit(tx, {
        actor: m.actor,
        action: "dispute_type.create",
        entityType: "dispute_type",
        entityId: row.code,
        after: row,
        ...(m.requestId ? { requestId: m.requestId } : {}),
      });
      return row;
    }),
  );
}

/** Renames, reorders or (de)activates a type; an inactive type is not offered for new disputes. */
export async function changeDisputeType(db: Db, m: Manager, code: string, body: DisputeTypeChangeReq) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select(TYPE_COLUMNS).from(disputeTypes).where(eq(disputeTypes.code, code));
    if (!before) throw new NotFoundError("Dispute type", code);
    const [after] = await tx
      .update(disputeTypes)
      .set(body)
      .where(eq(disputeTypes.code, code))
      .returning(TYPE_COLUMNS);
    if (!after) throw new Error("dispute type vanished");
    await recordAudit(tx, {
      actor: m.actor,
      action: "dispute_type.update",
      entityType: "dispute_type",
      entityId: code,
      before,
      after,
      ...(m.requestId ? { requestId: m.requestId } : {}),
    });
    return after;
  });
}

export async function readMediationSettings(db: Db): Promise<MediationSettings> {
  return db.transaction(async (tx) => ({ repeatWindowDays: await readRepeatWindowDays(tx) }));
}

/** The repeat-party window: disputes of the same parties within it raise the risk (民转刑 prevention). */
export async function updateMediationSettings(
  db: Db,
  m: Manager,
  body: MediationSettings,
): Promise<MediationSettings> {
  return db.transaction(async (tx) => {
    const before = await readRepeatWindowDays(tx);
    await tx
      .insert(settings)
      .values({ key: REPEAT_WINDOW_KEY, value: body.repeatWindowDays })
      .onConflictDoUpdate({ target: settings.key, set: { value: body.repeatWindowDays } });
    await recordAudit(tx, {
      actor: m.actor,
      action: "settings.update",
      entityType: "setting",
      entityId: REPEAT_WINDOW_KEY,
      before: { repeatWindowDays: before },
      after: body,
      ...(m.requestId ? { requestId: m.requestId } : {}),
    });
    return { repeatWindowDays: body.repeatWindowDays };
  });
}
