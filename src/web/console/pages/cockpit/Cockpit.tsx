/**
 * The cockpit (三率驾驶舱): the three rates and the composite of a scope and period with their
 * definitions, the monthly trend, rankings of townships (or counties) and departments, the top
 * categories, and the appeal density by grid. Every number opens the list of its cases. The wall
 * display mode fills the screen, dark with large type, and refreshes itself.
 */
import { ExpandOutlined, ReloadOutlined } from "@ant-design/icons";
import {
  Button,
  Card,
  Col,
  ConfigProvider,
  Flex,
  Row,
  Space,
  Table,
  Tooltip,
  Typography,
  theme,
  type TableColumnsType,
} from "antd";
import { useQueryClient } from "@tanstack/react-query";
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import type {
  BreakdownView,
  CaseFigure,
  CockpitScope,
  Definitions,
  DensityView,
  FigureName,
  Figures,
  RatesView,
  TrendView,
} from "../../../shared/contracts.js";
import type { Lang } from "../../../shared/i18n/setup.js";
import { keyOf, useGet } from "../../../shared/query.js";
import { EChart, type ChartOption } from "../../components/EChart.js";
import { ExportButtons } from "../../components/ExportButtons.js";
import { GridMap, type MapFeature } from "../../components/GridMap.js";
import { StateView } from "../../components/StateView.js";
import { useI18n, type ConsoleKey, type ConsoleT } from "../../i18n/index.js";
import { MIN_CASES_TO_RANK, rankRows } from "./ranking.js";
import { figureCasesPath } from "./figureLinks.js";
import { chinaTime, percent, presetRange, type PeriodPreset, PRESETS } from "./period.js";
import { ScopeBar } from "./ScopeBar.js";
import { usePunctuation } from "../../../shared/i18n/punctuation.js";
import { useSession } from "../../session.js";
import { DisputeTile } from "../mediation/DisputeTile.js";

type RankBy = "township" | "county" | "department";
const RANK_TITLES = {
  township: "cockpit.rank.township",
  county: "cockpit.rank.county",
  department: "cockpit.rank.department",
} as const satisfies Record<RankBy, ConsoleKey>;
const RANKED: CaseFigure[] = ["responseRate", "resolutionRate", "satisfactionRate"];

const MAIN: FigureName[] = ["responseRate", "resolutionRate", "satisfactionRate", "composite"];
const OTHER: CaseFigure[] = ["received", "closed", "overdue", "onTimeRate", "gridVillageShare"];
const RATE_FIGURES = new Set<FigureName>([
  "responseRate",
  "resolutionRate",
  "satisfactionRate",
  "composite",
  "onTimeRate",
  "gridVillageShare",
]);
const WALL_REFRESH_SECONDS = 60;
/** A ranking longer than its panel on the wall turns to its next rows this often. */
const WALL_PAGE_SECONDS = 10;
const COLORS = ["#1668dc", "#389e0d", "#d46b08", "#722ed1"];

