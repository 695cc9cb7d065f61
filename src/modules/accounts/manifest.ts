import { defineModule } from "../../core/modules/manifest.js";
import { seedDemoAccounts } from "./seed-demo-accounts.js";

/** Accounts: an account for every role of the demo. */
export const ACCOUNTS_MODULE = defineModule({
  name: "accounts",
  demo: {
    async run(db) {
      const accounts = await seedDemoAccounts(db);
      return [`demo accounts: ${accounts.map((a) => a.username).join(", ")}`];
    },
  },
});
