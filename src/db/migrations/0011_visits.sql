CREATE TABLE "visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"person_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	"type_code" text NOT NULL,
	"region_code" text NOT NULL,
	"region_path" "ltree" NOT NULL,
	"county_code" text NOT NULL,
	"grid_code" text,
	"due_at" timestamp with time zone NOT NULL,
	"overdue_at" timestamp with time zone,
	"visited_at" timestamp with time zone,
	"method" text,
	"lon" double precision,
	"lat" double precision,
	"findings" text,
	"visited_by_user_id" uuid,
	"case_id" uuid,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visits_done_recorded" CHECK ("visits"."status" <> 'done' or ("visits"."visited_at" is not null and "visits"."method" is not null)),
	CONSTRAINT "visits_point" CHECK (("visits"."lon" is null) = ("visits"."lat" is null))
);
--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_tag_id_person_population_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."person_population_tags"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_type_code_population_types_code_fk" FOREIGN KEY ("type_code") REFERENCES "public"."population_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_visited_by_user_id_users_id_fk" FOREIGN KEY ("visited_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "visits_region_path_gist" ON "visits" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "visits_due_idx" ON "visits" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "visits_person_idx" ON "visits" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "visits_tag_idx" ON "visits" USING btree ("tag_id","visited_at");--> statement-breakpoint
CREATE UNIQUE INDEX "visits_planned_tag_uq" ON "visits" USING btree ("tag_id") WHERE "visits"."status" = 'planned';--> statement-breakpoint
CREATE UNIQUE INDEX "visits_case_uq" ON "visits" USING btree ("case_id");