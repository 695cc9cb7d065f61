CREATE TABLE "register_corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"person_id" uuid NOT NULL,
	"requester_user_id" uuid NOT NULL,
	"field" text NOT NULL,
	"proposed" text NOT NULL,
	"note" text,
	"decline_reason" text,
	"handled_by_user_id" uuid,
	"handled_at" timestamp with time zone,
	"region_code" text NOT NULL,
	"region_path" "ltree" NOT NULL,
	"county_code" text NOT NULL,
	"grid_code" text,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "register_corrections_declined_reason" CHECK ("register_corrections"."status" <> 'declined' or "register_corrections"."decline_reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "register_corrections" ADD CONSTRAINT "register_corrections_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_corrections" ADD CONSTRAINT "register_corrections_requester_user_id_users_id_fk" FOREIGN KEY ("requester_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_corrections" ADD CONSTRAINT "register_corrections_handled_by_user_id_users_id_fk" FOREIGN KEY ("handled_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_corrections" ADD CONSTRAINT "register_corrections_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "register_corrections_region_path_gist" ON "register_corrections" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "register_corrections_requester_idx" ON "register_corrections" USING btree ("requester_user_id","created_at");--> statement-breakpoint
CREATE INDEX "register_corrections_status_idx" ON "register_corrections" USING btree ("status","created_at");