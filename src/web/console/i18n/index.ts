import { createI18n } from "../../shared/i18n.js";
import { admin } from "./admin.js";
import { cockpit } from "./cockpit.js";
import { common } from "./common.js";
import { work } from "./work.js";

/** The console's dictionaries: one file per area, merged here. */
export const { t, useI18n } = createI18n({
  zh: { ...common.zh, ...work.zh, ...cockpit.zh, ...admin.zh },
  en: { ...common.en, ...work.en, ...cockpit.en, ...admin.en },
});
