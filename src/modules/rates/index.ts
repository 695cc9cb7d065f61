/** What the rates module offers other modules; everything else in the folder is its own business. */
export * from "./category-names.js";
export * from "./compute-rates.js";
export * from "./find-rate-cases.js";
export * from "./rate-scope.js";
export * from "./rate-settings.js";
