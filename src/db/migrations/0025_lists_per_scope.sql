CREATE INDEX "cases_township_due_idx" ON "cases" USING btree ((case when nlevel("region_path") >= 3 then ltree2text(subpath("region_path", 0, 3)) end),"handle_due_at","created_at");--> statement-breakpoint
CREATE INDEX "cases_township_created_idx" ON "cases" USING btree ((case when nlevel("region_path") >= 3 then ltree2text(subpath("region_path", 0, 3)) end),"created_at");--> statement-breakpoint
CREATE INDEX "cases_township_running_due_idx" ON "cases" USING btree ((case when nlevel("region_path") >= 3 then ltree2text(subpath("region_path", 0, 3)) end),"handle_due_at","created_at") WHERE "cases"."status" in ('triage', 'dispatched', 'handling');--> statement-breakpoint
CREATE INDEX "cases_county_running_due_idx" ON "cases" USING btree ((case when nlevel("region_path") >= 2 then ltree2text(subpath("region_path", 0, 2)) end),"handle_due_at","created_at") WHERE "cases"."status" in ('triage', 'dispatched', 'handling');--> statement-breakpoint
-- Hand-written (issue #15, B4): statistics for the new index expressions now, not at the next
-- autovacuum (which a new index does not trigger): without them the planner takes a township's key
-- for 0.5 % of the cases whatever the township. ANALYZE samples a fixed number of rows (seconds at 5 M).
ANALYZE cases;
