import type { ConsolePage } from "../../pages.js";

/** The cockpit pages, in menu order. */
export const cockpitPages: ConsolePage[] = [];
