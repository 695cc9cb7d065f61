/** What the mediation module offers other modules; everything else in the folder is its own business. */
export { DISPUTE_WORKFLOW, OPEN_DISPUTE_STATUSES, type DisputeAction } from "./state-table.js";
export { disputes, DISPUTE_STATUSES, RISK_LEVELS, type DisputeStatus, type RiskLevel } from "./schema.js";
export { erasePartyPhones, PARTY_SEALED_NUMBERS, sealPartyPhones } from "./party-phones.js";
export { MEDIATOR_SEALED_NUMBERS, sealMediatorPhones } from "./mediator-phones.js";
/** Registering a dispute (the visits module registers one found on a visit), and its request's parts. */
export { registerDispute } from "./register-dispute.js";
export { DisputeCreatedSchema, PartyInput, type DisputeCreated } from "./schemas.js";
