import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { roleBindings, users } from "../../db/schema.js";
import { BadRequestError, ConflictError } from "../../shared/errors.js";
import type { Actor } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { isUniqueViolation } from "../../db/database-errors.js";
import { bindingSnapshot, userSnapshot } from "./managed-user.js";
import { assertPasswordRules, hashPassword } from "./passwords.js";
import {
  assertOrganisationInScope,
  resolveScope,
  type ResolvedScope,
  type RoleSpec,
} from "./resolve-scope.js";

export interface CreateUserOptions {
  /** Any case; stored lower-case. 3–32 characters of a-z, 0-9, `_`, `.`, `-`. */
  username: string;
  displayName: string;
  phone?: string | null;
  organisationId?: string | null;
  /** The password, checked against the rules and hashed… */
  password?: string;
  /** …or a hash made earlier (the demo seed hashes its one password once). */
  passwordHash?: string;
  /** At least one role. */
  roles: readonly RoleSpec[];
  /**
   * Who creates the account: every role scope must lie inside their `users.manage` scopes (else
   * 404). Null for the platform itself (CLI `create-admin`, demo seed): no limit; audited as such.
   */
  actor: Actor | null;
  requestId?: string;
}

const USERNAME = /^[a-z0-9_.-]{3,32}$/;

/**
 * Creates an account with its roles and writes `user.create` to the audit log, all in `tx`.
 * Call it inside a transaction so a refused role leaves no account behind.
 */
export async function createUser(tx: Tx, opts: CreateUserOptions): Promise<{ id: string; username: string }> {
  const username = opts.username.trim().toLowerCase();
  if (!USERNAME.test(username))
    throw new BadRequestError("invalid_username", "A username is 3 to 32 characters of a-z, 0-9, _ . -", [
      { field: "body.username", message: "3 to 32 characters of a-z, 0-9, _ . -" },
    ]);
  if (opts.roles.length === 0)
    throw new BadRequestError("validation_failed", "An account needs at least one role.", [
      { field: "body.roles", message: "at least one role" },
    ]);
  let passwordHash = opts.passwordHash;
  if (passwordHash === undefined) {
    const password = opts.password ?? "";
    assertPasswordRules(password, username);
    passwordHash = await hashPassword(password);
  }
  const scopes = new Map<string, ResolvedScope>();
  for (const spec of opts.roles) {
    const scope = await resolveScope(tx, opts.actor, spec);
    // The same role twice in one scope is one binding.
    scopes.set(`${scope.role}|${scope.scopeRegionCode ?? ""}|${scope.scopeDepartmentId ?? ""}`, scope);
  }
  if (opts.organisationId) await assertOrganisationInScope(tx, opts.actor, opts.organisationId);

  const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
  if (taken) throw usernameTaken(username);
  let user: typeof users.$inferSelect | undefined;
  try {
    // A savepoint, so a concurrent insert of the same name fails this statement, not the caller's transaction.
    user = await tx.transaction(async (sp) => {
      const [row] = await sp
        .insert(users)
        .values({
          username,
          displayName: opts.displayName.trim(),
          phone: opts.phone ?? null,
          organisationId: opts.organisationId ?? null,
          passwordHash,
        })
        .returning();
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw usernameTaken(username);
    throw err;
  }
  if (!user) throw new Error("user insert returned nothing");
  const bindings = await tx
    .insert(roleBindings)
    .values([...scopes.values()].map((s) => ({ userId: user.id, ...s })))
    .returning();
  await recordAudit(tx, {
    actor: opts.actor,
    action: "user.create",
    entityType: "user",
    entityId: user.id,
    before: null,
    after: { ...userSnapshot(user), roles: bindings.map(bindingSnapshot) },
    scopePath: bindings[0]?.scopePath ?? null,
    requestId: opts.requestId,
  });
  return { id: user.id, username: user.username };
}

function usernameTaken(username: string): ConflictError {
  return new ConflictError("username_taken", `The username ${username} is taken.`, [
    { field: "body.username", message: "taken" },
  ]);
}
