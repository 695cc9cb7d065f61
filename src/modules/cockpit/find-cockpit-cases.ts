/**
 * The cases behind a figure: the drill-down of the registered figure set that defines the figure
 * (for the three rates, the rates module's: same predicates and scope as GET /rates/cases),
 * narrowed to one category and its subcategories when asked: what a category bar opens.
 */
import type { Db } from "../../db/client.js";
import type { Actor } from "../../core/access/actor.js";
import { cockpitFiguresOf, type CockpitFigureSet } from "../../core/modules/manifest.js";
import { BadRequestError } from "../../shared/errors.js";
import type { RateCasePage } from "../rates/index.js";
import { MODULES } from "../registry.js";
import type { CockpitCasesReq } from "./schemas.js";

export async function findCockpitCases(
  db: Db,
  actor: Actor | null,
  query: CockpitCasesReq,
  opts: { page: number; pageSize: number },
): Promise<RateCasePage> {
  const set = cockpitFiguresOf(MODULES).find((s) => s.figures.includes(query.figure)) as
    CockpitFigureSet<never, unknown, CockpitCasesReq, RateCasePage> | undefined;
  if (!set) throw new BadRequestError("bad_request", `No module defines the figure ${query.figure}.`);
  return set.drillDown(db, actor, { ...query, ...opts }, new Date());
}
