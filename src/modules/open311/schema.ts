/** The open311 module's tables (re-exported by src/db/schema.ts; drizzle-kit reads this file). */
import { pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ltree, createdAt } from "../../db/columns.js";
import { users } from "../accounts/schema.js";

/** API keys of integrations (Open311 clients, partners); only the SHA-256 is stored. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["open311", "partner"] }).notNull(),
    keyHash: text("key_hash").notNull(),
    /** The first characters, shown in the console to tell keys apart. */
    prefix: text("prefix").notNull(),
    scopePath: ltree("scope_path").notNull(),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_hash_uq").on(t.keyHash)],
);