/** The wall display's base type size: about 1% of the screen's width (20 px on 1920, 40 px on 3840). */
function useWallFontSize(): number {
  const measure = () => Math.max(14, Math.min(44, Math.round(window.innerWidth * 0.0105)));
  const [size, setSize] = useState(measure);
  useEffect(() => {
    const onResize = () => setSize(measure());
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);
  return size;
}

/** Reads the scope and period from the URL (so a reload or a shared link keeps them). */
function useCockpitParams() {
  const [params, setParams] = useSearchParams();
  const presetParam = params.get("period") as PeriodPreset | null;
  const preset: PeriodPreset = presetParam && PRESETS.includes(presetParam) ? presetParam : "year";
  const [defaultFrom, defaultTo] = presetRange(preset === "custom" ? "year" : preset);
  const scope: CockpitScope = {
    region: params.get("region") ?? undefined,
    department: params.get("department") ?? undefined,
    from: preset === "custom" ? (params.get("from") ?? defaultFrom) : defaultFrom,
    to: preset === "custom" ? (params.get("to") ?? defaultTo) : defaultTo,
  };
  const wall = params.get("wall") === "1";
  const set = (next: CockpitScope, nextPreset: PeriodPreset, nextWall = wall) => {
    const p = new URLSearchParams();
    if (next.region) p.set("region", next.region);
    if (next.department) p.set("department", next.department);
    p.set("period", nextPreset);
    if (nextPreset === "custom" && next.from && next.to) {
      p.set("from", next.from);
      p.set("to", next.to);
    }
    if (nextWall) p.set("wall", "1");
    setParams(p);
  };
  return { scope, preset, wall, set };
}

/** A figure's name or definition as the server defines it, in the page's language. */
function defText(
  definitions: Definitions | undefined,
  figure: string,
  lang: Lang,
  part: "name" | "definition",
) {
  const d = definitions?.[figure];
  if (!d) return figure;
  return lang === "zh-CN" ? d[part]["zh-CN"] : d[part].en;
}

function FigureCard({
  figure,
  figures,
  definitions,
  scope,
  wall,
}: {
  figure: FigureName;
  figures: Figures;
  definitions: Definitions;
  scope: CockpitScope;
  wall: boolean;
}) {
  const { t, lang } = useI18n();
  const punct = usePunctuation();
  const f = figures[figure];
  const name = defText(definitions, figure, lang, "name");
  const isRate = RATE_FIGURES.has(figure);
  const shown = isRate ? percent(f.value) : String(f.value ?? 0);
  const drill = figure !== "composite";
  return (
    <Card
      size="small"
      title={<span style={{ fontSize: wall ? "1.3em" : 16 }}>{name}</span>}
      style={{ height: "100%" }}
      data-testid={`figure-${figure}`}
    >
      <div
        style={{ fontSize: wall ? "2.6em" : 34, fontWeight: 600, lineHeight: 1.2 }}
        data-testid={`figure-${figure}-value`}
      >
        {drill && !isRate ? (
          <Link
            to={figureCasesPath(figure as CaseFigure, "numerator", scope)}
            aria-label={`${name} ${shown}`}
          >
            {shown}
          </Link>
        ) : (
          shown
        )}
      </div>
      {drill && isRate && (
        <div style={{ margin: "4px 0 8px", fontSize: wall ? "1.1em" : 14 }}>
          <Link
            to={figureCasesPath(figure as CaseFigure, "numerator", scope)}
            title={t("cockpit.numeratorHint")}
            data-testid={`figure-${figure}-numerator`}
          >
            {f.numerator === null
              ? "—"
              : Number.isInteger(f.numerator)
                ? f.numerator
                : f.numerator.toFixed(1)}
          </Link>
          {" / "}
          <Link
            to={figureCasesPath(figure as CaseFigure, "denominator", scope)}
            title={t("cockpit.denominatorHint")}
            data-testid={`figure-${figure}-denominator`}
          >
            {f.denominator ?? "—"}
          </Link>
        </div>
      )}
      <Typography.Paragraph
        style={{ fontSize: wall ? "0.85em" : 12, color: wall ? "#b8c4d6" : "#555", margin: 0 }}
      >
        <strong>{punct.colon(t("cockpit.definition"))}</strong>
        {defText(definitions, figure, lang, "definition")}
      </Typography.Paragraph>
    </Card>
  );
}

function trendOption(
  trend: TrendView,
  definitions: Definitions,
  lang: Lang,
  t: ConsoleT,
  wall: boolean,
  size: number,
): ChartOption {
  const text = wall ? "#e6edf7" : "#333";
  const months = trend.months.map((m) => m.month);
  const rates: FigureName[] = ["responseRate", "resolutionRate", "satisfactionRate", "composite"];
  return {
    color: COLORS,
    textStyle: { fontSize: size, color: text },
    tooltip: {
      trigger: "axis",
      valueFormatter: (v: unknown) =>
        typeof v === "number" && v <= 1.0001 ? `${(v * 100).toFixed(1)}%` : String(v),
    },
    legend: { textStyle: { color: text, fontSize: size }, top: 0 },
    grid: { left: 8, right: 8, top: size * 3.5, bottom: 8, containLabel: true },
    // The month labels sit a line's distance below the axis, clear of the "0%" at its start.
    xAxis: {
      type: "category",
      data: months,
      axisLabel: { color: text, fontSize: size, margin: Math.round(size * 0.9) },
    },
    yAxis: [
      {
        type: "value",
        min: 0,
        max: 1,
        axisLabel: { color: text, fontSize: size, formatter: (v: number) => `${Math.round(v * 100)}%` },
      },
      // Counts of cases: whole numbers only, no 0.5 ticks when there are two cases.
      {
        type: "value",
        minInterval: 1,
        axisLabel: { color: text, fontSize: size },
        splitLine: { show: false },
      },
    ],
    series: [
      ...rates.map((f) => ({
        name: defText(definitions, f, lang, "name"),
        type: "line",
        smooth: true,
        connectNulls: false,
        data: trend.months.map((m) => m.figures[f].value),
      })),
      {
        name: t("cockpit.trend.received"),
        type: "bar",
        yAxisIndex: 1,
        itemStyle: { color: wall ? "rgba(120,160,220,0.45)" : "rgba(22,104,220,0.18)" },
        data: trend.months.map((m) => m.figures.received.value),
      },
    ],
  };
}

/** A group's name in the reader's language: the English one where the catalogue carries it. */
function groupName(row: BreakdownView["rows"][number], lang: Lang): string | null {
  return lang === "en" && row.nameEn ? row.nameEn : row.name;
}

function categoriesOption(
  rows: BreakdownView["rows"],
  wall: boolean,
  none: string,
  size: number,
  lang: Lang,
): ChartOption {
  const text = wall ? "#e6edf7" : "#333";
  const top = [...rows].reverse();
  return {
    color: ["#1668dc"],
    textStyle: { fontSize: size, color: text },
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    // Each bar carries its count; on the wall the axis's large numbers ran into each other on the
    // narrow panel, so there it has its lines but no labels.
    xAxis: {
      type: "value",
      minInterval: 1,
      splitNumber: wall ? 3 : 5,
      axisLabel: { color: text, fontSize: size, show: !wall },
    },
    yAxis: {
      type: "category",
      data: top.map((r) => groupName(r, lang) ?? none),
      // Every one of the ten names, not every other one as echarts thins crowded axes.
      axisLabel: { color: text, fontSize: size, interval: 0 },
    },
    series: [
      {
        type: "bar",
        data: top.map((r) => r.figures.received.value),
        label: { show: true, position: "right", color: text },
      },
    ],
  };
}

/** Light yellow → dark red by share of the maximum. */
function densityColour(count: number, max: number): string {
  const steps = ["#fff3b0", "#ffd166", "#f8961e", "#e76f51", "#c1121f", "#780000"];
  if (max <= 0) return steps[0] as string;
  const i = Math.min(steps.length - 1, Math.floor((count / max) * (steps.length - 1) + 0.0001));
  return steps[i] as string;
}

/**
 * A box that takes the room its wall panel leaves (the panel's body is a column of fixed parts
 * and this) and hands its height in px to what it holds: charts, maps and tables on the wall are
 * sized to the screen instead of to their content, so the whole display fits without scrolling.
 */
function Fill({ children }: { children: (height: number) => ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(0);
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setHeight(Math.floor(element.clientHeight));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} style={{ flex: 1, minHeight: 0, overflow: "hidden" }}>
      {height > 0 && children(height)}
    </div>
  );
}

