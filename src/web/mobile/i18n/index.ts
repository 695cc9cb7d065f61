import { createI18n } from "../../shared/i18n.js";
import { common } from "./common.js";
import { grid } from "./grid.js";
import { resident } from "./resident.js";

/** The mobile pages' dictionaries: one file per area, merged here. */
export const { t, useI18n } = createI18n({
  zh: { ...common.zh, ...resident.zh, ...grid.zh },
  en: { ...common.en, ...resident.en, ...grid.en },
});
