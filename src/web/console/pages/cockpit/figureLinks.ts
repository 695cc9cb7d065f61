/** Where a figure's number leads: the list of its cases, with the cockpit's scope and period. */
import { withQuery } from "../../../shared/api.js";
import type { CaseFigure, CockpitScope } from "./types.js";

export function figureCasesPath(
  figure: CaseFigure,
  part: "numerator" | "denominator",
  scope: CockpitScope,
): string {
  return withQuery("/cockpit/cases", { figure, part, ...scope });
}
