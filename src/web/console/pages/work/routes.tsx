import type { ConsolePage } from "../../pages.js";

/** The work pages, in menu order. */
export const workPages: ConsolePage[] = [];
