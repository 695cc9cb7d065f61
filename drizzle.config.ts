import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  // The core's tables, and each module's own (src/modules/<module>/schema.ts).
  schema: ["./src/db/schema.ts", "./src/modules/*/schema.ts"],
  out: "./src/db/migrations",
});
