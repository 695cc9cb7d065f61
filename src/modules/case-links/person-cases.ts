/**
 * A person's appeals, for their file (一人一档): the cases linked to them or to their current
 * household, and the cases raised with their phone. Both only as far as the reader may read cases
 * (`cases.read` scope); the person themselves must be in the reader's register scope (404).
 *
 * "Raised with their phone": cases keep the reporter's phone as typed, with no blind index, so the
 * person's one number is opened on the server and compared with the cases' numbers normalised
 * (`reporterPhoneIs`); it never leaves the server. Finding cases by phone is a read of personal
 * data: only roles that may search cases by phone see this list, and every case found is logged
 * in personal_data_reads, as the centre's phone search does.
 */
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases } from "../../db/schema.js";
import type { Actor } from "../../core/access/actor.js";
import { bindingsFor } from "../../core/access/policy.js";
import type { PersonalDataKeys } from "../../core/personal-data/keys.js";
import { openField } from "../../core/personal-data/field-crypto.js";
import { NotFoundError } from "../../shared/errors.js";
import { logPhoneSearch, maySearchByPhone, reporterPhoneIs, visibleCases } from "../cases/index.js";
import { householdMembers, inRegisterScope, persons, requireRegister } from "../people/index.js";
import { caseLinks } from "./schema.js";
import type { PersonCasesView } from "./schemas.js";

const LIMIT = 100;

const refColumns = {
  id: cases.id,
  number: cases.number,
  status: cases.status,
  description: cases.description,
  createdAt: cases.createdAt,
};

function present(
  rows: { id: string; number: string; status: string; description: string; createdAt: Date }[],
) {
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function findPersonCases(
  db: Db,
  actor: Actor | null,
  keys: PersonalDataKeys,
  personId: string,
): Promise<PersonCasesView> {
  requireRegister(actor, "people.read");
  if (!actor) throw new Error("requireRegister let a missing actor through");
  const [person] = await db
    .select({ id: persons.id, phoneCipher: persons.phoneCipher })
    .from(persons)
    .where(and(eq(persons.id, personId), inRegisterScope(persons.regionPath, actor, "people.read")));
  if (!person) throw new NotFoundError("Person", personId);
  const readsCases = bindingsFor(actor, "cases.read").length > 0;
  if (!readsCases) return { linked: [], raised: null };

  const [home] = await db
    .select({ householdId: householdMembers.householdId })
    .from(householdMembers)
    .where(and(eq(householdMembers.personId, personId), isNull(householdMembers.leftOn)));
  const linked = await db
    .select(refColumns)
    .from(cases)
    .where(
      and(
        visibleCases(actor, "cases.read"),
        inArray(
          cases.id,
          db
            .select({ id: caseLinks.caseId })
            .from(caseLinks)
            .where(
              or(
                eq(caseLinks.personId, personId),
                home ? eq(caseLinks.householdId, home.householdId) : sql`false`,
              ),
            ),
        ),
      ),
    )
    .orderBy(desc(cases.createdAt))
    .limit(LIMIT);

  if (!maySearchByPhone(actor)) return { linked: present(linked), raised: null };
  const raised = person.phoneCipher
    ? await db
        .select(refColumns)
        .from(cases)
        .where(
          and(
            visibleCases(actor, "cases.read"),
            reporterPhoneIs(openField(keys, "phone", person.phoneCipher)),
          ),
        )
        .orderBy(desc(cases.createdAt))
        .limit(LIMIT)
    : [];
  await logPhoneSearch(
    db,
    actor,
    raised.map((r) => r.id),
  );
  return { linked: present(linked), raised: present(raised) };
}
