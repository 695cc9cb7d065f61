/**
 * Correction requests (更正申请): a resident asks that what the register holds about a person of
 * their phone be corrected; the grid post of the person's place is told (in-app notification) and
 * sees it in the console's list; the grid worker (or village staff) corrects the register and
 * marks it done, or declines it with a reason; the resident is told either way. Every move is the
 * workflow core's `transition()` (event and notifications in its transaction).
 */
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { roleHas } from "../../core/access/policy.js";
import { withinScopes } from "../../core/access/scope.js";
import { recordEvent } from "../../core/workflow/events.js";
import { runAction } from "../../core/workflow/run-action.js";
import { transition, type MoveNotice } from "../../core/workflow/transition.js";
import { enqueueNotifications } from "../../core/notifications/enqueue-notifications.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import { maskDocumentNumber, maskPhone } from "../../core/personal-data/id-number.js";
import { GLOSSARY } from "../../shared/contracts/glossary.js";
import { ConflictError, NotFoundError } from "../../shared/errors.js";
import { placeKey, unitsOfPlaces } from "../organisations/index.js";
import { persons, requireRegister } from "../people/index.js";
import { myPersonIds, provenPhone } from "./my-register.js";
import { registerCorrections } from "./schema.js";
import type { CorrectionListReq, CorrectionReq, CorrectionView } from "./schemas.js";
import { CORRECTION_WORKFLOW, type CorrectionAction } from "./state-table.js";
import { CORRECTION_STORE, type CorrectionRow } from "./store.js";

/** Open (submitted) requests about one person at a time. */
export const MAX_OPEN_PER_PERSON = 5;

/** What the request is about, in the notifications' words (the glossary's). */
const fieldZh = (field: CorrectionRow["field"]) => GLOSSARY.correctionField[field].zh;

/** A resident's request about one of their phone's persons (404 for any other person). */
export async function submitCorrection(
  db: Db,
  actor: Actor | null,
  keys: PersonalDataKeys,
  body: CorrectionReq,
): Promise<CorrectionView> {
  return db.transaction(async (tx) => {
    const { actor: who, phone } = await provenPhone(tx, actor);
    const mine = await myPersonIds(tx, keys, phone);
    if (!mine.includes(body.personId)) throw new NotFoundError("Person", body.personId);
    const [person] = await tx.select().from(persons).where(eq(persons.id, body.personId)).for("update");
    if (!person) throw new NotFoundError("Person", body.personId);
    // A few open requests per person at a time: enough for a family, not a flood for the grid post.
    const [open] = await tx
      .select({ n: count() })
      .from(registerCorrections)
      .where(and(eq(registerCorrections.personId, person.id), eq(registerCorrections.status, "submitted")));
    if ((open?.n ?? 0) >= MAX_OPEN_PER_PERSON) {
      throw new ConflictError(
        "too_many_open_corrections",
        `${MAX_OPEN_PER_PERSON} correction requests about this person are still being handled; wait for them first.`,
      );
    }
    const [row] = await tx
      .insert(registerCorrections)
      .values({
        personId: person.id,
        requesterUserId: who.userId,
        field: body.field,
        proposed: body.proposed,
        note: body.note ?? null,
        regionCode: person.regionCode,
        regionPath: person.regionPath,
        countyCode: person.countyCode,
        gridCode: person.gridCode,
      })
      .returning();
    if (!row) throw new Error("correction insert returned nothing");
    await recordEvent(tx, {
      subjectType: CORRECTION_WORKFLOW.subjectType,
      subjectId: row.id,
      countyCode: row.countyCode,
      action: "submit",
      fromStatus: null,
      toStatus: "submitted",
      actor: { userId: who.userId, orgId: null },
      note: null,
      data: { field: row.field },
    });
    // The grid post of the person's place: a task on its list, announced in its inbox.
    const unit = (await unitsOfPlaces(tx, [row])).get(placeKey(row)) ?? null;
    if (unit) {
      await enqueueNotifications(tx, [
        {
          channel: "in_app",
          recipientOrgId: unit,
          kind: "register_correction_requested",
          title: "群众申请更正人口信息",
          body: `有群众申请更正登记的${fieldZh(row.field)}，请核查后处理。`,
          data: { field: row.field },
          subjectType: CORRECTION_WORKFLOW.subjectType,
          subjectId: row.id,
        },
      ]);
    }
    return present(row, person.name, "", []);
  });
}

function present(
  row: CorrectionRow,
  personName: string,
  regionName: string,
  actions: CorrectionView["actions"],
): CorrectionView {
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    person: { id: row.personId, name: personName },
    field: row.field,
    proposed: row.proposed,
    note: row.note,
    declineReason: row.declineReason,
    createdAt: row.createdAt.toISOString(),
    handledAt: row.handledAt?.toISOString() ?? null,
    region: { code: row.regionCode, name: regionName },
    actions,
  };
}

/**
 * A resident's own words may hold a full phone or ID number (the new number they ask for): staff
 * who may not reveal numbers where the person lives read them masked, as everywhere else.
 */
function maskNumbersIn(text: string | null): string | null {
  return (
    text?.replace(/\d{7,}[\dXx]?/g, (n) => (n.length >= 15 ? maskDocumentNumber(n) : maskPhone(n))) ?? null
  );
}