/** A wall panel's card: as tall as its cell of the wall's grid, its body a column for `Fill`. */
const WALL_CARD = {
  style: { height: "100%", display: "flex", flexDirection: "column", minHeight: 0 },
  styles: {
    body: { flex: 1, minHeight: 0, display: "flex", flexDirection: "column" },
    // A long (English) panel title wraps rather than being cut with an ellipsis.
    title: { whiteSpace: "normal" },
  },
} as const;

/**
 * On the wall a ranking shows as many rows as its panel holds, measured from the rendered header
 * and rows, and turns to the next rows every WALL_PAGE_SECONDS, so every unit is shown in turn
 * (a wall has nobody to click a pager) and no name is cut or wrapped.
 */
function useWallPages(total: number): {
  page: number;
  size: number;
  table: RefObject<HTMLDivElement | null>;
  fit: (height: number) => void;
} {
  const table = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState(5);
  const [turn, setTurn] = useState(0);
  const pages = Math.max(1, Math.ceil(total / size));
  useEffect(() => {
    if (pages <= 1) return;
    const timer = window.setInterval(() => setTurn((p) => p + 1), WALL_PAGE_SECONDS * 1000);
    return () => window.clearInterval(timer);
  }, [pages]);
  const fit = useCallback((height: number) => {
    const element = table.current;
    const head = element?.querySelector("thead")?.getBoundingClientRect().height ?? 0;
    const row = element?.querySelector("tbody tr.ant-table-row")?.getBoundingClientRect().height;
    if (!row) return;
    const rows = Math.max(1, Math.floor((height - head - 1) / row));
    setSize((current) => (current === rows ? current : rows));
  }, []);
  return { page: turn % pages, size, table, fit };
}

