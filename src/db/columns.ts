/** Column types and helpers every table file uses. */
import { customType, timestamp } from "drizzle-orm/pg-core";

/** PostgreSQL `ltree`: a region path such as `1310.131002.131002001`. */
export const ltree = customType<{ data: string }>({
  dataType: () => "ltree",
});

export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
