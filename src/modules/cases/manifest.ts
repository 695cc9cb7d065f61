import { count } from "drizzle-orm";
import { cases } from "../../db/schema.js";
import { defineModule } from "../../core/modules/manifest.js";
import { CASE_NOTIFICATION_KINDS } from "./notification-kinds.js";
import { CASE_PERMISSIONS } from "./permissions.js";
import { CASE_DEADLINE_SCAN } from "./deadlines/run-deadline-scan.js";
import { generateDemoHistory } from "./demo-history.js";
import { canReadCaseAttachments } from "./find-cases.js";
import { seedDemoCannedReplies } from "./demo-canned-replies.js";
import { seedDemoDispatchQueue, seedDemoGridMorning } from "./demo-queue.js";
import { CASE_WORKFLOW } from "./state-table.js";
import { CASE_LABELS } from "./transition.js";

/** Cases (群众说事): the appeal loop — its workflow, its deadline marks, and a year of demo appeals. */
export const CASES_MODULE = defineModule({
  name: "cases",
  permissions: CASE_PERMISSIONS,
  workflows: [
    {
      workflow: CASE_WORKFLOW,
      deadlineScan: CASE_DEADLINE_SCAN,
      labels: CASE_LABELS,
      // Photos of a case: whoever may see the case, and the holder of its tracking code (?token=).
      mayRead: ({ db, actor, subjectId, token }) =>
        canReadCaseAttachments(db, { actor, caseId: subjectId, token }),
    },
  ],
  menu: [
    { id: "cases.dispatch", group: "work", order: 10, anyOf: ["cases.dispatch"] },
    { id: "cases.intake", group: "work", order: 12, anyOf: ["cases.intake"] },
    { id: "cases.followUps", group: "work", order: 14, anyOf: ["cases.follow_up"] },
    { id: "cases.worklist", group: "work", order: 20, anyOf: ["cases.handle", "cases.verify"] },
    { id: "cases.cannedReplies", group: "work", order: 25, anyOf: ["cases.handle"] },
    { id: "cases.supervision", group: "work", order: 30, anyOf: ["cases.supervise"] },
    { id: "cases.search", group: "work", order: 40, anyOf: ["cases.read"] },
    { id: "cases.map", group: "work", order: 45, anyOf: ["cases.read"] },
  ],
  notificationKinds: CASE_NOTIFICATION_KINDS,
  demo: {
    async run(db) {
      const [existing] = await db.select({ n: count() }).from(cases);
      if (existing && existing.n > 0) return [];
      const history = await generateDemoHistory(db);
      const queued = await seedDemoDispatchQueue(db);
      const wishes = await seedDemoGridMorning(db);
      const canned = await seedDemoCannedReplies(db);
      return [
        `demo history: ${history.cases} cases, ${history.events} events over about a year`,
        `demo dispatch queue: ${queued} new appeals waiting in the first township's centre`,
        `demo grid morning: ${wishes} micro-wishes on the demo grid worker's work list`,
        `demo canned replies: ${canned} for the demo county's grid posts, committees and centres`,
      ];
    },
  },
});