function WallRows({
  height,
  fit,
  children,
}: {
  height: number;
  fit: (h: number) => void;
  children: ReactNode;
}) {
  useLayoutEffect(() => fit(height));
  return <>{children}</>;
}

function RankTable({ by, scope, wall }: { by: RankBy; scope: CockpitScope; wall: boolean }) {
  const { t, lang } = useI18n();
  const state = useGet<BreakdownView>(
    "/rates/breakdown",
    { by, ...scope },
    { refetchInterval: wallRefresh(wall) },
  );
  const rows = useMemo(() => rankRows(state.data?.rows ?? []), [state.data]);
  const pager = useWallPages(rows.length);
  const rowScope = (key: string): CockpitScope =>
    by === "department" ? { ...scope, department: key } : { ...scope, region: key };
  const rateCell = (figure: CaseFigure) => (_: unknown, r: BreakdownView["rows"][number]) =>
    r.figures[figure].denominator ? (
      <Link to={figureCasesPath(figure, "numerator", rowScope(r.key as string))}>
        {percent(r.figures[figure].value)}
      </Link>
    ) : (
      "—"
    );
  const title = t(RANK_TITLES[by]);
  const columns: TableColumnsType<(typeof rows)[number]> = [
    {
      title: "#",
      key: "rank",
      width: wall ? undefined : 40,
      render: (_: unknown, r) =>
        r.place ?? (
          <Tooltip title={t("cockpit.rank.tooFew", { min: MIN_CASES_TO_RANK })}>
            <span aria-label={t("cockpit.rank.tooFew", { min: MIN_CASES_TO_RANK })}>—</span>
          </Tooltip>
        ),
    },
    { title: t("cockpit.rank.name"), key: "name", render: (_: unknown, r) => groupName(r, lang) },
    {
      title: t("cockpit.trend.received"),
      key: "received",
      align: "right",
      render: (_: unknown, r) => (
        <Link to={figureCasesPath("received", "numerator", rowScope(r.key as string))}>
          {r.figures.received.value}
        </Link>
      ),
    },
    ...RANKED.map((figure) => ({
      title: defText(state.data?.definitions, figure, lang, "name"),
      key: figure,
      align: "right" as const,
      render: rateCell(figure),
    })),
    {
      title: defText(state.data?.definitions, "composite", lang, "name"),
      key: "composite",
      align: "right",
      render: (_: unknown, r) => <strong>{percent(r.figures.composite.value)}</strong>,
    },
  ];

  if (wall) {
    const first = pager.page * pager.size;
    const shown = rows.slice(first, first + pager.size);
    // Names and figures stay on one line; the column heads may wrap (English ones are long),
    // so every column fits the panel.
    const oneLine = () => ({ style: { whiteSpace: "nowrap" as const } });
    const head = () => ({
      style: { whiteSpace: "normal" as const, verticalAlign: "bottom" as const, fontSize: "0.8em" },
    });
    return (
      <Card
        size="small"
        title={title}
        {...WALL_CARD}
        extra={
          rows.length > 0 && (
            <span data-testid={`rank-${by}-rows`}>
              {t("cockpit.wall.rankRows", {
                from: first + 1,
                to: first + shown.length,
                total: rows.length,
              })}
            </span>
          )
        }
        data-testid={`rank-${by}`}
      >
        <Fill>
          {(height) => (
            <StateView query={state} isEmpty={() => rows.length === 0}>
              {() => (
                <WallRows height={height} fit={pager.fit}>
                  <div ref={pager.table}>
                    <Table
                      size="small"
                      rowKey={(r) => r.key ?? "none"}
                      dataSource={shown}
                      pagination={false}
                      columns={columns.map((c) => ({ ...c, onCell: oneLine, onHeaderCell: head }))}
                    />
                  </div>
                </WallRows>
              )}
            </StateView>
          )}
        </Fill>
      </Card>
    );
  }

  return (
    <Card
      size="small"
      title={title}
      extra={<ExportButtons kind="rates" query={{ by, ...scope }} label={title} />}
      data-testid={`rank-${by}`}
    >
      <StateView query={state} isEmpty={() => rows.length === 0}>
        {() => (
          <Table
            size="small"
            rowKey={(r) => r.key ?? "none"}
            dataSource={rows}
            pagination={rows.length > 8 ? { pageSize: 8, size: "small", showSizeChanger: false } : false}
            scroll={{ x: true }}
            columns={columns}
          />
        )}
      </StateView>
    </Card>
  );
}

