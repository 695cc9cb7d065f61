/** What the open311 module offers other modules; everything else in the folder is its own business. */
export * from "./api-keys.js";
