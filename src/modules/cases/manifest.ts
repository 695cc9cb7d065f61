import { count } from "drizzle-orm";
import { cases } from "../../db/schema.js";
import { defineModule } from "../../core/modules/manifest.js";
import { CASE_DEADLINE_SCAN } from "./deadlines/run-deadline-scan.js";
import { generateDemoHistory } from "./demo-history.js";
import { seedDemoDispatchQueue } from "./demo-queue.js";
import { CASE_WORKFLOW } from "./state-table.js";

/** Cases (群众说事): the appeal loop — its workflow, its deadline marks, and a year of demo appeals. */
export const CASES_MODULE = defineModule({
  name: "cases",
  workflows: [{ workflow: CASE_WORKFLOW, deadlineScan: CASE_DEADLINE_SCAN }],
  demo: {
    async run(db) {
      const [existing] = await db.select({ n: count() }).from(cases);
      if (existing && existing.n > 0) return [];
      const history = await generateDemoHistory(db);
      const queued = await seedDemoDispatchQueue(db);
      return [
        `demo history: ${history.cases} cases, ${history.events} events over about a year`,
        `demo dispatch queue: ${queued} new appeals waiting in the first township's centre`,
      ];
    },
  },
});
