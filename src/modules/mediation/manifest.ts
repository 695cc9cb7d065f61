import { defineModule } from "../../core/modules/manifest.js";
import { DISPUTE_DEADLINE_SCAN } from "./deadline-scan.js";
import { loadDemoMediation } from "./demo-disputes.js";
import { DISPUTE_WORKFLOW } from "./state-table.js";

/**
 * People's mediation (人民调解): the dispute workflow, its deadline marks, and the demo county's
 * committees, mediators and disputes (after the accounts step: demo accounts mediate).
 */
export const MEDIATION_MODULE = defineModule({
  name: "mediation",
  workflows: [{ workflow: DISPUTE_WORKFLOW, deadlineScan: DISPUTE_DEADLINE_SCAN }],
  demo: { run: (db) => loadDemoMediation(db) },
});
