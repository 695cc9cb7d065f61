/** What the rates and cockpit APIs answer (see src/modules/rates/schemas.ts, cockpit/schemas.ts). */
export interface Figure {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}
export interface Figures {
  responseRate: Figure;
  resolutionRate: Figure;
  satisfactionRate: Figure & { satisfied: number; basicallySatisfied: number };
  composite: Figure;
  onTimeRate: Figure;
  gridVillageShare: Figure;
  overdue: Figure;
  received: Figure;
  closed: Figure;
}
export type FigureName = keyof Figures;
export type CaseFigure = Exclude<FigureName, "composite">;
export interface Text {
  "zh-CN": string;
  en: string;
}
export type Definitions = Record<string, { name: Text; definition: Text }>;
export interface RatesView {
  scope: {
    region: string | null;
    department: string | null;
    from: string | null;
    to: string | null;
    asOf: string;
  };
  figures: Figures;
  definitions: Definitions;
}
export interface BreakdownView {
  by: string;
  rows: { key: string | null; name: string | null; figures: Figures }[];
  definitions: Definitions;
}
export interface TrendView {
  months: { month: string; from: string; to: string; figures: Figures }[];
}
export interface DensityView {
  grids: {
    code: string;
    name: string;
    villageCode: string;
    count: number;
    geometry: { type: string; coordinates: unknown };
  }[];
  withoutGrid: number;
  max: number;
}
export interface RateCase {
  id: string;
  number: string;
  status: string;
  categoryCode: string | null;
  regionCode: string;
  handlingLevel: string | null;
  solvedLevel: string | null;
  createdAt: string;
  respondedAt: string | null;
  repliedAt: string | null;
  evaluatedAt: string | null;
  resolved: boolean | null;
  satisfaction: string | null;
}
export interface RateCasePage {
  figure: string;
  part: "numerator" | "denominator";
  items: RateCase[];
  total: number;
  page: number;
  pageSize: number;
}
/** The scope and period every cockpit request carries. */
export type CockpitScope = {
  region?: string;
  department?: string;
  from?: string;
  to?: string;
  /** Only on a drill-down: one category and its subcategories. */
  category?: string;
};
