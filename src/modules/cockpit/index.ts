/** What the cockpit module offers other modules; everything else in the folder is its own business. */
export * from "./compute-trend.js";
export * from "./find-cockpit-cases.js";
