import { defineModule } from "../../core/modules/manifest.js";
import { DISPUTE_DEADLINE_SCAN } from "./deadline-scan.js";
import { DISPUTE_WORKFLOW } from "./state-table.js";

/** People's mediation (人民调解): the dispute workflow and its deadline marks. */
export const MEDIATION_MODULE = defineModule({
  name: "mediation",
  workflows: [{ workflow: DISPUTE_WORKFLOW, deadlineScan: DISPUTE_DEADLINE_SCAN }],
});
