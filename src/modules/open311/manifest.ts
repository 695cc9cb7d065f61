import { apiKeys } from "../../db/schema.js";
import { defineModule } from "../../core/modules/manifest.js";
import { columnLabeller } from "../../core/notifications/subject-labels.js";
import { DEMO_OPEN311_KEY, seedDemoOpen311Key } from "./api-keys.js";

/** Open311: the demo API key `demo-open311-key`. */
export const OPEN311_MODULE = defineModule({
  name: "open311",
  labels: [{ subjectType: "api_key", labels: columnLabeller(apiKeys, apiKeys.id, apiKeys.name) }],
  menu: [{ id: "open311.api-keys", group: "admin", order: 50, anyOf: ["users.manage"] }],
  demo: {
    async run(db) {
      await seedDemoOpen311Key(db);
      return [`demo Open311 API key: ${DEMO_OPEN311_KEY}`];
    },
  },
});
