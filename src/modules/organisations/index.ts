/** What the organisations module offers other modules; everything else in the folder is its own business. */
export * from "./department-types.js";
export * from "./find-organisations.js";
export * from "./seed-demo-organisations.js";
