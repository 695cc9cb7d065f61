/**
 * Every module that registers something with the core, in the order their demo steps run (each
 * step needs the ones before it: regions → grids → organisations → catalogue → cases → …).
 * Adding a module is one line here; the policy, the scheduler and the demo loader pick it up.
 */
import { installModules, type ModuleManifest } from "../core/modules/manifest.js";
import { ACCOUNTS_MODULE } from "./accounts/manifest.js";
import { AUDIT_MODULE } from "./audit/manifest.js";
import { CASES_MODULE } from "./cases/manifest.js";
import { CATALOGUE_MODULE } from "./catalogue/manifest.js";
import { GRIDS_MODULE } from "./grids/manifest.js";
import { MEDIATION_MODULE } from "./mediation/manifest.js";
import { OPEN311_MODULE } from "./open311/manifest.js";
import { ORGANISATIONS_MODULE } from "./organisations/manifest.js";
import { RATES_MODULE } from "./rates/manifest.js";
import { PEOPLE_MODULE } from "./people/manifest.js";
import { REGIONS_MODULE } from "./regions/manifest.js";
import { VISITS_MODULE } from "./visits/manifest.js";
import { CASE_LINKS_MODULE } from "./case-links/manifest.js";
import { MY_DATA_MODULE } from "./my-data/manifest.js";

export const MODULES: readonly ModuleManifest[] = [
  REGIONS_MODULE,
  GRIDS_MODULE,
  ORGANISATIONS_MODULE,
  CATALOGUE_MODULE,
  CASES_MODULE,
  OPEN311_MODULE,
  ACCOUNTS_MODULE,
  RATES_MODULE,
  AUDIT_MODULE,
  MEDIATION_MODULE,
  PEOPLE_MODULE,
  VISITS_MODULE,
  CASE_LINKS_MODULE,
  MY_DATA_MODULE,
];

/**
 * Puts every registered module's declarations in force in the core (permissions, …). The app,
 * the CLI and the test setup call it at start; calling it again changes nothing.
 */
export function installRegisteredModules(): void {
  installModules(MODULES);
}
