CREATE TABLE "addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"road" text,
	"village_group" text,
	"house_number" text,
	"building" text,
	"unit" text,
	"room" text,
	"label" text NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"region_code" text NOT NULL,
	"region_path" "ltree" NOT NULL,
	"county_code" text NOT NULL,
	"grid_code" text,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "addresses_road_or_group" CHECK ("addresses"."road" is not null or "addresses"."village_group" is not null)
);
--> statement-breakpoint
CREATE TABLE "building_units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"building_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "buildings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"number" text,
	"address_id" uuid,
	"floors" integer,
	"lon" double precision,
	"lat" double precision,
	"footprint" jsonb,
	"region_code" text NOT NULL,
	"region_path" "ltree" NOT NULL,
	"county_code" text NOT NULL,
	"grid_code" text,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dwellings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"building_id" uuid NOT NULL,
	"unit_id" uuid,
	"floor" integer,
	"room" text NOT NULL,
	"use" text NOT NULL,
	"address_id" uuid,
	"region_code" text NOT NULL,
	"region_path" "ltree" NOT NULL,
	"county_code" text NOT NULL,
	"grid_code" text,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"joined_on" date NOT NULL,
	"left_on" date
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dwelling_id" uuid NOT NULL,
	"type" text NOT NULL,
	"number" text,
	"region_code" text NOT NULL,
	"region_path" "ltree" NOT NULL,
	"county_code" text NOT NULL,
	"grid_code" text,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"from_household_id" uuid,
	"to_household_id" uuid,
	"from_region_path" "ltree",
	"to_region_path" "ltree",
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "person_population_tags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"type_code" text NOT NULL,
	"risk_level" integer,
	"since" date NOT NULL,
	"until" date,
	"note" text,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_population_tags_risk" CHECK ("person_population_tags"."risk_level" is null or ("person_population_tags"."risk_level" between 0 and 5))
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"sex" text,
	"birth_date" date,
	"id_document_type" text,
	"id_number_cipher" text,
	"id_number_index" text,
	"id_number_masked" text,
	"phone_cipher" text,
	"phone_index" text,
	"phone_masked" text,
	"registered_residence" text,
	"workplace" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"region_code" text NOT NULL,
	"region_path" "ltree" NOT NULL,
	"county_code" text NOT NULL,
	"grid_code" text,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "population_types" (
	"code" text PRIMARY KEY NOT NULL,
	"group" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"visible_to" text[] NOT NULL,
	"visit_interval_days" integer NOT NULL,
	"measure_kinds" text[] NOT NULL,
	"measures" text NOT NULL,
	"has_risk_level" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "population_types_interval" CHECK ("population_types"."visit_interval_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "rental_tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rental_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"moved_in_on" date NOT NULL,
	"moved_out_on" date,
	CONSTRAINT "rental_tenants_dates" CHECK ("rental_tenants"."moved_out_on" is null or "rental_tenants"."moved_out_on" >= "rental_tenants"."moved_in_on")
);
--> statement-breakpoint
CREATE TABLE "rentals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dwelling_id" uuid NOT NULL,
	"landlord_person_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"region_code" text NOT NULL,
	"region_path" "ltree" NOT NULL,
	"county_code" text NOT NULL,
	"grid_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "personal_data_reads" ADD COLUMN "person_id" uuid;--> statement-breakpoint
ALTER TABLE "addresses" ADD CONSTRAINT "addresses_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "building_units" ADD CONSTRAINT "building_units_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_address_id_addresses_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."addresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dwellings" ADD CONSTRAINT "dwellings_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dwellings" ADD CONSTRAINT "dwellings_unit_id_building_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."building_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dwellings" ADD CONSTRAINT "dwellings_address_id_addresses_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."addresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dwellings" ADD CONSTRAINT "dwellings_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_dwelling_id_dwellings_id_fk" FOREIGN KEY ("dwelling_id") REFERENCES "public"."dwellings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_events" ADD CONSTRAINT "person_events_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_events" ADD CONSTRAINT "person_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_events" ADD CONSTRAINT "person_events_from_household_id_households_id_fk" FOREIGN KEY ("from_household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_events" ADD CONSTRAINT "person_events_to_household_id_households_id_fk" FOREIGN KEY ("to_household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_population_tags" ADD CONSTRAINT "person_population_tags_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_population_tags" ADD CONSTRAINT "person_population_tags_type_code_population_types_code_fk" FOREIGN KEY ("type_code") REFERENCES "public"."population_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_population_tags" ADD CONSTRAINT "person_population_tags_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rental_tenants" ADD CONSTRAINT "rental_tenants_rental_id_rentals_id_fk" FOREIGN KEY ("rental_id") REFERENCES "public"."rentals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rental_tenants" ADD CONSTRAINT "rental_tenants_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rentals" ADD CONSTRAINT "rentals_dwelling_id_dwellings_id_fk" FOREIGN KEY ("dwelling_id") REFERENCES "public"."dwellings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rentals" ADD CONSTRAINT "rentals_landlord_person_id_persons_id_fk" FOREIGN KEY ("landlord_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rentals" ADD CONSTRAINT "rentals_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "addresses_region_path_gist" ON "addresses" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "addresses_county_idx" ON "addresses" USING btree ("county_code");--> statement-breakpoint
CREATE UNIQUE INDEX "building_units_name_uq" ON "building_units" USING btree ("building_id","name");--> statement-breakpoint
CREATE INDEX "buildings_region_path_gist" ON "buildings" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "buildings_grid_idx" ON "buildings" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "dwellings_building_idx" ON "dwellings" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "dwellings_region_path_gist" ON "dwellings" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "household_members_household_idx" ON "household_members" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "household_members_current_uq" ON "household_members" USING btree ("person_id") WHERE "household_members"."left_on" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "household_members_head_uq" ON "household_members" USING btree ("household_id") WHERE "household_members"."left_on" is null and "household_members"."relation" = 'head';--> statement-breakpoint
CREATE INDEX "households_dwelling_idx" ON "households" USING btree ("dwelling_id");--> statement-breakpoint
CREATE INDEX "households_region_path_gist" ON "households" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "person_events_person_idx" ON "person_events" USING btree ("person_id","at");--> statement-breakpoint
CREATE INDEX "person_population_tags_person_idx" ON "person_population_tags" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_population_tags_type_idx" ON "person_population_tags" USING btree ("type_code");--> statement-breakpoint
CREATE UNIQUE INDEX "person_population_tags_current_uq" ON "person_population_tags" USING btree ("person_id","type_code") WHERE "person_population_tags"."until" is null;--> statement-breakpoint
CREATE INDEX "persons_region_path_gist" ON "persons" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "persons_id_number_index_idx" ON "persons" USING btree ("id_number_index");--> statement-breakpoint
CREATE INDEX "persons_phone_index_idx" ON "persons" USING btree ("phone_index");--> statement-breakpoint
CREATE INDEX "persons_name_idx" ON "persons" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_id_document_uq" ON "persons" USING btree ("id_document_type","id_number_index");--> statement-breakpoint
CREATE INDEX "rental_tenants_rental_idx" ON "rental_tenants" USING btree ("rental_id");--> statement-breakpoint
CREATE INDEX "rental_tenants_person_idx" ON "rental_tenants" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "rentals_dwelling_idx" ON "rentals" USING btree ("dwelling_id");--> statement-breakpoint
CREATE INDEX "personal_data_reads_person_idx" ON "personal_data_reads" USING btree ("person_id");--> statement-breakpoint
-- Hand-written: the national default catalogue of key (重点) and care (关爱) population types.
-- Key types are seen by the grid worker, village staff, township centre, supervisors and admins;
-- grid assistants and operators never see them. Care types are seen by every register role.
-- Fixed timestamps: an upgraded database holds exactly what a fresh one does.
INSERT INTO "population_types" ("code", "group", "name_zh", "name_en", "visible_to", "visit_interval_days", "measure_kinds", "measures", "has_risk_level", "sort_order", "created_at", "updated_at") VALUES
('released_prisoner', 'key', '刑满释放人员', 'Released prisoner', '{grid_worker,village_staff,township_dispatcher,supervisor,admin}', 30, '{assistance,control}', '安置帮教：就业、社保、住房帮扶；定期见面谈话', false, 10, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z'),
('community_correction', 'key', '社区矫正对象', 'Community correction subject', '{grid_worker,village_staff,township_dispatcher,supervisor,admin}', 7, '{control,assistance}', '配合司法所监管：定期报告、外出审批、教育帮扶', false, 20, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z'),
('severe_mental_disorder', 'key', '严重精神障碍患者', 'Person with a severe mental disorder', '{grid_worker,village_staff,township_dispatcher,supervisor,admin}', 30, '{control,assistance}', '按风险等级（0–5级）随访；监护人落实看护；以奖代补；危险性评估3级以上每两周随访', true, 30, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z'),
('drug_user', 'key', '吸毒人员', 'Drug user', '{grid_worker,village_staff,township_dispatcher,supervisor,admin}', 30, '{control,assistance}', '社区戒毒、社区康复帮扶；定期尿检配合', false, 40, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z'),
('key_youth', 'key', '重点青少年', 'Key youth', '{grid_worker,village_staff,township_dispatcher,supervisor,admin}', 30, '{assistance}', '闲散、流浪、服刑人员子女等青少年的关爱帮教', false, 50, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z'),
('elderly_alone', 'care', '独居老人', 'Elderly person living alone', '{grid_worker,grid_assistant,village_staff,township_dispatcher,supervisor,admin}', 7, '{assistance}', '定期探访、紧急呼叫、助餐助医', false, 110, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z'),
('left_behind_child', 'care', '留守儿童', 'Left-behind child', '{grid_worker,grid_assistant,village_staff,township_dispatcher,supervisor,admin}', 30, '{assistance}', '监护落实、学业与心理关爱', false, 120, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z'),
('child_in_difficulty', 'care', '困境儿童', 'Child in difficulty', '{grid_worker,grid_assistant,village_staff,township_dispatcher,supervisor,admin}', 30, '{assistance}', '基本生活、医疗、教育保障与监护指导', false, 130, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z'),
('disabled', 'care', '残疾人', 'Person with a disability', '{grid_worker,grid_assistant,village_staff,township_dispatcher,supervisor,admin}', 90, '{assistance}', '两项补贴落实、康复与就业帮扶', false, 140, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z'),
('subsistence_allowance', 'care', '低保户', 'Subsistence-allowance household', '{grid_worker,grid_assistant,village_staff,township_dispatcher,supervisor,admin}', 90, '{assistance}', '低保动态管理、临时救助', false, 150, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z');
