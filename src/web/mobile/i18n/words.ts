import { common } from "./common.js";
import { grid } from "./grid.js";
import { mediation } from "./mediation.js";
import { resident } from "./resident.js";
import { visits } from "./visits.js";
import { myData } from "./myData.js";
import { homes } from "./homes.js";

/** The mobile pages' namespace: one file per area, merged here. */
export const mobileWords = {
  "zh-CN": {
    ...common.zh,
    ...resident.zh,
    ...grid.zh,
    ...visits.zh,
    ...myData.zh,
    ...mediation.zh,
    ...homes.zh,
  },
  en: { ...common.en, ...resident.en, ...grid.en, ...visits.en, ...myData.en, ...mediation.en, ...homes.en },
};
export type MobileWords = (typeof mobileWords)["zh-CN"];
export type MobileKey = keyof MobileWords;
