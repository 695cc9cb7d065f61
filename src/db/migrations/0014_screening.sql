CREATE TABLE "screening_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"month" text NOT NULL,
	"region_code" text NOT NULL,
	"region_path" "ltree" NOT NULL,
	"county_code" text,
	"committee_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"result" text,
	"due_at" timestamp with time zone NOT NULL,
	"note" text,
	"recorded_at" timestamp with time zone,
	"recorded_by_user_id" uuid,
	"overdue_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "screening_tasks_month_ck" CHECK ("screening_tasks"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "screening_tasks_done_ck" CHECK (("screening_tasks"."status" = 'done') = ("screening_tasks"."result" is not null and "screening_tasks"."recorded_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "screening_task_id" uuid;--> statement-breakpoint
ALTER TABLE "screening_tasks" ADD CONSTRAINT "screening_tasks_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_tasks" ADD CONSTRAINT "screening_tasks_committee_id_mediation_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."mediation_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_tasks" ADD CONSTRAINT "screening_tasks_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "screening_tasks_region_month_uq" ON "screening_tasks" USING btree ("region_code","month");--> statement-breakpoint
CREATE INDEX "screening_tasks_region_path_gist" ON "screening_tasks" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "screening_tasks_month_idx" ON "screening_tasks" USING btree ("month","status");--> statement-breakpoint
CREATE INDEX "screening_tasks_due_pending_idx" ON "screening_tasks" USING btree ("due_at") WHERE "screening_tasks"."status" = 'pending' and "screening_tasks"."overdue_at" is null;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_screening_task_id_screening_tasks_id_fk" FOREIGN KEY ("screening_task_id") REFERENCES "public"."screening_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disputes_screening_task_idx" ON "disputes" USING btree ("screening_task_id") WHERE "disputes"."screening_task_id" is not null;