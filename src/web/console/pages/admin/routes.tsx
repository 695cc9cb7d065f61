import type { ConsolePage } from "../../pages.js";

/** The admin pages, in menu order. */
export const adminPages: ConsolePage[] = [];
