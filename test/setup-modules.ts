/**
 * Every test file starts with the module registry in force (permissions, …), as the app, the
 * CLI and the scheduler do at start, so a test may call a module's functions without an app.
 */
import { installRegisteredModules } from "../src/modules/registry.js";

installRegisteredModules();
