/**
 * What the people-and-places module offers other modules: the register's scope rule and the
 * masked summaries of persons (for appeals linked to a person, mediation parties, later).
 */
export { inRegisterScope, requireRegister, tagVisible } from "./policy.js";
export { personSummaries } from "./persons.js";
export { addressLabel } from "./addresses.js";
