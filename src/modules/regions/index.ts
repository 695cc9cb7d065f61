/** What the regions module offers other modules; everything else in the folder is its own business. */
export * from "./find-regions.js";
export * from "./import-regions.js";
