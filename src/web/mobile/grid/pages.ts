/**
 * The grid pages' modules, loaded on demand (a resident never downloads them). The shell loads
 * them all once a worker is signed in, so every grid page opens offline later.
 */
export const loadShell = () => import("./GridShell.js");
export const loadLogin = () => import("./GridLogin.js");
export const loadWorkList = () => import("./WorkList.js");
export const loadCasePage = () => import("./CasePage.js");
export const loadPatrol = () => import("./Patrol.js");
export const loadOutbox = () => import("./OutboxPage.js");
export const loadVisits = () => import("./Visits.js");
export const loadVisitPage = () => import("./VisitPage.js");
export const loadMediationList = () => import("./MediationList.js");
export const loadMediationDispute = () => import("./MediationDispute.js");
export const loadHomes = () => import("./Homes.js");

/** Every grid page, for the shell's prefetch. */
export const GRID_PAGES = [
  loadWorkList,
  loadCasePage,
  loadPatrol,
  loadOutbox,
  loadVisits,
  loadVisitPage,
  loadLogin,
  loadMediationList,
  loadMediationDispute,
  loadHomes,
];
