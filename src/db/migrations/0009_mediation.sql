CREATE SEQUENCE "public"."dispute_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "dispute_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dispute_id" uuid NOT NULL,
	"followed_on" date NOT NULL,
	"performed" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"recorded_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispute_parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dispute_id" uuid NOT NULL,
	"role" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"person_id" uuid,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispute_referrals" (
	"dispute_id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"receiving_body" text NOT NULL,
	"referred_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispute_types" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"source" text NOT NULL,
	"case_id" uuid,
	"type_code" text NOT NULL,
	"facts" text NOT NULL,
	"amount_in_dispute" numeric(14, 2),
	"risk_level" text DEFAULT 'general' NOT NULL,
	"repeat_alert_at" timestamp with time zone,
	"region_code" text NOT NULL,
	"region_path" "ltree" NOT NULL,
	"county_code" text,
	"committee_id" uuid NOT NULL,
	"mediator_id" uuid,
	"entered_by_user_id" uuid,
	"status" text NOT NULL,
	"accepted_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"extended_at" timestamp with time zone,
	"extension_consent" text,
	"settled_at" timestamp with time zone,
	"follow_up_due_at" timestamp with time zone,
	"judicial_due_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"warned_at" timestamp with time zone,
	"overdue_at" timestamp with time zone,
	"follow_up_reminded_at" timestamp with time zone,
	"judicial_reminded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "judicial_confirmations" (
	"dispute_id" uuid PRIMARY KEY NOT NULL,
	"applied_on" date NOT NULL,
	"court" text NOT NULL,
	"decision" text,
	"decided_on" date
);
--> statement-breakpoint
CREATE TABLE "mediation_agreements" (
	"dispute_id" uuid PRIMARY KEY NOT NULL,
	"form" text NOT NULL,
	"matters" text NOT NULL,
	"agreed" text NOT NULL,
	"performance_manner" text NOT NULL,
	"performance_due_on" date,
	"agreed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_committees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"kind" text DEFAULT 'general' NOT NULL,
	"region_code" text NOT NULL,
	"region_path" "ltree" NOT NULL,
	"county_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mediation_committees_kind_ck" CHECK (("mediation_committees"."level" = 'county') or ("mediation_committees"."kind" = 'general'))
);
--> statement-breakpoint
CREATE TABLE "mediation_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dispute_id" uuid NOT NULL,
	"event_id" bigint,
	"held_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"participants" text NOT NULL,
	"notes" text NOT NULL,
	"recorded_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"phone" text,
	"rule_of_law_leader" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dispute_follow_ups" ADD CONSTRAINT "dispute_follow_ups_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_follow_ups" ADD CONSTRAINT "dispute_follow_ups_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD CONSTRAINT "dispute_parties_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_referrals" ADD CONSTRAINT "dispute_referrals_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_type_code_dispute_types_code_fk" FOREIGN KEY ("type_code") REFERENCES "public"."dispute_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_committee_id_mediation_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."mediation_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_mediator_id_mediators_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."mediators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_entered_by_user_id_users_id_fk" FOREIGN KEY ("entered_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judicial_confirmations" ADD CONSTRAINT "judicial_confirmations_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_agreements" ADD CONSTRAINT "mediation_agreements_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_committees" ADD CONSTRAINT "mediation_committees_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_sessions" ADD CONSTRAINT "mediation_sessions_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_sessions" ADD CONSTRAINT "mediation_sessions_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediators" ADD CONSTRAINT "mediators_committee_id_mediation_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."mediation_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediators" ADD CONSTRAINT "mediators_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dispute_follow_ups_dispute_idx" ON "dispute_follow_ups" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "dispute_parties_dispute_idx" ON "dispute_parties" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "dispute_parties_phone_idx" ON "dispute_parties" USING btree ("phone") WHERE "dispute_parties"."phone" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_number_uq" ON "disputes" USING btree ("number");--> statement-breakpoint
CREATE INDEX "disputes_region_path_gist" ON "disputes" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "disputes_committee_status_idx" ON "disputes" USING btree ("committee_id","status","due_at");--> statement-breakpoint
CREATE INDEX "disputes_county_created_idx" ON "disputes" USING btree ("county_code","created_at");--> statement-breakpoint
CREATE INDEX "disputes_case_idx" ON "disputes" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "disputes_due_pending_idx" ON "disputes" USING btree ("due_at") WHERE "disputes"."status" in ('accepted', 'in_mediation') and "disputes"."overdue_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_committees_region_kind_uq" ON "mediation_committees" USING btree ("region_code","kind");--> statement-breakpoint
CREATE INDEX "mediation_committees_region_path_gist" ON "mediation_committees" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "mediation_sessions_dispute_idx" ON "mediation_sessions" USING btree ("dispute_id","held_at");--> statement-breakpoint
CREATE INDEX "mediators_committee_idx" ON "mediators" USING btree ("committee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mediators_committee_user_uq" ON "mediators" USING btree ("committee_id","user_id") WHERE "mediators"."user_id" is not null;--> statement-breakpoint
-- Hand-written: the dispute type catalogue as shipped (configurable afterwards; issue 14).
INSERT INTO "dispute_types" ("code", "name_zh", "name_en", "sort_order") VALUES
  ('neighbour', '邻里纠纷', 'Neighbour dispute', 10),
  ('family', '婚姻家庭纠纷', 'Family and marriage dispute', 20),
  ('property_management', '物业纠纷', 'Property management dispute', 30),
  ('land_housing', '土地房屋纠纷', 'Land and housing dispute', 40),
  ('labour', '劳动争议', 'Labour dispute', 50),
  ('consumer', '消费纠纷', 'Consumer dispute', 60),
  ('traffic', '交通事故纠纷', 'Traffic accident dispute', 70),
  ('other', '其他纠纷', 'Other dispute', 80);
