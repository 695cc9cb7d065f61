CREATE TABLE "case_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"person_id" uuid,
	"household_id" uuid,
	"linked_by_user_id" uuid,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_links_one_subject" CHECK (("case_links"."person_id" is null) <> ("case_links"."household_id" is null))
);
--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_linked_by_user_id_users_id_fk" FOREIGN KEY ("linked_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_links_person_uq" ON "case_links" USING btree ("case_id","person_id") WHERE "case_links"."person_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "case_links_household_uq" ON "case_links" USING btree ("case_id","household_id") WHERE "case_links"."household_id" is not null;--> statement-breakpoint
CREATE INDEX "case_links_person_idx" ON "case_links" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "case_links_household_idx" ON "case_links" USING btree ("household_id");