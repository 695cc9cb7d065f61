/**
 * Planning (走访计划): every current tag of an active key/care population type has one planned
 * visit, due `visit_interval_days` after the last recorded visit of that tag, or, before the first
 * one, after the later of the tag's start and the day it was entered (a tag entered late is not
 * overdue the moment it is entered). The deadline scan plans what is missing; recording a visit
 * plans the next one in its own transaction. The partial unique index on `tag_id` where planned
 * makes planning safe to repeat and to run in two processes at once.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { recordEvents } from "../../core/workflow/events.js";
import { visits } from "./schema.js";
import { VISIT_WORKFLOW } from "./state-table.js";

const SYSTEM = { userId: null, orgId: null, label: "system" } as const;

/**
 * Plans the missing visits of up to `limit` tags (all tags when `tagIds` is absent, else only
 * those); answers how many were planned. Events carry `now`.
 */
export async function planVisits(
  tx: Tx,
  now: Date,
  opts: { limit?: number; tagIds?: readonly string[] } = {},
): Promise<number> {
  const onlyTags =
    opts.tagIds === undefined
      ? sql`true`
      : opts.tagIds.length === 0
        ? sql`false`
        : sql`t.id in (${sql.join(
            opts.tagIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`;
  const result: unknown = await tx.execute(sql`
    insert into visits (person_id, tag_id, type_code, region_code, region_path, county_code, grid_code, due_at, created_at, updated_at)
    select t.person_id, t.id, t.type_code, p.region_code, p.region_path, p.county_code, p.grid_code,
      coalesce(
        (select max(v.visited_at) from visits v where v.tag_id = t.id and v.status = 'done'),
        greatest((t.since::timestamp at time zone 'Asia/Shanghai'), t.created_at)
      ) + make_interval(days => pt.visit_interval_days),
      ${now}, ${now}
    from person_population_tags t
    join population_types pt on pt.code = t.type_code
    join persons p on p.id = t.person_id
    where t.until is null and pt.active and ${onlyTags}
      and not exists (select 1 from visits v where v.tag_id = t.id and v.status = 'planned')
    order by t.id
    limit ${opts.limit ?? 1_000_000}
    on conflict do nothing
    returning id, county_code`);
  const rows = (result as { rows: { id: string; county_code: string }[] }).rows;
  await recordEvents(
    tx,
    rows.map((r) => ({
      subjectType: VISIT_WORKFLOW.subjectType,
      subjectId: r.id,
      countyCode: r.county_code,
      action: "plan",
      fromStatus: null,
      toStatus: "planned",
      actor: SYSTEM,
      at: now,
    })),
  );
  return rows.length;
}

/** Visits of tags that ended are no longer due: their planned visit is dropped. */
export async function dropEndedPlans(tx: Tx): Promise<number> {
  const dropped = await tx
    .delete(visits)
    .where(
      sql`${visits.status} = 'planned' and exists (select 1 from person_population_tags t where t.id = ${visits.tagId} and t.until is not null)`,
    )
    .returning({ id: visits.id });
  return dropped.length;
}
