import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { organisations } from "../../db/schema.js";
import { BadRequestError, ConflictError, NotFoundError } from "../../shared/errors.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { organisationExists } from "./create-organisation.js";
import { isUniqueViolation } from "../../db/database-errors.js";
import {
  findClashes,
  getOrganisation,
  lockOrganisation,
  type OrganisationRecord,
} from "./find-organisations.js";
import { manageableOrganisations } from "./policy.js";
import type { Organisation, UpdateOrganisationReq } from "./schemas.js";

export interface UpdateOrganisationOptions {
  actor: Actor;
  /** The actor's `organisations.manage` bindings. */
  bindings: readonly Binding[];
  id: string;
  input: UpdateOrganisationReq;
  requestId?: string;
}

/**
 * Renames a unit or changes a department's type. Kind and region stay: they decide where cases
 * are routed, so a moved unit is a new unit. Unchanged input writes no audit row.
 */
export async function updateOrganisation(db: Db, opts: UpdateOrganisationOptions): Promise<Organisation> {
  const manageable = manageableOrganisations(opts.bindings);
  try {
    return await db.transaction(async (tx) => {
      const before = await lockOrganisation(tx, opts.id, manageable);
      if (!before) throw new NotFoundError("Organisation", opts.id);
      if (opts.input.departmentType !== undefined && before.kind !== "department") {
        const message = `only a department has a department type; this is a ${before.kind}`;
        throw new BadRequestError("validation_failed", `body.departmentType: ${message}`, [
          { field: "body.departmentType", message },
        ]);
      }
      const after: OrganisationRecord = {
        ...before,
        name: opts.input.name ?? before.name,
        departmentType: opts.input.departmentType ?? before.departmentType,
      };
      if (after.name !== before.name || after.departmentType !== before.departmentType) {
        const [clash] = await findClashes(tx, { ...after, exceptId: before.id });
        if (clash) throw organisationExists(clash, after);
        await tx
          .update(organisations)
          .set({ name: after.name, departmentType: after.departmentType, updatedAt: sql`now()` })
          .where(eq(organisations.id, before.id));
        await recordAudit(tx, {
          actor: opts.actor,
          action: "organisation.update",
          entityType: "organisation",
          entityId: before.id,
          before,
          after,
          scopePath: before.regionPath,
          requestId: opts.requestId,
        });
      }
      const presented = await getOrganisation(tx, before.id, manageable);
      if (!presented) throw new Error("updated organisation not readable");
      return presented;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ConflictError("organisation_exists", "This region already has such a unit.");
    }
    throw err;
  }
}
