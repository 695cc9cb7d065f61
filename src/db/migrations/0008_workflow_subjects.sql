CREATE TABLE "workflow_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"county_code" text,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_user_id" uuid,
	"actor_org_id" uuid,
	"actor_label" text,
	"note" text,
	"data" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "subject_type" text;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "subject_type" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
ALTER TABLE "workflow_events" ADD CONSTRAINT "workflow_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_events" ADD CONSTRAINT "workflow_events_actor_org_id_organisations_id_fk" FOREIGN KEY ("actor_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workflow_events_subject_idx" ON "workflow_events" USING btree ("subject_type","subject_id","id");--> statement-breakpoint
CREATE INDEX "workflow_events_action_at_idx" ON "workflow_events" USING btree ("action","at");--> statement-breakpoint
-- Hand-written: the existing case events, notifications and attachments become keyed by subject
-- (subject_type 'case'), keeping their ids, so attachments.event_id still points at its event.
INSERT INTO "workflow_events" ("id", "subject_type", "subject_id", "county_code", "action", "from_status", "to_status", "actor_user_id", "actor_org_id", "actor_label", "note", "data", "at")
SELECT "id", 'case', "case_id", "county_code", "action", "from_status", "to_status", "actor_user_id", "actor_org_id", "actor_label", "note", "data", "at" FROM "case_events" ORDER BY "id";--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('workflow_events', 'id'), coalesce((SELECT max("id") FROM "workflow_events"), 1), (SELECT count(*) > 0 FROM "workflow_events"));--> statement-breakpoint
UPDATE "notifications" SET "subject_type" = 'case', "subject_id" = "case_id" WHERE "case_id" IS NOT NULL;--> statement-breakpoint
UPDATE "attachments" SET "subject_type" = 'case', "subject_id" = "case_id" WHERE "case_id" IS NOT NULL;--> statement-breakpoint
DROP TABLE "case_events";--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_event_needs_case_ck";--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_case_id_cases_id_fk";
--> statement-breakpoint
DROP INDEX "attachments_case_idx";--> statement-breakpoint
DROP INDEX "attachments_unclaimed_created_idx";--> statement-breakpoint
CREATE INDEX "attachments_subject_idx" ON "attachments" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "attachments_unclaimed_created_idx" ON "attachments" USING btree ("created_at") WHERE "attachments"."subject_id" is null;--> statement-breakpoint
ALTER TABLE "attachments" DROP COLUMN "case_id";--> statement-breakpoint
ALTER TABLE "notifications" DROP COLUMN "case_id";--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_event_needs_subject_ck" CHECK ("attachments"."event_id" is null or "attachments"."subject_id" is not null);--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_subject_pair_ck" CHECK (("attachments"."subject_type" is null) = ("attachments"."subject_id" is null));--> statement-breakpoint
-- Hand-written: the cases' view of the event store, for reads that name case_events.
CREATE VIEW "case_events" AS
SELECT "id", "subject_id" AS "case_id", "county_code", "action", "from_status", "to_status", "actor_user_id", "actor_org_id", "actor_label", "note", "data", "at"
FROM "workflow_events" WHERE "subject_type" = 'case';
