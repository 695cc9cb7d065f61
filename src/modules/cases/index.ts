/** What the cases module offers other modules; everything else in the folder is its own business. */
export * from "./demo-history.js";
export * from "./find-cases.js";
export * from "./intake.js";
export * from "./policy.js";
export * from "./present-case.js";
export * from "./routing.js";
export * from "./state-table.js";
export * from "./transition.js";
export { SupervisionBoardQuery } from "./actions/schemas.js";
export { findOverdueBoard, type BoardFilters } from "./work-lists.js";
export { linkAppealsToResident } from "./link-appeals.js";
export { lockCaseForTransfer, transferCaseToMediation } from "./actions/transfer-to-mediation.js";
