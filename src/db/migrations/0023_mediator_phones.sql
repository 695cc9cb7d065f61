ALTER TABLE "mediators" ADD COLUMN "phone_cipher" text;--> statement-breakpoint
ALTER TABLE "mediators" ADD COLUMN "phone_index" text;--> statement-breakpoint
ALTER TABLE "mediators" ADD COLUMN "phone_masked" text;--> statement-breakpoint
ALTER TABLE "mediators" ADD COLUMN "phone_to_seal" text;--> statement-breakpoint
CREATE INDEX "mediators_phone_index_idx" ON "mediators" USING btree ("phone_index") WHERE "mediators"."phone_index" is not null;--> statement-breakpoint
CREATE INDEX "mediators_phone_to_seal_idx" ON "mediators" USING btree ("id") WHERE "mediators"."phone_to_seal" is not null;--> statement-breakpoint
-- Hand-written: the data move of mediators' own phones (issue 14), as 0020 moved the parties'.
-- SQL holds no keys, so it cannot encrypt: each plain phone goes to "phone_to_seal" with its
-- masked form (the rule of maskPhone in src/core/personal-data/id-number.ts), and the server
-- seals them at its start (sealMediatorPhones in src/modules/mediation/mediator-phones.ts:
-- cipher + blind index, then the plain number is set to null) before it answers anything.
UPDATE "mediators" SET
  "phone_to_seal" = n.v,
  "phone_masked" = CASE
    WHEN n.v ~ '^1[0-9]{10}$' THEN left(n.v, 3) || '****' || right(n.v, 4)
    WHEN length(n.v) <= 4 THEN repeat('*', length(n.v))
    ELSE repeat('*', length(n.v) - 4) || right(n.v, 4)
  END
FROM (
  SELECT "id", regexp_replace(regexp_replace("phone", '[^0-9]', '', 'g'), '^(0086|86)(1[0-9]{10})$', '\2') AS v
  FROM "mediators" WHERE "phone" IS NOT NULL
) AS n
WHERE n."id" = "mediators"."id" AND n.v <> '';--> statement-breakpoint
ALTER TABLE "mediators" DROP COLUMN "phone";