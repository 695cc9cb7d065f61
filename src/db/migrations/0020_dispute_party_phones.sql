DROP INDEX "dispute_parties_phone_idx";--> statement-breakpoint
ALTER TABLE "personal_data_reads" ADD COLUMN "dispute_id" uuid;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD COLUMN "phone_cipher" text;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD COLUMN "phone_index" text;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD COLUMN "phone_masked" text;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD COLUMN "phone_to_seal" text;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD COLUMN "phone_erased_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "personal_data_reads_dispute_idx" ON "personal_data_reads" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "dispute_parties_phone_index_idx" ON "dispute_parties" USING btree ("phone_index") WHERE "dispute_parties"."phone_index" is not null;--> statement-breakpoint
CREATE INDEX "dispute_parties_phone_to_seal_idx" ON "dispute_parties" USING btree ("id") WHERE "dispute_parties"."phone_to_seal" is not null;--> statement-breakpoint
-- Hand-written: the data move of parties' phones (issue 14). SQL holds no keys, so it cannot
-- encrypt: each plain phone goes to "phone_to_seal" with its masked form (the rule of
-- maskPhone in src/core/personal-data/id-number.ts), and the server seals them at its start
-- (sealPartyPhones in src/modules/mediation/party-phones.ts: cipher + blind index, then the
-- plain number is set to null) before it answers anything.
UPDATE "dispute_parties" SET
  "phone_to_seal" = n.v,
  "phone_masked" = CASE
    WHEN n.v ~ '^1[0-9]{10}$' THEN left(n.v, 3) || '****' || right(n.v, 4)
    WHEN length(n.v) <= 4 THEN repeat('*', length(n.v))
    ELSE repeat('*', length(n.v) - 4) || right(n.v, 4)
  END
FROM (
  SELECT "id", regexp_replace(regexp_replace("phone", '[^0-9]', '', 'g'), '^(0086|86)(1[0-9]{10})$', '\2') AS v
  FROM "dispute_parties" WHERE "phone" IS NOT NULL
) AS n
WHERE n."id" = "dispute_parties"."id" AND n.v <> '';--> statement-breakpoint
ALTER TABLE "dispute_parties" DROP COLUMN "phone";