CREATE UNIQUE INDEX "rental_tenants_current_uq" ON "rental_tenants" USING btree ("rental_id","person_id") WHERE "rental_tenants"."moved_out_on" is null;--> statement-breakpoint
CREATE INDEX "rentals_region_path_gist" ON "rentals" USING gist ("region_path");--> statement-breakpoint
CREATE UNIQUE INDEX "rentals_dwelling_open_uq" ON "rentals" USING btree ("dwelling_id") WHERE "rentals"."ends_on" is null;--> statement-breakpoint
ALTER TABLE "rentals" ADD CONSTRAINT "rentals_dates" CHECK ("rentals"."ends_on" is null or "rentals"."ends_on" >= "rentals"."starts_on");