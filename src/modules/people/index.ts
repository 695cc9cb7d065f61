/**
 * What the people-and-places module offers other modules: the register's scope rule and the
 * masked summaries of persons (for appeals linked to a person, mediation parties, later).
 */
export { inRegisterScope, requireRegister, tagVisible } from "./policy.js";
export { personSummaries } from "./persons.js";
export { addressLabel } from "./addresses.js";
/** The persons table, for the reads audit (personal_data_reads.person_id) to place a read. */
export { persons } from "./schema.js";
/** The tags and their catalogue, for the visits module (planned from the types' visit frequencies). */
export { personPopulationTags, populationTypes } from "./schema.js";
/** Households and their members, for case links (a case linked to a household, a person's current household). */
export { HOUSEHOLD_TYPES, householdMembers, households } from "./schema.js";
/** A person's current home (building point and grid), for an appeal raised about it from a visit. */
export { personHome, type PersonHome } from "./person-home.js";
/** The register's sealed numbers, for the key rotation (`npm run cli -- rotate-keys`). */
export { PERSON_SEALED_NUMBERS } from "./sealed-numbers.js";
