CREATE TABLE "rate_rollups" (
	"grain" text NOT NULL,
	"period" date NOT NULL,
	"dim" text NOT NULL,
	"dim_key" text NOT NULL,
	"region_path" "ltree" NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"response_due" integer DEFAULT 0 NOT NULL,
	"response_pending" integer DEFAULT 0 NOT NULL,
	"responded_in_time" integer DEFAULT 0 NOT NULL,
	"evaluated" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"basically_satisfied" integer DEFAULT 0 NOT NULL,
	"replied" integer DEFAULT 0 NOT NULL,
	"replied_with_deadline" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"grid_village" integer DEFAULT 0 NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL,
	"overdue_pending" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_rollups_grain_dim_dim_key_period_region_path_pk" PRIMARY KEY("grain","dim","dim_key","period","region_path")
);
--> statement-breakpoint
CREATE INDEX "case_whistles_open_org_idx" ON "case_whistles" USING btree ("org_id") WHERE "case_whistles"."reported_at" is null;--> statement-breakpoint
CREATE INDEX "cases_lead_created_idx" ON "cases" USING btree ("lead_org_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_assigned_created_idx" ON "cases" USING btree ("assigned_org_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_created_idx" ON "cases" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "cases_reporter_idx" ON "cases" USING btree ("reporter_user_id") WHERE "cases"."reporter_user_id" is not null;--> statement-breakpoint
CREATE INDEX "cases_response_pending_idx" ON "cases" USING btree ("response_due_at") WHERE "cases"."responded_at" is null and "cases"."response_due_at" is not null;--> statement-breakpoint
CREATE INDEX "cases_handle_pending_idx" ON "cases" USING btree ("handle_due_at") WHERE "cases"."status" in ('triage', 'dispatched', 'handling', 'supervisor_review') and "cases"."handle_due_at" is not null;--> statement-breakpoint
-- The roll-up rows a batch of cases contributes, summed per key, each count multiplied by s (+1 to
-- add, -1 to take away). Every condition mirrors src/modules/rates/figures.ts; a NULL condition
-- counts 0, as count(*) filter (where …) does. Intake day and month are China time (UTC+8, no
-- DST). Merged duplicates contribute nothing; department rows exist for organisations of kind
-- `department` only; category rows have the month grain only.
CREATE FUNCTION rate_rollup_deltas(cs cases[], s integer) RETURNS SETOF rate_rollups
LANGUAGE sql STABLE AS $$
  WITH c AS (
    SELECT ((x.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS day,
      subpath(x.region_path, 0, least(nlevel(x.region_path), 3)) AS path,
      x.assigned_org_id, x.lead_org_id, coalesce(x.category_code, '') AS category,
      CASE WHEN x.status = 'closed' THEN 1 ELSE 0 END AS closed,
      CASE WHEN x.status <> 'rejected' AND x.response_due_at IS NOT NULL AND x.responded_at IS NOT NULL
        THEN 1 ELSE 0 END AS response_due,
      CASE WHEN x.status <> 'rejected' AND x.response_due_at IS NOT NULL AND x.responded_at IS NULL
        THEN 1 ELSE 0 END AS response_pending,
      CASE WHEN x.status <> 'rejected' AND x.response_due_at IS NOT NULL AND x.responded_at IS NOT NULL
        AND x.responded_at <= x.response_due_at THEN 1 ELSE 0 END AS responded_in_time,
      CASE WHEN x.evaluated_at IS NOT NULL THEN 1 ELSE 0 END AS evaluated,
      CASE WHEN x.evaluated_at IS NOT NULL AND x.resolved = true THEN 1 ELSE 0 END AS resolved,
      CASE WHEN x.evaluated_at IS NOT NULL AND x.satisfaction = 'satisfied' THEN 1 ELSE 0 END AS satisfied,
      CASE WHEN x.evaluated_at IS NOT NULL AND x.satisfaction = 'basically_satisfied'
        THEN 1 ELSE 0 END AS basically_satisfied,
      CASE WHEN x.replied_at IS NOT NULL THEN 1 ELSE 0 END AS replied,
      CASE WHEN x.replied_at IS NOT NULL AND x.handle_due_at IS NOT NULL THEN 1 ELSE 0 END
        AS replied_with_deadline,
      CASE WHEN x.replied_at IS NOT NULL AND x.handle_due_at IS NOT NULL AND x.replied_at <= x.handle_due_at
        THEN 1 ELSE 0 END AS on_time,
      CASE WHEN x.replied_at IS NOT NULL AND x.solved_level IN ('grid', 'village') THEN 1 ELSE 0 END
        AS grid_village,
      CASE WHEN x.handle_due_at IS NOT NULL AND x.replied_at IS NOT NULL AND x.replied_at > x.handle_due_at
        THEN 1 ELSE 0 END AS overdue,
      CASE WHEN x.handle_due_at IS NOT NULL
        AND x.status IN ('triage', 'dispatched', 'handling', 'supervisor_review')
        AND NOT coalesce(x.replied_at > x.handle_due_at, false) THEN 1 ELSE 0 END AS overdue_pending
    FROM unnest(cs) x
    WHERE x.status <> 'merged'
  ), keyed AS (
    SELECT 'all'::text AS dim, ''::text AS dim_key, true AS daily, c.* FROM c
    UNION ALL
    SELECT 'department', o.id::text, true, c.*
      FROM c
      CROSS JOIN LATERAL (SELECT DISTINCT u.id FROM unnest(ARRAY[c.assigned_org_id, c.lead_org_id]) u(id)) u
      JOIN organisations o ON o.id = u.id AND o.kind = 'department'
    UNION ALL
    SELECT 'category', c.category, false, c.* FROM c
  )
  SELECT g.grain, g.period, k.dim, k.dim_key, k.path,
    (s * count(*))::int, (s * sum(k.closed))::int, (s * sum(k.response_due))::int,
    (s * sum(k.response_pending))::int, (s * sum(k.responded_in_time))::int, (s * sum(k.evaluated))::int,
    (s * sum(k.resolved))::int, (s * sum(k.satisfied))::int, (s * sum(k.basically_satisfied))::int,
    (s * sum(k.replied))::int, (s * sum(k.replied_with_deadline))::int, (s * sum(k.on_time))::int,
    (s * sum(k.grid_village))::int, (s * sum(k.overdue))::int, (s * sum(k.overdue_pending))::int
  FROM keyed k
  CROSS JOIN LATERAL (VALUES ('day'::text, k.day), ('month', date_trunc('month', k.day::timestamp)::date))
    g(grain, period)
  WHERE k.daily OR g.grain = 'month'
  GROUP BY g.grain, k.dim, k.dim_key, g.period, k.path
$$;
--> statement-breakpoint
-- Adds a batch of contributions to the roll-ups, in key order (so concurrent writers lock rows in
-- the same order).
CREATE FUNCTION rate_rollups_add(deltas rate_rollups[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO rate_rollups AS r
  SELECT grain, period, dim, dim_key, region_path,
    sum(received), sum(closed), sum(response_due), sum(response_pending), sum(responded_in_time),
    sum(evaluated), sum(resolved), sum(satisfied), sum(basically_satisfied), sum(replied),
    sum(replied_with_deadline), sum(on_time), sum(grid_village), sum(overdue), sum(overdue_pending)
  FROM unnest(deltas)
  GROUP BY grain, dim, dim_key, period, region_path
  HAVING sum(abs(received)) + sum(abs(closed)) + sum(abs(response_due)) + sum(abs(response_pending))
    + sum(abs(responded_in_time)) + sum(abs(evaluated)) + sum(abs(resolved)) + sum(abs(satisfied))
    + sum(abs(basically_satisfied)) + sum(abs(replied)) + sum(abs(replied_with_deadline))
    + sum(abs(on_time)) + sum(abs(grid_village)) + sum(abs(overdue)) + sum(abs(overdue_pending)) > 0
  ORDER BY grain, dim, dim_key, period, region_path
  ON CONFLICT (grain, dim, dim_key, period, region_path) DO UPDATE SET
    received = r.received + excluded.received,
    closed = r.closed + excluded.closed,
    response_due = r.response_due + excluded.response_due,
    response_pending = r.response_pending + excluded.response_pending,
    responded_in_time = r.responded_in_time + excluded.responded_in_time,
    evaluated = r.evaluated + excluded.evaluated,
    resolved = r.resolved + excluded.resolved,
    satisfied = r.satisfied + excluded.satisfied,
    basically_satisfied = r.basically_satisfied + excluded.basically_satisfied,
    replied = r.replied + excluded.replied,
    replied_with_deadline = r.replied_with_deadline + excluded.replied_with_deadline,
    on_time = r.on_time + excluded.on_time,
    grid_village = r.grid_village + excluded.grid_village,
    overdue = r.overdue + excluded.overdue,
    overdue_pending = r.overdue_pending + excluded.overdue_pending
$$;
--> statement-breakpoint
-- Recomputes every roll-up from `cases`, a month of intake at a time (the backfill below, and a
-- repair after bulk loads made with the triggers disabled).
CREATE FUNCTION rate_rollups_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  m timestamptz;
BEGIN
  DELETE FROM rate_rollups;
  FOR m IN SELECT generate_series(date_trunc('month', min(created_at)), max(created_at), interval '1 month')
    FROM cases
  LOOP
    PERFORM rate_rollups_add(array(SELECT d FROM rate_rollup_deltas(array(
      SELECT c FROM cases c WHERE c.created_at >= m AND c.created_at < m + interval '1 month'), 1) d));
  END LOOP;
END $$;
--> statement-breakpoint
CREATE FUNCTION rate_rollups_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rate_rollups_add(array(SELECT d FROM rate_rollup_deltas(array(SELECT c::cases FROM new_rows c), 1) d));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION rate_rollups_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rate_rollups_add(array(
    SELECT d FROM rate_rollup_deltas(array(SELECT c::cases FROM old_rows c), -1) d
    UNION ALL
    SELECT d FROM rate_rollup_deltas(array(SELECT c::cases FROM new_rows c), 1) d));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION rate_rollups_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rate_rollups_add(array(SELECT d FROM rate_rollup_deltas(array(SELECT c::cases FROM old_rows c), -1) d));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION rate_rollups_after_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM rate_rollups;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cases_rate_rollups_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rate_rollups_after_insert();
--> statement-breakpoint
CREATE TRIGGER cases_rate_rollups_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rate_rollups_after_update();
--> statement-breakpoint
CREATE TRIGGER cases_rate_rollups_delete AFTER DELETE ON cases
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rate_rollups_after_delete();
--> statement-breakpoint
CREATE TRIGGER cases_rate_rollups_truncate AFTER TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION rate_rollups_after_truncate();
--> statement-breakpoint
SELECT rate_rollups_rebuild();
