import { sql } from "drizzle-orm";
import { users } from "../../db/schema.js";
import { defineModule } from "../../core/modules/manifest.js";
import { columnLabeller } from "../../core/notifications/subject-labels.js";
import { ACCOUNT_PERMISSIONS } from "./permissions.js";
import { seedDemoAccounts } from "./seed-demo-accounts.js";

/** Accounts: an account for every role of the demo. */
export const ACCOUNTS_MODULE = defineModule({
  name: "accounts",
  labels: [
    {
      subjectType: "user",
      labels: columnLabeller(
        users,
        users.id,
        sql<string>`${users.displayName} || '（' || ${users.username} || '）'`,
        sql<string>`${users.displayName} || ' (' || ${users.username} || ')'`,
      ),
    },
  ],
  permissions: ACCOUNT_PERMISSIONS,
  menu: [{ id: "accounts.users", group: "admin", order: 40, anyOf: ["users.manage"] }],
  notificationKinds: [{ kind: "login_code", sms: { templateVar: "SMS_TEMPLATE_LOGIN_CODE", param: "code" } }],
  demo: {
    async run(db) {
      const accounts = await seedDemoAccounts(db);
      return [`demo accounts: ${accounts.map((a) => a.username).join(", ")}`];
    },
  },
});
