import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { organisations, regions } from "../../db/schema.js";
import { BadRequestError, ConflictError, NotFoundError } from "../../shared/errors.js";
import type { Actor, Binding } from "../../core/access/actor.js";
import { recordAudit } from "../../core/audit/record-audit.js";
import { isUniqueViolation } from "../../db/database-errors.js";
import { findClashes, getOrganisation, type OrganisationRecord } from "./find-organisations.js";
import { KIND_LEVELS, kindFitsLevel } from "./kind-levels.js";
import { manageableOrganisations, regionsForNewOrganisations } from "./policy.js";
import type { CreateOrganisationReq, Organisation } from "./schemas.js";

export interface CreateOrganisationOptions {
  actor: Actor;
  /** The actor's `organisations.manage` bindings. */
  bindings: readonly Binding[];
  input: CreateOrganisationReq;
  requestId?: string;
}

/** 409 naming the unit at the same region that `unit` may not coexist with, and why. */
export function organisationExists(
  clash: Pick<OrganisationRecord, "id" | "name" | "kind">,
  unit: { name: string; kind: string },
): ConflictError {
  const why =
    clash.name === unit.name
      ? `a unit named "${clash.name}"`
      : unit.kind === "department"
        ? `a department of this type ("${clash.name}")`
        : `its ${clash.kind} ("${clash.name}")`;
  return new ConflictError("organisation_exists", `This region already has ${why}.`, {
    id: clash.id,
    kind: clash.kind,
    name: clash.name,
  });
}

/**
 * Creates a unit at a region inside the admin's scope (a region outside it is "not found"),
 * checking that the kind fits the region's level and that the region has no such unit yet.
 */
export async function createOrganisation(db: Db, opts: CreateOrganisationOptions): Promise<Organisation> {
  const { input } = opts;
  try {
    return await db.transaction(async (tx) => {
      const [region] = await tx
        .select({
          code: regions.code,
          level: regions.level,
          path: sql<string>`${regions.path}::text`,
          countyCode: regions.countyCode,
        })
        .from(regions)
        .where(and(eq(regions.code, input.regionCode), regionsForNewOrganisations(opts.bindings)));
      if (!region) throw new NotFoundError("Region", input.regionCode);
      if (!kindFitsLevel(input.kind, region.level)) {
        const message = `a ${input.kind} sits at a region of level ${KIND_LEVELS[input.kind].join(" or ")}; ${region.code} is a ${region.level}`;
        throw new BadRequestError("wrong_region_level", `body.regionCode: ${message}`, [
          { field: "body.regionCode", message },
        ]);
      }
      const departmentType = input.departmentType ?? null;
      const [clash] = await findClashes(tx, {
        regionCode: region.code,
        kind: input.kind,
        name: input.name,
        departmentType,
      });
      if (clash) throw organisationExists(clash, input);

      const record = {
        kind: input.kind,
        name: input.name,
        regionCode: region.code,
        regionPath: region.path,
        countyCode: region.countyCode,
        departmentType,
      };
      const [created] = await tx.insert(organisations).values(record).returning({ id: organisations.id });
      if (!created) throw new Error("organisation insert returned nothing");
      const after = await getOrganisation(tx, created.id, manageableOrganisations(opts.bindings));
      if (!after) throw new Error("created organisation not readable");
      await recordAudit(tx, {
        actor: opts.actor,
        action: "organisation.create",
        entityType: "organisation",
        entityId: created.id,
        after: { id: created.id, ...record } satisfies OrganisationRecord,
        scopePath: region.path,
        requestId: opts.requestId,
      });
      return after;
    });
  } catch (err) {
    // A concurrent create won the race past our check: the unique indexes say so.
    if (isUniqueViolation(err)) {
      throw new ConflictError("organisation_exists", "This region already has such a unit.");
    }
    throw err;
  }
}
