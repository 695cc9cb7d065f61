/**
 * Case numbers a person can read out on the phone (the core's subject numbers on
 * `case_number_seq`), e.g. 261127000042.
 */
import type { Tx } from "../../db/client.js";
import {
  allocateSubjectNumber,
  chinaDatePrefix,
  isSubjectNumber,
} from "../../core/workflow/subject-number.js";

export { chinaDatePrefix };

/** The number for a case received at `at`, drawing the next value of the sequence. */
export async function allocateCaseNumber(tx: Tx, at: Date): Promise<string> {
  return allocateSubjectNumber(tx, "case_number_seq", at);
}

/** True when `value` has the shape of a case number (12 digits). */
export const isCaseNumber = isSubjectNumber;
