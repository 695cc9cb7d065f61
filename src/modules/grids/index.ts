/** What the grids module offers other modules; everything else in the folder is its own business. */
export * from "./demo-grids.js";
export * from "./grid-index.js";
