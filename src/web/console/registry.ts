/**
 * Every module's console pages, one entry per module: the one list the routes, the menu and the
 * home page read. A module that adds pages adds its entry here (and its pages' lazily loaded
 * components); the server's module manifest names the same ids in the session's `menu`.
 */
import type { ConsoleModule, ConsolePage } from "./pages.js";
import { adminPages } from "./pages/admin/routes.js";
import { ratesPages } from "./pages/cockpit/routes.js";
import { mediationPages } from "./pages/mediation/routes.js";
import { peoplePages } from "./pages/people/routes.js";
import { casesPages } from "./pages/work/routes.js";
import { visitsPages } from "./pages/visits/routes.js";
import { myDataPages } from "./pages/my-data/routes.js";

export const CONSOLE_MODULES: readonly ConsoleModule[] = [
  casesPages,
  mediationPages,
  peoplePages,
  visitsPages,
  myDataPages,
  ratesPages,
  ...adminPages,
];

export const CONSOLE_PAGES: readonly ConsolePage[] = CONSOLE_MODULES.flatMap((m) => m.pages);
