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
/** For case links (src/modules/case-links): who handles a case, the case locked in scope, phone matching. */
export { actingUnitFor } from "./actions/acting-unit.js";
export { lockVisibleCase } from "./actions/find-case.js";
export { logPhoneSearch, maySearchByPhone, reporterPhoneIs } from "./contact-search.js";
