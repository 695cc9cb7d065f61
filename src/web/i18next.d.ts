/**
 * Typed keys for i18next: each namespace's keys and `{placeholders}` come from its Chinese
 * dictionary, so `t("no.such.key")` or a missing placeholder value fails the type check.
 */
import "i18next";
import type { ConsoleWords } from "./console/i18n/words.js";
import type { MobileWords } from "./mobile/i18n/words.js";
import type { DomainWords } from "./shared/i18n/domain.js";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "domain";
    resources: { console: ConsoleWords; mobile: MobileWords; domain: DomainWords };
    keySeparator: false;
    nsSeparator: false;
    interpolationPrefix: "{";
    interpolationSuffix: "}";
    strictInterpolationChecks: true;
    returnNull: false;
  }
}
