/**
 * The committees a person sees: those over and inside their scope (a village sees its own and the
 * township's and county's above it), each with its place's name and its active mediators.
 */
import { and, asc, eq, inArray, or, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { regions } from "../../db/schema.js";
import type { Binding } from "../../core/access/actor.js";
import { containingScopes, withinScopes } from "../../core/access/scope.js";
import { mediationCommittees, mediators } from "./schema.js";
import type { Committee } from "./schemas.js";

export async function findCommittees(
  db: Db | Tx,
  bindings: readonly Binding[],
  only?: { id: string },
): Promise<Committee[]> {
  const filters: (SQL | undefined)[] = [
    or(
      withinScopes(mediationCommittees.regionPath, bindings),
      containingScopes(mediationCommittees.regionPath, bindings),
    ),
  ];
  if (only) filters.push(eq(mediationCommittees.id, only.id));
  const committees = await db
    .select({ c: mediationCommittees, regionName: regions.name })
    .from(mediationCommittees)
    .innerJoin(regions, eq(regions.code, mediationCommittees.regionCode))
    .where(and(...filters))
    .orderBy(asc(mediationCommittees.regionCode), asc(mediationCommittees.kind));
  const members =
    committees.length === 0
      ? []
      : await db
          .select()
          .from(mediators)
          .where(
            and(
              inArray(
                mediators.committeeId,
                committees.map(({ c }) => c.id),
              ),
              eq(mediators.active, true),
            ),
          )
          .orderBy(asc(mediators.name));
  return committees.map(({ c, regionName }) => ({
    id: c.id,
    name: c.name,
    level: c.level,
    kind: c.kind,
    regionCode: c.regionCode,
    regionName,
    mediators: members
      .filter((m) => m.committeeId === c.id)
      .map((m) => ({
        id: m.id,
        name: m.name,
        ruleOfLawLeader: m.ruleOfLawLeader,
        hasAccount: m.userId !== null,
      })),
  }));
}
