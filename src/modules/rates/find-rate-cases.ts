import { and, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cases, categories, regions } from "../../db/schema.js";
import { BadRequestError } from "../../shared/errors.js";
import { figurePredicates, type CaseFigure, type FigurePart } from "./figures.js";
import type { RateCaseView } from "./schemas.js";

export interface RateCasePage {
  figure: CaseFigure;
  part: FigurePart;
  items: RateCaseView[];
  total: number;
  page: number;
  pageSize: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The cases behind one figure's numerator or denominator inside a rate scope, newest first. The
 * condition is the figure's own predicate, so `total` equals the figure's count.
 */
export async function findRateCases(
  db: Db,
  scope: SQL,
  opts: { figure: CaseFigure; part: FigurePart; page: number; pageSize: number; now: Date },
): Promise<RateCasePage> {
  const predicate = figurePredicates(opts.now).figures[opts.figure];
  const condition = opts.part === "numerator" ? predicate.numerator : predicate.denominator;
  if (!condition) {
    throw new BadRequestError("no_denominator", `${opts.figure} is a count: it has a numerator only.`);
  }
  const where = and(scope, condition) ?? sql`false`;
  const [totalRow] = await db.select({ n: count() }).from(cases).where(where);
  const rows = await db
    .select({
      id: cases.id,
      number: cases.number,
      status: cases.status,
      categoryCode: cases.categoryCode,
      categoryName: categories.name,
      categoryNameEn: categories.nameEn,
      regionCode: cases.regionCode,
      regionName: regions.name,
      handlingLevel: cases.handlingLevel,
      solvedLevel: cases.solvedLevel,
      createdAt: cases.createdAt,
      responseDueAt: cases.responseDueAt,
      respondedAt: cases.respondedAt,
      handleDueAt: cases.handleDueAt,
      repliedAt: cases.repliedAt,
      evaluatedAt: cases.evaluatedAt,
      resolved: cases.resolved,
      satisfaction: cases.satisfaction,
      closedAt: cases.closedAt,
    })
    .from(cases)
    // The names people read beside the codes: one join each, not a read per row.
    .leftJoin(categories, eq(categories.code, cases.categoryCode))
    .leftJoin(regions, eq(regions.code, cases.regionCode))
    .where(where)
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  return {
    figure: opts.figure,
    part: opts.part,
    items: rows.map(({ categoryName, categoryNameEn, regionName, ...r }) => ({
      ...r,
      category:
        r.categoryCode === null
          ? null
          : {
              code: r.categoryCode,
              name: categoryName ?? r.categoryCode,
              nameEn: categoryNameEn ?? categoryName ?? r.categoryCode,
            },
      region: { code: r.regionCode, name: regionName ?? r.regionCode },
      createdAt: r.createdAt.toISOString(),
      responseDueAt: iso(r.responseDueAt),
      respondedAt: iso(r.respondedAt),
      handleDueAt: iso(r.handleDueAt),
      repliedAt: iso(r.repliedAt),
      evaluatedAt: iso(r.evaluatedAt),
      closedAt: iso(r.closedAt),
    })),
    total: totalRow?.n ?? 0,
    page: opts.page,
    pageSize: opts.pageSize,
  };
}
