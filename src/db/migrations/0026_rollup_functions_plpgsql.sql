-- Hand-written (issue #15, B1): the two functions every roll-up trigger calls, in PL/pgSQL instead
-- of SQL, with the same statements. PostgreSQL 15 plans a SQL-language function that it cannot
-- inline (these two are not: one returns a set from CTEs, the other writes) again on every call;
-- PL/pgSQL keeps each statement's plan for the session. pg_stat_statements during B1 counted
-- 1.9 ms of planning per call of rate_rollups_add's statement (0.8 ms to run it) and 1.0 ms per
-- call of rate_rollup_deltas' (0.2 ms to run): about 3 ms of the server's CPU per appeal, more
-- than the intake statement itself took to plan. Bodies unchanged (0003 and 0024), so every
-- answer is the same.
CREATE OR REPLACE FUNCTION rate_rollup_deltas(cs cases[], s integer) RETURNS SETOF rate_rollups
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
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
    GROUP BY g.grain, k.dim, k.dim_key, g.period, k.path;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rate_rollups_add(deltas rate_rollups[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
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
      AND NOT EXISTS (SELECT 1 FROM ins i WHERE i.grain = d.grain AND i.dim = d.dim AND i.dim_key = d.dim_key AND i.period = d.period AND i.region_path = d.region_path);
END $$;
