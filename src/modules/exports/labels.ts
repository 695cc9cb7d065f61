/**
 * Words of the exported tables: column headers and the values of coded columns, zh-CN and en; the
 * coded values are the glossary's terms (src/shared/contracts/glossary.ts), the same the pages show.
 */
import type { CaseChannel, CaseStatus, HandlingLevel, Satisfaction } from "../../db/schema.js";
import { enTerms, zhTerms } from "../../shared/contracts/glossary.js";

export const EXPORT_LANGS = ["zh", "en"] as const;
export type ExportLang = (typeof EXPORT_LANGS)[number];

type Words<K extends string> = Record<ExportLang, Record<K, string>>;

export const STATUS_WORDS: Words<CaseStatus> = {
  zh: zhTerms.caseStatus,
  en: enTerms.caseStatus,
};

export const CHANNEL_WORDS: Words<CaseChannel> = {
  zh: zhTerms.channel,
  en: enTerms.channel,
};

export const LEVEL_WORDS: Words<HandlingLevel> = {
  zh: zhTerms.handlingLevel,
  en: enTerms.handlingLevel,
};

export const SATISFACTION_WORDS: Words<Satisfaction> = {
  zh: zhTerms.satisfaction,
  en: enTerms.satisfaction,
};

export const YES_NO: Record<ExportLang, [string, string]> = { zh: ["是", "否"], en: ["Yes", "No"] };

/** An instant in China time, `YYYY-MM-DD HH:mm` (what a clerk in Langfang reads). */
export function chinaTime(iso: string | null): string | null {
  if (!iso) return null;
  const shifted = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return shifted.toISOString().slice(0, 16).replace("T", " ");
}
