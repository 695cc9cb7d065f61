-- Residents who signed in by SMS code got the username res_ + the first 20 hex digits of
-- SHA-256("microgov-resident:" + phone): anyone who sees the masked phone (139****0002) and the
-- username finds the full number by hashing the 10,000 candidates. Such accounts get a random
-- name of the same shape, in the audit log too; they are found by their phone, not their name,
-- so sign-in is unchanged.
CREATE TEMPORARY TABLE "resident_renames" AS
SELECT "id",
       'res_' || left(encode(sha256(convert_to('microgov-resident:' || "phone", 'UTF8')), 'hex'), 20) AS "old_name",
       'res_' || left(encode(sha256(convert_to(gen_random_uuid()::text || "id"::text, 'UTF8')), 'hex'), 20) AS "new_name"
FROM "users"
WHERE "phone" IS NOT NULL
  AND "username" = 'res_' || left(encode(sha256(convert_to('microgov-resident:' || "phone", 'UTF8')), 'hex'), 20);
--> statement-breakpoint
UPDATE "users" u
SET "username" = r."new_name", "updated_at" = now()
FROM "resident_renames" r
WHERE u."id" = r."id";
--> statement-breakpoint
UPDATE "audit_log" a
SET "actor_username" = CASE WHEN a."actor_username" = r."old_name" THEN r."new_name" ELSE a."actor_username" END,
    "before" = CASE WHEN a."before"->>'username' = r."old_name"
                    THEN jsonb_set(a."before", '{username}', to_jsonb(r."new_name")) ELSE a."before" END,
    "after" = CASE WHEN a."after"->>'username' = r."old_name"
                   THEN jsonb_set(a."after", '{username}', to_jsonb(r."new_name")) ELSE a."after" END
FROM "resident_renames" r
WHERE (a."actor_user_id" = r."id" OR a."entity_id" = r."id"::text)
  AND (a."actor_username" = r."old_name" OR a."before"->>'username' = r."old_name" OR a."after"->>'username' = r."old_name");
--> statement-breakpoint
DROP TABLE "resident_renames";
