/** What the accounts module offers other modules; everything else in the folder is its own business. */
export * from "./policy.js";
export * from "./seed-demo-accounts.js";
export { loadActor } from "./sessions.js";
export { provenPhoneOf } from "./otp-resident-account.js";