/** The wall display refreshes itself; the desk view refreshes on request. */
function wallRefresh(wall: boolean): number | false {
  return wall ? WALL_REFRESH_SECONDS * 1000 : false;
}

function CockpitBody({
  scope,
  wall,
  fontSize = 12,
}: {
  scope: CockpitScope;
  wall: boolean;
  /** Chart text size in px. */
  fontSize?: number;
}) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const every = { refetchInterval: wallRefresh(wall) };
  const rates = useGet<RatesView>("/rates", scope, every);
  const trend = useGet<TrendView>("/cockpit/trend", scope, every);
  const categories = useGet<BreakdownView>("/rates/breakdown", { by: "category", ...scope }, every);
  const density = useGet<DensityView>("/cockpit/density", scope, every);

  const definitions = rates.data?.definitions ?? {};
  const topCategories = useMemo(
    () =>
      [...(categories.data?.rows ?? [])]
        .sort((a, b) => (b.figures.received.value ?? 0) - (a.figures.received.value ?? 0))
        .slice(0, 10),
    [categories.data],
  );
  const features: MapFeature[] = useMemo(
    () =>
      (density.data?.grids ?? []).map((g) => ({
        id: g.code,
        geometry: g.geometry,
        fill: densityColour(g.count, density.data?.max ?? 0),
        // On the dark wall a dark edge round every small grid would drown their colours.
        stroke: wall ? "rgba(11, 21, 38, 0.35)" : "#5c3b00",
        tooltip: t("cockpit.density.tooltip", { name: g.name, count: g.count }),
      })),
    [density.data, wall, t],
  );
  const rankBy = scope.region && scope.region.length >= 6 ? "township" : "county";
  // Someone who sees one grid or one village has nothing to rank: the county and department
  // tables would list their own few cases under their county's name.
  const { session } = useSession();
  const ranks = !(session?.roles ?? []).every(
    (r) => r.scope.kind === "region" && (r.scope.level === "grid" || r.scope.level === "village"),
  );
  /** The wall sizes its panels to the screen (`Fill`); the desk view gives them fixed heights. */
  const sized = (render: (height: number) => ReactNode) => (wall ? <Fill>{render}</Fill> : render(320));
  const legendHeight = Math.round(fontSize * 1.6) + 6;

  const figureCards = (
    <StateView query={rates} minHeight={140}>
      {(data) => (
        <Row gutter={[16, 16]}>
          {MAIN.map((f) => (
            <Col key={f} xs={24} sm={12} xl={6}>
              <FigureCard
                figure={f}
                figures={data.figures}
                definitions={data.definitions}
                scope={scope}
                wall={wall}
              />
            </Col>
          ))}
          {!wall && (
            <Col span={24}>
              <Card
                size="small"
                title={t("cockpit.other")}
                extra={
                  <ExportButtons
                    kind="rates"
                    query={{ by: "summary", ...scope }}
                    label={t("cockpit.other")}
                  />
                }
              >
                <Flex wrap gap={32}>
                  {OTHER.map((f) => {
                    const fig = data.figures[f];
                    const isRate = RATE_FIGURES.has(f);
                    return (
                      <div key={f} data-testid={`figure-${f}`}>
                        <div
                          style={{ color: "#555" }}
                          title={defText(data.definitions, f, lang, "definition")}
                        >
                          {defText(data.definitions, f, lang, "name")}
                        </div>
                        <Link
                          to={figureCasesPath(f, "numerator", scope)}
                          style={{ fontSize: 22, fontWeight: 600 }}
                        >
                          {isRate ? percent(fig.value) : (fig.value ?? 0)}
                        </Link>
                      </div>
                    );
                  })}
                </Flex>
              </Card>
            </Col>
          )}
          {!wall && (
            <Col span={24}>
              <DisputeTile scope={scope} />
            </Col>
          )}
        </Row>
      )}
    </StateView>
  );

  const trendPanel = (
    <Card
      size="small"
      title={t("cockpit.trend")}
      {...(wall ? WALL_CARD : {})}
      extra={
        !wall && <ExportButtons kind="rates" query={{ by: "month", ...scope }} label={t("cockpit.trend")} />
      }
    >
      {sized((height) => (
        <StateView query={trend} minHeight={wall ? height : 200}>
          {(data) => (
            <EChart
              testId="trend-chart"
              label={t("cockpit.trend.aria")}
              height={height}
              option={trendOption(data, definitions, lang, t, wall, fontSize)}
              onPick={({ seriesIndex, dataIndex }) => {
                const month = data.months[dataIndex];
                if (!month) return;
                const figure =
                  (["responseRate", "resolutionRate", "satisfactionRate", "received", "received"] as const)[
                    seriesIndex
                  ] ?? "received";
                navigate(
                  figureCasesPath(figure, figure === "received" ? "numerator" : "denominator", {
                    ...scope,
                    from: month.from,
                    to: month.to,
                  }),
                );
              }}
            />
          )}
        </StateView>
      ))}
    </Card>
  );

  const densityPanel = (
    <Card
      size="small"
      title={t("cockpit.density")}
      {...(wall ? WALL_CARD : {})}
      extra={
        density.data && (
          <span style={{ fontSize: wall ? "0.9em" : 12 }}>
            {t("cockpit.density.withoutGrid", { n: density.data.withoutGrid })}
          </span>
        )
      }
    >
      {sized((height) => (
        <StateView query={density} minHeight={wall ? height : 200}>
          {(data) => (
            <>
              <GridMap
                testId="density-map"
                label={t("cockpit.density.aria")}
                height={wall ? height - legendHeight : height}
                features={features}
                background={wall ? "#13233d" : "#eef1f5"}
                zoomControl={!wall}
                onPick={(code) =>
                  navigate(
                    figureCasesPath("received", "numerator", {
                      ...scope,
                      region: code,
                      department: scope.department,
                    }),
                  )
                }
              />
              <Flex
                gap={4}
                align="center"
                style={{ marginTop: 6, fontSize: wall ? "0.85em" : 12, whiteSpace: "nowrap" }}
              >
                {[0, 0.2, 0.4, 0.6, 0.8, 1].map((s) => (
                  <span
                    key={s}
                    style={{
                      width: wall ? "1.2em" : 24,
                      height: wall ? "0.5em" : 10,
                      background: densityColour(s * data.max, data.max),
                      display: "inline-block",
                    }}
                  />
                ))}
                <span style={{ marginLeft: 8 }}>
                  {data.grids.length === 0
                    ? t("cockpit.density.none")
                    : t("cockpit.density.legend", { max: data.max })}
                </span>
              </Flex>
            </>
          )}
        </StateView>
      ))}
    </Card>
  );

  const categoriesPanel = (
    <Card
      size="small"
      title={t("cockpit.categories")}
      {...(wall ? WALL_CARD : {})}
      extra={
        !wall && (
          <ExportButtons kind="rates" query={{ by: "category", ...scope }} label={t("cockpit.categories")} />
        )
      }
    >
      {sized((height) => (
        <StateView
          query={categories}
          isEmpty={() => topCategories.length === 0}
          minHeight={wall ? height : 200}
        >
          {() => (
            <EChart
              testId="categories-chart"
              label={t("cockpit.categories.aria")}
              height={height}
              option={categoriesOption(topCategories, wall, t("cockpit.uncategorised"), fontSize, lang)}
              onPick={({ dataIndex }) => {
                const row = [...topCategories].reverse()[dataIndex];
                if (row?.key)
                  navigate(figureCasesPath("received", "numerator", { ...scope, category: row.key }));
              }}
            />
          )}
        </StateView>
      ))}
    </Card>
  );

  const updated = rates.data && (
    <span style={{ fontSize: wall ? "0.8em" : 12, color: wall ? "#b8c4d6" : "#555" }}>
      {t("cockpit.wall.updated", {
        time: chinaTime(rates.data.scope.asOf),
        seconds: WALL_REFRESH_SECONDS,
      })}
      {/* A wall has no tooltip to explain a "—" in the rankings: the footer does. */}
      {wall && ranks && ` · — ${t("cockpit.rank.tooFew", { min: MIN_CASES_TO_RANK })}`}
    </span>
  );

  if (wall) {
    // Three columns under the figures: the trend over the categories, the map the whole height,
    // the two rankings (widest, for long department names) one over the other.
    const cell = (column: string, row: string) => ({
      gridColumn: column,
      gridRow: row,
      minHeight: 0,
      minWidth: 0,
    });
    return (
      <Flex vertical gap="0.8vw" style={{ flex: 1, minHeight: 0 }}>
        {figureCards}
        <div
          data-testid="cockpit-wall-panels"
          style={{
            flex: 1,
            minHeight: 0,
            display: "grid",
            gridTemplateColumns: ranks ? "2.8fr 2.2fr 5fr" : "1fr 1fr",
            gridTemplateRows: "1fr 1fr",
            gap: "0.8vw",
          }}
        >
          <div style={cell("1", "1")}>{trendPanel}</div>
          <div style={cell("1", "2")}>{categoriesPanel}</div>
          <div style={cell("2", "1 / span 2")}>{densityPanel}</div>
          {ranks && (
            <div style={cell("3", "1")}>
              <RankTable by={rankBy} scope={scope} wall />
            </div>
          )}
          {ranks && (
            <div style={cell("3", "2")}>
              <RankTable by="department" scope={scope} wall />
            </div>
          )}
        </div>
        {updated}
      </Flex>
    );
  }

  return (
    <Flex vertical gap={16}>
      {figureCards}
      <Row gutter={[16, 16]}>
        <Col span={24}>{trendPanel}</Col>
        <Col xs={24} xl={12}>
          {densityPanel}
        </Col>
        <Col xs={24} xl={12}>
          {categoriesPanel}
        </Col>
        {ranks && (
          <Col xs={24} xl={12}>
            <RankTable by={rankBy} scope={scope} wall={false} />
          </Col>
        )}
        {ranks && (
          <Col xs={24} xl={12}>
            <RankTable by="department" scope={scope} wall={false} />
          </Col>
        )}
      </Row>
      {updated}
    </Flex>
  );
}

