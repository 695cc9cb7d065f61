/** What the catalogue module offers other modules; everything else in the folder is its own business. */
export * from "./get-deadlines.js";
export * from "./load-working-calendar.js";
export * from "./seed-demo-catalogue.js";
export * from "./working-calendar.js";
export * from "./catalogue-cache.js";
