import { defineModule } from "../../core/modules/manifest.js";
import { linkDemoResidentPhone } from "./demo-my-data.js";
import { MY_DATA_PERMISSIONS } from "./permissions.js";
import { CORRECTION_WORKFLOW } from "./state-table.js";
import { CORRECTION_LABELS } from "./store.js";

/**
 * Residents' rights (issue 13): "my data" for a resident signed in by phone, who read it, and
 * correction requests (a workflow handled by the grid post); after the people module, whose
 * register the demo step links the demo resident to.
 */
export const MY_DATA_MODULE = defineModule({
  name: "my_data",
  permissions: MY_DATA_PERMISSIONS,
  workflows: [{ workflow: CORRECTION_WORKFLOW, labels: CORRECTION_LABELS }],
  menu: [{ id: "people.corrections", group: "work", order: 61, anyOf: ["people.read"] }],
  notificationKinds: [
    { kind: "register_correction_requested" },
    { kind: "register_correction_done" },
    { kind: "register_correction_declined" },
  ],
  demo: { run: (db) => linkDemoResidentPhone(db) },
});