function mayReveal(actor: Actor, row: CorrectionRow): boolean {
  return actor.bindings.some(
    (b) =>
      b.scopeDepartmentId === null &&
      roleHas(b.role, "people.reveal") &&
      (row.regionPath === b.scopePath || row.regionPath.startsWith(`${b.scopePath}.`)),
  );
}

async function listWhere(db: Db, where: SQL | undefined, q: CorrectionListReq, actor: Actor | null) {
  const [total] = await db.select({ n: count() }).from(registerCorrections).where(where);
  const rows = await db
    .select({ row: registerCorrections, personName: persons.name, regionName: regions.name })
    .from(registerCorrections)
    .innerJoin(persons, eq(persons.id, registerCorrections.personId))
    .innerJoin(regions, eq(regions.code, registerCorrections.regionCode))
    .where(where)
    .orderBy(desc(registerCorrections.createdAt), desc(registerCorrections.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    items: rows.map((r) => {
      const view = present(r.row, r.personName, r.regionName, actor ? offered(actor, r.row) : []);
      // The resident's own list (no actor) shows their words as written.
      if (!actor || mayReveal(actor, r.row)) return view;
      return { ...view, proposed: maskNumbersIn(view.proposed) ?? "", note: maskNumbersIn(view.note) };
    }),
    total: total?.n ?? 0,
  };
}

/** The actions a staff member may take on the request where it lies. */
function offered(actor: Actor, row: CorrectionRow): CorrectionView["actions"] {
  if (row.status !== "submitted") return [];
  const manages = actor.bindings.some(
    (b) =>
      b.scopeDepartmentId === null &&
      roleHas(b.role, "people.manage") &&
      (row.regionPath === b.scopePath || row.regionPath.startsWith(`${b.scopePath}.`)),
  );
  return manages ? ["done", "decline"] : [];
}

/** The resident's own requests (any person, as made by this account), newest first. */
export async function myCorrections(db: Db, actor: Actor | null, q: CorrectionListReq) {
  const { actor: who } = await provenPhone(db, actor);
  return listWhere(
    db,
    and(
      eq(registerCorrections.requesterUserId, who.userId),
      q.status ? eq(registerCorrections.status, q.status) : undefined,
    ),
    q,
    null,
  );
}

/** The requests about persons in the reader's register scope (people.read), newest first. */
export async function scopeCorrections(db: Db, actor: Actor | null, q: CorrectionListReq) {
  const bindings = requireRegister(actor, "people.read");
  return listWhere(
    db,
    and(
      withinScopes(registerCorrections.regionPath, bindings),
      q.status ? eq(registerCorrections.status, q.status) : undefined,
    ),
    q,
    actor,
  );
}

/** Marks a request done, or declines it with the reason; the resident is told. */
export async function handleCorrection(
  db: Db,
  actor: Actor | null,
  id: string,
  action: Extract<CorrectionAction, "done" | "decline">,
  body: { version: number; reason?: string },
): Promise<CorrectionView> {
  requireRegister(actor, "people.manage");
  const done = await runAction(
    db,
    actor,
    {
      workflow: CORRECTION_WORKFLOW,
      action,
      version: body.version,
      load: async (tx, bindings) => {
        const regionBindings = bindings.filter((b) => b.scopeDepartmentId === null);
        const [row] = await tx
          .select()
          .from(registerCorrections)
          .where(
            and(eq(registerCorrections.id, id), withinScopes(registerCorrections.regionPath, regionBindings)),
          )
          .for("update");
        if (!row) throw new NotFoundError("Correction request", id);
        return row;
      },
      label: (row) => CORRECTION_STORE.label(row),
    },
    async ({ tx, actor: who, subject }) => {
      const notify: MoveNotice[] = [
        {
          channel: "in_app",
          recipientUserId: subject.requesterUserId,
          kind: action === "done" ? "register_correction_done" : "register_correction_declined",
          title: action === "done" ? "您的更正申请已处理" : "您的更正申请未予更正",
          body:
            action === "done"
              ? `您申请更正的${fieldZh(subject.field)}已核查更正。`
              : `您申请更正的${fieldZh(subject.field)}未予更正：${body.reason ?? ""}`,
          // The staff member's reason, shown as written beside the words in either language.
          data: {
            field: subject.field,
            ...(action === "decline" && body.reason ? { note: body.reason } : {}),
          },
        },
      ];
      const moved = await transition(tx, CORRECTION_WORKFLOW, CORRECTION_STORE, {
        subjectId: subject.id,
        action,
        actor: { userId: who.userId, orgId: who.organisationId },
        expectedVersion: body.version,
        set: {
          handledByUserId: who.userId,
          handledAt: new Date(),
          declineReason: action === "decline" ? (body.reason ?? null) : null,
        },
        note: action === "decline" ? (body.reason ?? null) : null,
        notify,
      });
      const [names] = await tx
        .select({ personName: persons.name, regionName: regions.name })
        .from(persons)
        .innerJoin(regions, eq(regions.code, moved.subject.regionCode))
        .where(eq(persons.id, moved.subject.personId));
      return present(moved.subject, names?.personName ?? "", names?.regionName ?? "", []);
    },
  );
  return done;
}
