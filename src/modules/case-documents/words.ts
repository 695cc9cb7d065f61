/**
 * The Chinese words of the printed case documents. They are the console's words (the staff read
 * the paper next to the case page), so a code never reaches the paper: the glossary's Chinese
 * terms (src/shared/contracts/glossary.ts), the same the console shows.
 */
import type { CaseChannel, CaseStatus, HandlingLevel, Satisfaction } from "../../db/schema.js";
import type { CaseAction } from "../cases/index.js";
import { zhTerms } from "../../shared/contracts/glossary.js";

export const STATUS_WORDS: Record<CaseStatus, string> = zhTerms.caseStatus;

/** Each step of the timeline; `triage` is the dispatcher's categorising (not a state change). */
export const ACTION_WORDS: Record<CaseAction | "triage", string> = zhTerms.caseAction;

export const CHANNEL_WORDS: Record<CaseChannel, string> = zhTerms.channel;

export const SATISFACTION_WORDS: Record<Satisfaction, string> = zhTerms.satisfaction;

export const LEVEL_WORDS: Record<HandlingLevel, string> = zhTerms.handlingLevel;

/** Who acted when no staff unit did (the event's label: `resident`, `system`, `open311:<key>`). */
export const ACTOR_LABEL_WORDS: Record<string, string> = zhTerms.eventActor;

export const REJECT_REASON_WORDS: Record<string, string> = zhTerms.rejectReason;

export const CONTACT_WORDS: Record<string, string> = zhTerms.contactMethod;

/** The three levels of supervision (三级督办) and their names on the notice. */
export const SUPERVISION_LEVELS = ["township", "county", "city"] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export const SUPERVISION_LEVEL_WORDS: Record<SupervisionLevel, string> = {
  township: "乡镇（街道）级督办",
  county: "县（区）级督办",
  city: "市级督办",
};

/** An instant as a clerk in Langfang reads it: `2026-11-27 08:05`, China time. */
export function chinaTime(at: Date | string | null): string {
  if (at === null) return "—";
  const shifted = new Date(new Date(at).getTime() + 8 * 3_600_000);
  return shifted.toISOString().slice(0, 16).replace("T", " ");
}

/** `12-06 13:34` when `at` falls in the year of `reference` (China time), else the full `chinaTime`. */
export function shortTime(at: Date | string, reference: Date | string): string {
  const full = chinaTime(at);
  return full.slice(0, 4) === chinaTime(reference).slice(0, 4) ? full.slice(5) : full;
}

/** A date as written on a form: `2026年12月2日 17:30`, China time. */
export function chinaDateWords(at: Date): string {
  const s = new Date(at.getTime() + 8 * 3_600_000);
  const hm = s.toISOString().slice(11, 16);
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日 ${hm}`;
}

/** A span in days and hours: "2天5小时", "3小时", "不足1小时". */
export function spanWords(ms: number): string {
  const hours = Math.floor(Math.abs(ms) / 3_600_000);
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  if (days === 0) return rest === 0 ? "不足1小时" : `${rest}小时`;
  return rest === 0 ? `${days}天` : `${days}天${rest}小时`;
}
