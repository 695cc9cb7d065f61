/** What the attachments module offers other modules; everything else in the folder is its own business. */
export * from "./attachment-access.js";
export * from "./attachment-files.js";
export * from "./claim-attachments.js";
export * from "./delete-unclaimed-attachments.js";
