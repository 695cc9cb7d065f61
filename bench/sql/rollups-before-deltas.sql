-- For `bench/ab-intake.ts --a-sql`: the roll-up trigger path as before migration 0024_rollup_deltas
-- (every contribution upserted into rate_rollups in key order, waiting for rows another
-- transaction holds). rate_rollups_upsert is that former body, kept by 0023 under a new name.
CREATE OR REPLACE FUNCTION rate_rollups_add(deltas rate_rollups[]) RETURNS void
LANGUAGE sql AS $$ SELECT rate_rollups_upsert(deltas) $$;
