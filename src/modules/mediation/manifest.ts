import { defineModule } from "../../core/modules/manifest.js";
import { columnLabeller } from "../../core/notifications/subject-labels.js";
import { disputeTypes, mediationCommittees, mediators } from "./schema.js";
import { DISPUTE_DEADLINE_SCAN } from "./deadline-scan.js";
import { loadDemoMediation } from "./demo-disputes.js";
import { loadDemoScreening } from "./demo-screening.js";
import { loadDemoHistory } from "./demo-history.js";
import { findReadableDispute } from "./policy.js";
import { MEDIATION_PERMISSIONS } from "./permissions.js";
import { DISPUTE_WORKFLOW } from "./state-table.js";
import { DISPUTE_LABELS } from "./store.js";
import { SCREENING_SCAN } from "./screening-scan.js";
import { SCREENING_LABELS, SCREENING_WORKFLOW } from "./screening-workflow.js";

/**
 * People's mediation (人民调解): the dispute workflow, its deadline marks, and the demo county's
 * committees, mediators and disputes, and the monthly screening of villages (after the accounts step: demo accounts mediate).
 */
export const MEDIATION_MODULE = defineModule({
  name: "mediation",
  permissions: MEDIATION_PERMISSIONS,
  // The audit log names what an administrator changed by these (built when called: the tables
  // are not yet defined while the module registry loads).
  labels: [
    {
      subjectType: "committee",
      labels: (db, ids) =>
        columnLabeller(mediationCommittees, mediationCommittees.id, mediationCommittees.name)(db, ids),
    },
    {
      subjectType: "mediator",
      labels: (db, ids) => columnLabeller(mediators, mediators.id, mediators.name)(db, ids),
    },
    {
      subjectType: "dispute_type",
      labels: (db, ids) =>
        columnLabeller(disputeTypes, disputeTypes.code, disputeTypes.nameZh, disputeTypes.nameEn)(db, ids),
    },
  ],
  workflows: [
    {
      workflow: DISPUTE_WORKFLOW,
      deadlineScan: DISPUTE_DEADLINE_SCAN,
      labels: DISPUTE_LABELS,
      // Photos of a dispute's sessions: whoever may read the dispute.
      mayRead: async ({ db, actor, subjectId }) => {
        if (!actor) return false;
        try {
          await findReadableDispute(db, actor, subjectId);
          return true;
        } catch {
          return false;
        }
      },
    },
    // The monthly screening (排查): planned and marked overdue by its scan.
    { workflow: SCREENING_WORKFLOW, deadlineScan: SCREENING_SCAN, labels: SCREENING_LABELS },
  ],
  menu: [
    { id: "mediation.workbench", group: "work", order: 50, anyOf: ["mediation.read"] },
    { id: "mediation.screening", group: "work", order: 51, anyOf: ["mediation.read_screening"] },
    { id: "mediation.figures", group: "cockpit", order: 40, anyOf: ["mediation.read"] },
    { id: "mediation.committees", group: "admin", order: 32, anyOf: ["mediation.manage"] },
    { id: "mediation.mediators", group: "admin", order: 33, anyOf: ["mediation.manage"] },
    { id: "mediation.dispute-types", group: "admin", order: 34, anyOf: ["mediation.manage"] },
  ],
  notificationKinds: [
    "dispute_registered",
    "dispute_assigned",
    "dispute_declined",
    "dispute_escalated",
    "dispute_settled",
    "dispute_repeat_parties",
    "dispute_major_risk",
    "dispute_deadline_warning",
    "dispute_deadline_overdue",
    "dispute_follow_up_due",
    "dispute_judicial_reminder",
    "screening_overdue",
  ].map((kind) => ({ kind })),
  // The screening demo after the disputes': this month's findings of the demo village are theirs.
  // The year of history last: it turns the past months' screening of villages with findings to "found".
  demo: {
    run: async (db) => [
      ...(await loadDemoMediation(db)),
      ...(await loadDemoScreening(db)),
      ...(await loadDemoHistory(db)),
    ],
  },
});
