/** Where a figure's number leads: the list of its cases, with the cockpit's scope and period. */
import { withQuery } from "../../../shared/api.js";
import type { CaseFigure, CockpitScope, FigurePart } from "../../../shared/contracts.js";

export function figureCasesPath(figure: CaseFigure, part: FigurePart, scope: CockpitScope): string {
  return withQuery("/cockpit/cases", { figure, part, ...scope });
}
