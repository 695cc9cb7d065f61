import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { organisations, regions, roleBindings, users } from "../../db/schema.js";
import { NotFoundError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { canManageBindings, maskPhone, visibleUsers, type BindingScope } from "./policy.js";
import type { ListUsersReq, RoleBindingView, UserView } from "./schemas.js";
import { latestLockSql } from "./sign-in-failures.js";

/** A stored binding with its scope named, as the policy and the client both need it. */
export interface LoadedBinding extends RoleBindingView, BindingScope {
  userId: string;
  scopeRegionCode: string | null;
}

/** The role bindings of these users, oldest first, with the names of their scopes. */
export async function loadBindings(db: Tx, userIds: readonly string[]): Promise<LoadedBinding[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({
      id: roleBindings.id,
      userId: roleBindings.userId,
      role: roleBindings.role,
      scopeRegionCode: roleBindings.scopeRegionCode,
      scopeDepartmentId: roleBindings.scopeDepartmentId,
      scopePath: sql<string>`${roleBindings.scopePath}::text`,
      regionName: regions.name,
      regionLevel: regions.level,
      departmentName: organisations.name,
    })
    .from(roleBindings)
    .leftJoin(regions, eq(regions.code, roleBindings.scopeRegionCode))
    .leftJoin(organisations, eq(organisations.id, roleBindings.scopeDepartmentId))
    .where(inArray(roleBindings.userId, [...userIds]))
    .orderBy(asc(roleBindings.createdAt), asc(roleBindings.id));
  return rows.map((r) => ({
    id: r.id,
    userId: r.userId,
    role: r.role,
    scopeRegionCode: r.scopeRegionCode,
    scopeDepartmentId: r.scopeDepartmentId,
    scopePath: r.scopePath,
    scope:
      r.scopeDepartmentId !== null
        ? {
            kind: "department",
            code: r.scopeDepartmentId,
            name: r.departmentName ?? "",
            path: r.scopePath,
            level: null,
          }
        : {
            kind: "region",
            code: r.scopeRegionCode ?? "",
            name: r.regionName ?? "",
            path: r.scopePath,
            level: r.regionLevel,
          },
  }));
}

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  phone: users.phone,
  organisationId: users.organisationId,
  disabled: users.disabled,
  lockedUntil: latestLockSql(sql`${users}.${sql.identifier("username")}`),
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};
interface UserRow {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  organisationId: string | null;
  disabled: boolean;
  lockedUntil: Date | string | null;
  createdAt: Date;
  updatedAt: Date;
}

const iso = (v: Date | string | null): string | null =>
  v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString();

/** A user as `actor` may see it: the phone in full only for those who manage the account. */
function present(actor: Actor, user: UserRow, bindings: readonly LoadedBinding[]): UserView {
  const canManage = canManageBindings(actor, bindings);
  const self = user.id === actor.userId;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    phone: user.phone === null ? null : canManage || self ? user.phone : maskPhone(user.phone),
    organisationId: user.organisationId,
    disabled: user.disabled,
    lockedUntil: iso(user.lockedUntil),
    createdAt: iso(user.createdAt) ?? "",
    updatedAt: iso(user.updatedAt) ?? "",
    roles: bindings.map((b) => ({ id: b.id, role: b.role, scope: b.scope })),
    canManage,
  };
}

async function presentRows(db: Tx, actor: Actor, rows: UserRow[]): Promise<UserView[]> {
  const bindings = await loadBindings(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) =>
    present(
      actor,
      row,
      bindings.filter((b) => b.userId === row.id),
    ),
  );
}

/** One account the actor may see, or null when it is absent or outside their scope. */
export async function findVisibleUser(db: Tx, actor: Actor, id: string): Promise<UserView | null> {
  const rows = await db
    .select(userColumns)
    .from(users)
    .where(and(eq(users.id, id), visibleUsers(actor)));
  const [view] = await presentRows(db, actor, rows);
  return view ?? null;
}

/** Like `findVisibleUser`, for a route that must answer 404 when the account is not there. */
export async function getVisibleUser(db: Tx, actor: Actor, id: string): Promise<UserView> {
  const view = await findVisibleUser(db, actor, id);
  if (!view) throw new NotFoundError("User", id);
  return view;
}

export interface UserPage {
  items: UserView[];
  total: number;
  page: number;
  pageSize: number;
}

/** The accounts the actor may see, filtered and paginated in username order. */
export async function findUsers(db: Tx, actor: Actor, filter: ListUsersReq): Promise<UserPage> {
  const conditions: SQL[] = [visibleUsers(actor)];
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const text = or(ilike(users.username, pattern), ilike(users.displayName, pattern));
    if (text) conditions.push(text);
  }
  if (filter.role) {
    conditions.push(
      sql`exists (select 1 from ${roleBindings} where ${roleBindings.userId} = ${users.id} and ${roleBindings.role} = ${filter.role})`,
    );
  }
  if (filter.region) {
    const [region] = await db
      .select({ path: sql<string>`${regions.path}::text` })
      .from(regions)
      .where(eq(regions.code, filter.region));
    if (!region) throw new NotFoundError("Region", filter.region);
    conditions.push(
      sql`exists (select 1 from ${roleBindings} where ${roleBindings.userId} = ${users.id} and ${roleBindings.scopePath} <@ ${region.path}::ltree)`,
    );
  }
  const where = and(...conditions);
  const [totalRow] = await db.select({ n: count() }).from(users).where(where);
  const rows = await db
    .select(userColumns)
    .from(users)
    .where(where)
    .orderBy(asc(users.username))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  return {
    items: await presentRows(db, actor, rows),
    total: totalRow?.n ?? 0,
    page: filter.page,
    pageSize: filter.pageSize,
  };
}
