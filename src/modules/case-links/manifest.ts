import { defineModule } from "../../core/modules/manifest.js";
import { CASE_LINKS_PERMISSIONS } from "./permissions.js";

/** Cases linked to persons and households of the register (after cases and people). */
export const CASE_LINKS_MODULE = defineModule({
  name: "case_links",
  permissions: CASE_LINKS_PERMISSIONS,
});
