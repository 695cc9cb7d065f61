/**
 * A user's in-app notifications: those addressed to them and those addressed to any unit they
 * act for. A unit's notification is shared by its members: one member reading it marks it read
 * for the unit (the work is the unit's, not one person's).
 */
import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { notifications, type NotificationData } from "../../db/schema.js";
import { NotFoundError, UnauthorizedError } from "../../shared/errors.js";
import type { Actor } from "../access/actor.js";
import { actorUnits } from "../units/actor-units.js";
import { subjectKey, subjectLabels } from "./subject-labels.js";

export interface NotificationItem {
  id: number;
  kind: string;
  /** What it is about (a workflow's subject), and how people see that named (a case's number). */
  subjectType: string | null;
  subjectId: string | null;
  subjectLabel: string | null;
  /** The subject when it is a case (kept for the clients that read these two). */
  caseId: string | null;
  caseNumber: string | null;
  title: string;
  body: string;
  /** The facts the text was written from, by name; null for rows written before they were kept. */
  data: NotificationData | null;
  /** Addressed to the user, or to one of their units. */
  to: "user" | "unit";
  createdAt: string;
  readAt: string | null;
}

async function addressedTo(db: Db, actor: Actor): Promise<SQL> {
  const units = await actorUnits(db, actor);
  const mine = eq(notifications.recipientUserId, actor.userId);
  if (units.length === 0) return mine;
  return (
    or(
      mine,
      inArray(
        notifications.recipientOrgId,
        units.map((u) => u.id),
      ),
    ) ?? mine
  );
}

export interface NotificationQuery {
  unreadOnly: boolean;
  limit: number;
  /** Only notifications older than this id: the next page. */
  before?: number | undefined;
}

/** The actor's notifications, newest first, and how many are unread. */
export async function findNotifications(
  db: Db,
  actor: Actor | null,
  query: NotificationQuery,
): Promise<{ items: NotificationItem[]; unread: number }> {
  if (!actor) throw new UnauthorizedError();
  const mine = await addressedTo(db, actor);
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      subjectType: notifications.subjectType,
      subjectId: notifications.subjectId,
      title: notifications.title,
      body: notifications.body,
      data: notifications.data,
      recipientUserId: notifications.recipientUserId,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.channel, "in_app"),
        mine,
        query.unreadOnly ? isNull(notifications.readAt) : undefined,
        query.before === undefined ? undefined : lt(notifications.id, query.before),
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(query.limit);
  const [counted] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.channel, "in_app"), mine, isNull(notifications.readAt)));
  // Each subject named through its workflow's registered labeller: the inbox joins no subject table.
  const labels = await subjectLabels(db, rows);
  return {
    unread: counted?.n ?? 0,
    items: rows.map(({ recipientUserId, createdAt, readAt, subjectType, subjectId, ...r }) => {
      const subjectLabel =
        subjectType === null || subjectId === null
          ? null
          : (labels.get(subjectKey(subjectType, subjectId))?.name ?? null);
      return {
        ...r,
        subjectType,
        subjectId,
        subjectLabel,
        caseId: subjectType === "case" ? subjectId : null,
        caseNumber: subjectType === "case" ? subjectLabel : null,
        to: recipientUserId === null ? "unit" : "user",
        createdAt: createdAt.toISOString(),
        readAt: readAt === null ? null : readAt.toISOString(),
      };
    }),
  };
}

/** Marks one of the actor's notifications read (again: keeps the first time); 404 if not theirs. */
export async function markNotificationRead(
  db: Db,
  actor: Actor | null,
  id: number,
): Promise<{ id: number; readAt: string }> {
  if (!actor) throw new UnauthorizedError();
  const mine = await addressedTo(db, actor);
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.channel, "in_app"), mine))
    .returning({ id: notifications.id, readAt: notifications.readAt });
  if (!row?.readAt) throw new NotFoundError("Notification", String(id));
  return { id: row.id, readAt: row.readAt.toISOString() };
}

/** Marks every unread notification of the actor (and of their units) read; answers how many. */
export async function markAllNotificationsRead(db: Db, actor: Actor | null): Promise<{ marked: number }> {
  if (!actor) throw new UnauthorizedError();
  const mine = await addressedTo(db, actor);
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.channel, "in_app"), mine, isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: rows.length };
}
