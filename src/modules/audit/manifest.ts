import { defineModule } from "../../core/modules/manifest.js";
import { AUDIT_PERMISSIONS } from "./permissions.js";

/** Audit: the administrative audit log and the log of personal-data reads. */
export const AUDIT_MODULE = defineModule({
  name: "audit",
  permissions: AUDIT_PERMISSIONS,
  menu: [
    { id: "audit.log", group: "admin", order: 60, anyOf: ["audit.read"] },
    { id: "audit.personal-data-reads", group: "admin", order: 61, anyOf: ["personal_data.audit"] },
  ],
});