export default function Cockpit() {
  const { t } = useI18n();
  const { scope, preset, wall, set } = useCockpitParams();
  const wallFont = useWallFontSize();
  const client = useQueryClient();
  const refresh = useCallback(() => {
    for (const path of ["/rates", "/cockpit"]) void client.invalidateQueries({ queryKey: keyOf(path) });
  }, [client]);

  const enterWall = () => {
    set(scope, preset, true);
    void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  const leaveWall = () => {
    set(scope, preset, false);
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  };

  if (wall) {
    return (
      <ConfigProvider
        theme={{
          algorithm: theme.darkAlgorithm,
          token: {
            fontSize: wallFont,
            // Buttons grow with the type, or their labels spill over their edges on a 4K wall.
            controlHeight: Math.round(wallFont * 1.8),
            colorPrimary: "#4096ff",
            colorLink: "#8cc8ff",
            colorBgContainer: "#12213a",
          },
          // Rankings hold as many rows as fit: small table cells, the type as large as elsewhere.
          components: {
            Table: {
              cellPaddingBlockSM: Math.round(wallFont * 0.25),
              cellPaddingInlineSM: Math.round(wallFont * 0.4),
            },
          },
        }}
      >
        <div
          data-testid="cockpit-wall"
          style={{
            position: "fixed",
            inset: 0,
            zIndex: 1000,
            overflow: "auto",
            display: "flex",
            flexDirection: "column",
            background: "#0b1526",
            color: "#e6edf7",
            padding: "1.2vw 1.6vw",
            fontSize: wallFont,
          }}
        >
          <Flex justify="space-between" align="center" style={{ marginBottom: "0.8vw", flex: "none" }}>
            <h1 style={{ margin: 0, fontSize: "2em", color: "#ffffff" }}>{t("cockpit.title")}</h1>
            <Space size={Math.round(wallFont * 0.6)}>
              <span style={{ fontSize: "1.1em" }}>
                {scope.from} — {scope.to}
              </span>
              <Button icon={<ReloadOutlined />} onClick={refresh} aria-label={t("cockpit.refresh")} />
              <Button onClick={leaveWall}>{t("cockpit.wall.exit")}</Button>
            </Space>
          </Flex>
          <CockpitBody scope={scope} wall fontSize={Math.round(wallFont * 0.9)} />
        </div>
      </ConfigProvider>
    );
  }

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t("cockpit.title")}
        </Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refresh}>
            {t("cockpit.refresh")}
          </Button>
          <Button icon={<ExpandOutlined />} onClick={enterWall} data-testid="wall-mode">
            {t("cockpit.wall")}
          </Button>
        </Space>
      </Flex>
      <ScopeBar scope={scope} preset={preset} onChange={(s, p) => set(s, p)} />
      <CockpitBody scope={scope} wall={false} />
    </Flex>
  );
}
