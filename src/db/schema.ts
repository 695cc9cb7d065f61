/**
 * The database schema, one file per owner: the core's tables in ./core-schema.ts, each module's in
 * src/modules/<module>/schema.ts (drizzle-kit reads them all: see drizzle.config.ts). This file
 * re-exports every one, so code and the db client import the schema from one place. Generated
 * SQL migrations live in ./migrations; after changing a table run `npm run db:generate` and
 * commit the new migration (never edit a landed one).
 */
export * from "./columns.js";
export * from "../modules/regions/schema.js";
export * from "../modules/grids/schema.js";
export * from "../modules/organisations/schema.js";
export * from "../modules/accounts/schema.js";
export * from "./core-schema.js";
export * from "../modules/cases/schema.js";
export * from "../modules/rates/schema.js";
export * from "../modules/open311/schema.js";
export * from "../modules/audit/schema.js";
export * from "../modules/catalogue/schema.js";
export * from "../modules/attachments/schema.js";
