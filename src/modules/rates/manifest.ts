import { defineModule } from "../../core/modules/manifest.js";
import { RATE_COCKPIT_FIGURES } from "./cockpit-figures.js";
import { RATE_PERMISSIONS } from "./permissions.js";

/** Rates: the three rates of the appeal loop (response, resolution, satisfaction), their case lists and their cockpit figures. */
export const RATES_MODULE = defineModule({
  name: "rates",
  permissions: RATE_PERMISSIONS,
  cockpit: [RATE_COCKPIT_FIGURES],
  menu: [{ id: "rates.cockpit", group: "cockpit", order: 10, anyOf: ["rates.read"] }],
});
