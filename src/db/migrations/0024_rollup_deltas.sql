CREATE TABLE "rate_rollup_deltas" (
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
	"overdue_pending" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_rollup_deltas_key_idx" ON "rate_rollup_deltas" USING btree ("grain","dim","dim_key","period","region_path");
--> statement-breakpoint
-- Hand-written (issue #15, roll-up contention): concurrent intakes of one township and day used to
-- queue on the same `rate_rollups` rows (each trigger's upsert waited for the other transaction's
-- commit). Now a trigger never waits for a roll-up row: it adds in place to the rows no other
-- transaction holds (locked with SKIP LOCKED), creates the rows that do not exist yet, and appends
-- the rest to `rate_rollup_deltas`; `rate_rollup_deltas_fold()` (run by the app every few
-- seconds) moves those into `rate_rollups` in one transaction. Readers sum both tables, so every
-- answer stays exact at any moment: a fold deletes the deltas and adds them to the roll-ups in the
-- same commit. With one writer at a time (PGlite, or no contention) nothing is ever appended.

-- The former rate_rollups_add: upserts summed contributions in key order, waiting for rows
-- another transaction holds. Used by the fold and the rebuild.
CREATE FUNCTION rate_rollups_upsert(deltas rate_rollups[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO rate_rollups AS r
  SELECT grain, period, dim, dim_key, region_path, sum(received), sum(closed), sum(response_due), sum(response_pending), sum(responded_in_time), sum(evaluated), sum(resolved), sum(satisfied), sum(basically_satisfied), sum(replied), sum(replied_with_deadline), sum(on_time), sum(grid_village), sum(overdue), sum(overdue_pending)
  FROM unnest(deltas)
  GROUP BY grain, dim, dim_key, period, region_path
  HAVING sum(abs(received))
      + sum(abs(closed))
      + sum(abs(response_due))
      + sum(abs(response_pending))
      + sum(abs(responded_in_time))
      + sum(abs(evaluated))
      + sum(abs(resolved))
      + sum(abs(satisfied))
      + sum(abs(basically_satisfied))
      + sum(abs(replied))
      + sum(abs(replied_with_deadline))
      + sum(abs(on_time))
      + sum(abs(grid_village))
      + sum(abs(overdue))
      + sum(abs(overdue_pending)) > 0
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
-- What the triggers call (same signature as before): never waits for a row another transaction
-- holds. Rows are summed per key first (an update's -1 and +1 of one key cancel out).
CREATE OR REPLACE FUNCTION rate_rollups_add(deltas rate_rollups[]) RETURNS void
LANGUAGE sql AS $$
  WITH d AS (
    SELECT grain, period, dim, dim_key, region_path,
      sum(received)::int AS received,
      sum(closed)::int AS closed,
      sum(response_due)::int AS response_due,
      sum(response_pending)::int AS response_pending,
      sum(responded_in_time)::int AS responded_in_time,
      sum(evaluated)::int AS evaluated,
      sum(resolved)::int AS resolved,
      sum(satisfied)::int AS satisfied,
      sum(basically_satisfied)::int AS basically_satisfied,
      sum(replied)::int AS replied,
      sum(replied_with_deadline)::int AS replied_with_deadline,
      sum(on_time)::int AS on_time,
      sum(grid_village)::int AS grid_village,
      sum(overdue)::int AS overdue,
      sum(overdue_pending)::int AS overdue_pending
    FROM unnest(deltas)
    GROUP BY grain, dim, dim_key, period, region_path
    HAVING sum(abs(received))
      + sum(abs(closed))
      + sum(abs(response_due))
      + sum(abs(response_pending))
      + sum(abs(responded_in_time))
      + sum(abs(evaluated))
      + sum(abs(resolved))
      + sum(abs(satisfied))
      + sum(abs(basically_satisfied))
      + sum(abs(replied))
      + sum(abs(replied_with_deadline))
      + sum(abs(on_time))
      + sum(abs(grid_village))
      + sum(abs(overdue))
      + sum(abs(overdue_pending)) > 0
  ), free AS (
    -- Existing rows no other transaction holds, locked now (in key order); held rows are skipped.
    SELECT r.grain, r.period, r.dim, r.dim_key, r.region_path
    FROM rate_rollups r JOIN d ON r.grain = d.grain AND r.dim = d.dim AND r.dim_key = d.dim_key AND r.period = d.period AND r.region_path = d.region_path
    ORDER BY r.grain, r.dim, r.dim_key, r.period, r.region_path
    FOR UPDATE OF r SKIP LOCKED
  ), upd AS (
    UPDATE rate_rollups r SET
      received = r.received + d.received,
      closed = r.closed + d.closed,
      response_due = r.response_due + d.response_due,
      response_pending = r.response_pending + d.response_pending,
      responded_in_time = r.responded_in_time + d.responded_in_time,
      evaluated = r.evaluated + d.evaluated,
      resolved = r.resolved + d.resolved,
      satisfied = r.satisfied + d.satisfied,
      basically_satisfied = r.basically_satisfied + d.basically_satisfied,
      replied = r.replied + d.replied,
      replied_with_deadline = r.replied_with_deadline + d.replied_with_deadline,
      on_time = r.on_time + d.on_time,
      grid_village = r.grid_village + d.grid_village,
      overdue = r.overdue + d.overdue,
      overdue_pending = r.overdue_pending + d.overdue_pending
    FROM d JOIN free f ON f.grain = d.grain AND f.dim = d.dim AND f.dim_key = d.dim_key AND f.period = d.period AND f.region_path = d.region_path
    WHERE r.grain = d.grain AND r.dim = d.dim AND r.dim_key = d.dim_key AND r.period = d.period AND r.region_path = d.region_path
    RETURNING r.grain, r.period, r.dim, r.dim_key, r.region_path
  ), ins AS (
    -- Keys without a row: created here (a concurrent creator of the same key makes this wait for
    -- its commit, once per key and day; the loser appends instead).
    INSERT INTO rate_rollups AS r
    SELECT d.* FROM d
    WHERE NOT EXISTS (SELECT 1 FROM rate_rollups x WHERE x.grain = d.grain AND x.dim = d.dim AND x.dim_key = d.dim_key AND x.period = d.period AND x.region_path = d.region_path)
    ORDER BY grain, dim, dim_key, period, region_path
    ON CONFLICT (grain, dim, dim_key, period, region_path) DO NOTHING
    RETURNING r.grain, r.period, r.dim, r.dim_key, r.region_path
  )
  INSERT INTO rate_rollup_deltas
  SELECT d.* FROM d
  WHERE NOT EXISTS (SELECT 1 FROM upd u WHERE u.grain = d.grain AND u.dim = d.dim AND u.dim_key = d.dim_key AND u.period = d.period AND u.region_path = d.region_path)
    AND NOT EXISTS (SELECT 1 FROM ins i WHERE i.grain = d.grain AND i.dim = d.dim AND i.dim_key = d.dim_key AND i.period = d.period AND i.region_path = d.region_path)
$$;
--> statement-breakpoint
-- Moves every committed delta into the roll-ups in one transaction (the caller's statement);
-- answers how many delta rows it folded. Deltas committed meanwhile stay for the next fold. A
-- second process folding at the same moment skips (advisory lock), so two folds never lock
-- the same rows in different orders.
CREATE FUNCTION rate_rollup_deltas_fold() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  ds rate_rollups[];
  n integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('rate_rollup_deltas_fold')) THEN
    RETURN 0;
  END IF;
  WITH gone AS (DELETE FROM rate_rollup_deltas RETURNING *)
  SELECT array_agg(ROW(gone.*)::rate_rollups), count(*) INTO ds, n FROM gone;
  IF n > 0 THEN
    PERFORM rate_rollups_upsert(ds);
  END IF;
  RETURN n;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rate_rollups_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  m timestamptz;
BEGIN
  DELETE FROM rate_rollup_deltas;
  DELETE FROM rate_rollups;
  FOR m IN SELECT generate_series(date_trunc('month', min(created_at)), max(created_at), interval '1 month')
    FROM cases
  LOOP
    PERFORM rate_rollups_upsert(array(SELECT d FROM rate_rollup_deltas(array(
      SELECT c FROM cases c WHERE c.created_at >= m AND c.created_at < m + interval '1 month'), 1) d));
  END LOOP;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rate_rollups_after_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM rate_rollup_deltas;
  DELETE FROM rate_rollups;
  RETURN NULL;
END $$;
