import { admin } from "./admin.js";
import { centre } from "./centre.js";
import { cockpit } from "./cockpit.js";
import { common } from "./common.js";
import { intake } from "./intake.js";
import { links } from "./links.js";
import { maps } from "./maps.js";
import { myData } from "./myData.js";
import { mediation } from "./mediation.js";
import { mediationFigures } from "./mediationFigures.js";
import { people } from "./people.js";
import { places } from "./places.js";
import { visits } from "./visits.js";
import { work } from "./work.js";

/** The console's namespace: one file per area, merged here. */
export const consoleWords = {
  "zh-CN": {
    ...common.zh,
    ...work.zh,
    ...cockpit.zh,
    ...admin.zh,
    ...centre.zh,
    ...intake.zh,
    ...mediation.zh,
    ...mediationFigures.zh,
    ...people.zh,
    ...places.zh,
    ...visits.zh,
    ...links.zh,
    ...maps.zh,
    ...myData.zh,
  },
  en: {
    ...common.en,
    ...work.en,
    ...cockpit.en,
    ...admin.en,
    ...centre.en,
    ...intake.en,
    ...mediation.en,
    ...mediationFigures.en,
    ...people.en,
    ...places.en,
    ...visits.en,
    ...links.en,
    ...maps.en,
    ...myData.en,
  },
};
export type ConsoleWords = (typeof consoleWords)["zh-CN"];
export type ConsoleKey = keyof ConsoleWords;
