import { defineModule } from "../../core/modules/manifest.js";
import { VISIT_DEADLINE_SCAN } from "./deadline-scan.js";
import { loadDemoVisits } from "./demo-visits.js";
import { findVisibleVisit, visitBindings } from "./policy.js";
import { VISITS_PERMISSIONS } from "./permissions.js";
import { VISIT_WORKFLOW } from "./state-table.js";
import { VISIT_LABELS } from "./store.js";

/**
 * Grid visits (走访): planned from the key/care population types' visit frequencies, recorded by
 * the grid worker, marked overdue by the scan; the demo grid's year of visits (after the people
 * module's register, on which it builds).
 */
export const VISITS_MODULE = defineModule({
  name: "visits",
  permissions: VISITS_PERMISSIONS,
  workflows: [
    {
      workflow: VISIT_WORKFLOW,
      deadlineScan: VISIT_DEADLINE_SCAN,
      labels: VISIT_LABELS,
      // A visit's photos: whoever may see the visit.
      mayRead: async ({ db, actor, subjectId }) => {
        if (!actor) return false;
        try {
          await findVisibleVisit(db, subjectId, visitBindings(actor, "visits.read"));
          return true;
        } catch {
          return false;
        }
      },
    },
  ],
  menu: [
    { id: "visits.worklist", group: "work", order: 65, anyOf: ["visits.read"] },
    { id: "visits.rate", group: "cockpit", order: 30, anyOf: ["visits.read"] },
  ],
  notificationKinds: [{ kind: "visit_overdue" }],
  demo: { run: (db) => loadDemoVisits(db) },
});
