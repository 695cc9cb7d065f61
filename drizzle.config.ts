import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  // The core's tables and each module's own (src/db/schema.ts re-exports them all for the code).
  schema: ["./src/db/core-schema.ts", "./src/modules/*/schema.ts"],
  out: "./src/db/migrations",
});
