/**
 * 矛盾纠纷统计 on the cockpit: the dispute figures of a region, type and period (month, quarter,
 * year or a custom range, China time), one level down (a row opens the level below) and by type
 * (a row narrows to the type); every count opens the list of its disputes — the drill-down, like
 * the rates'. The month's screening figures and the monthly statistics table (XLSX) are here too.
 * The scope, period, type and figure live in the URL, so the cockpit tile links straight in.
 */
import { DownloadOutlined } from "@ant-design/icons";
import { App, Button, Card, DatePicker, Flex, Segmented, Select, Table, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import type {
  DisputeCount,
  DisputeFiguresView,
  DisputeRate,
  DisputeTypeList,
  FigureDisputeList,
  ScreeningFiguresView,
} from "../../../shared/contracts.js";
import { useGet } from "../../../shared/query.js";
import { downloadFile } from "../../components/download.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { chinaTime, percent, presetRange } from "../cockpit/period.js";
import { LoadState } from "../work/ui.js";
import { STATUS_KEYS } from "./words.js";

type Preset = "month" | "quarter" | "year" | "custom";
const PRESETS: readonly Preset[] = ["month", "quarter", "year", "custom"];
const PRESET_KEYS = {
  month: "cockpit.period.month",
  quarter: "cockpit.period.quarter",
  year: "cockpit.period.year",
  custom: "cockpit.period.custom",
} as const satisfies Record<Preset, ConsoleKey>;

export const COUNT_KEYS = {
  found: "mediation.figures.count.found",
  foundByScreening: "mediation.figures.count.foundByScreening",
  accepted: "mediation.figures.count.accepted",
  settled: "mediation.figures.count.settled",
  settledWritten: "mediation.figures.count.settledWritten",
  settledOral: "mediation.figures.count.settledOral",
  notSettled: "mediation.figures.count.notSettled",
  withinDeadline: "mediation.figures.count.withinDeadline",
  settledVillage: "mediation.figures.count.settledVillage",
  settledTownship: "mediation.figures.count.settledTownship",
  settledCounty: "mediation.figures.count.settledCounty",
  repeatAlerts: "mediation.figures.count.repeatAlerts",
} as const satisfies Record<DisputeCount, ConsoleKey>;
const COUNTS = Object.keys(COUNT_KEYS) as DisputeCount[];

export const RATE_KEYS = {
  settlementRate: "mediation.figures.rate.settlementRate",
  withinDeadlineRate: "mediation.figures.rate.withinDeadlineRate",
  villageShare: "mediation.figures.rate.villageShare",
  townshipShare: "mediation.figures.rate.townshipShare",
  countyShare: "mediation.figures.rate.countyShare",
} as const satisfies Record<DisputeRate, ConsoleKey>;
const RATES = Object.keys(RATE_KEYS) as DisputeRate[];
/** The count a rate's numerator is: clicking a rate opens these disputes. */
const RATE_NUMERATOR = {
  settlementRate: "settled",
  withinDeadlineRate: "withinDeadline",
  villageShare: "settledVillage",
  townshipShare: "settledTownship",
  countyShare: "settledCounty",
} as const satisfies Record<DisputeRate, DisputeCount>;

type Values = DisputeFiguresView["figures"];
type RegionRow = DisputeFiguresView["byRegion"][number];
type TypeRow = DisputeFiguresView["byType"][number];
type Item = FigureDisputeList["items"][number];

const thisMonth = () =>
  dayjs()
    .add(8 - dayjs().utcOffset() / 60, "hour")
    .format("YYYY-MM");

/** The page's state in the URL: region trail, type, period and the figure drilled into. */
function useFigureParams() {
  const [params, setParams] = useSearchParams();
  const p = params.get("period") as Preset | null;
  const preset: Preset = p && PRESETS.includes(p) ? p : "year";
  const [defFrom, defTo] = presetRange(preset === "custom" ? "year" : preset);
  const from = preset === "custom" ? (params.get("from") ?? defFrom) : defFrom;
  const to = preset === "custom" ? (params.get("to") ?? defTo) : defTo;
  const c = params.get("figure") as DisputeCount | null;
  const figure: DisputeCount = c && COUNTS.includes(c) ? c : "found";
  const trail = (params.get("trail") ?? "").split(",").filter(Boolean);
  const region = params.get("region") ?? trail.at(-1) ?? undefined;
  const type = params.get("type") ?? undefined;
  /** Only the region's own disputes (its row "本级登记"), not those of the regions below it. */
  const own = params.get("own") === "true";
  /** A count of a row opened: the page shows that row's region (or own disputes) until "up". */
  const narrowed = params.has("region") || own;
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };
  return { preset, from, to, figure, trail, region, type, own, narrowed, update };
}

function RateCell({ rate, onOpen }: { rate: Values["rates"][DisputeRate]; onOpen?: () => void }) {
  const { t } = useI18n();
  const text = rate.denominator === 0 ? t("mediation.figures.noneConcluded") : percent(rate.value);
  return (
    <Tooltip title={t("mediation.figures.of", { numerator: rate.numerator, denominator: rate.denominator })}>
      {onOpen ? (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={onOpen}>
          {text}
        </Button>
      ) : (
        <span>{text}</span>
      )}
    </Tooltip>
  );
}

function MonthlyTable({ region }: { region: string | undefined }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [month, setMonth] = useState(thisMonth());
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const name = await downloadFile(
        "/mediation/figures/monthly.xlsx",
        // The table in the reader's language, as the console's other exports.
        { month, lang: lang === "zh-CN" ? "zh" : "en", ...(region ? { region } : {}) },
        `mediation-monthly-${month}.xlsx`,
      );
      void message.success(t("mediation.figures.monthly.done", { name }));
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex gap={8} align="center" wrap>
      <span>{t("mediation.figures.monthly")}</span>
      <DatePicker
        picker="month"
        allowClear={false}
        value={dayjs(`${month}-01`)}
        onChange={(d) => d && setMonth(d.format("YYYY-MM"))}
        data-testid="monthly-month"
      />
      <Button
        icon={<DownloadOutlined />}
        loading={busy}
        onClick={() => void download()}
        data-testid="monthly-xlsx"
      >
        {t("mediation.figures.monthly.download")}
      </Button>
    </Flex>
  );
}

function ScreeningCard({ region }: { region: string | undefined }) {
  const { t } = useI18n();
  const [month, setMonth] = useState(thisMonth());
  const q = useGet<ScreeningFiguresView>(
    "/mediation/figures/screening",
    { month, ...(region ? { region } : {}) },
    { keepPrevious: true },
  );
  const s = q.data;
  const FIELDS = [
    ["villages", "mediation.figures.screening.villages"],
    ["done", "mediation.figures.screening.done"],
    ["notDone", "mediation.figures.screening.notDone"],
    ["overdue", "mediation.figures.screening.overdue"],
    ["disputesFound", "mediation.figures.screening.found"],
  ] as const;
  return (
    <Card
      title={t("mediation.figures.screening")}
      extra={
        <Flex gap={8} align="center">
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(d) => d && setMonth(d.format("YYYY-MM"))}
          />
          <Link to="/mediation/screening">{t("mediation.figures.screening.open")}</Link>
        </Flex>
      }
    >
      <LoadState loading={q.isPending} error={q.error} reload={() => void q.refetch()}>
        {s && (
          <Flex vertical gap={12}>
            <Flex gap={40} wrap data-testid="screening-figures">
              {FIELDS.map(([k, label]) => (
                <div key={k}>
                  <div style={{ color: "#555" }}>{t(label)}</div>
                  <div style={{ fontSize: 22, fontWeight: 600 }}>{s.figures[k]}</div>
                </div>
              ))}
            </Flex>
            {s.byRegion.length > 0 && (
              <Table
                rowKey="code"
                size="small"
                pagination={false}
                dataSource={s.byRegion}
                columns={[
                  { title: t("mediation.figures.region"), dataIndex: "name" },
                  ...FIELDS.map(([k, label]) => ({
                    title: t(label),
                    render: (_: unknown, r: ScreeningFiguresView["byRegion"][number]) => r.figures[k],
                  })),
                ]}
              />
            )}
          </Flex>
        )}
      </LoadState>
    </Card>
  );
}

export default function DisputeFiguresPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { preset, from, to, figure, trail, region, type, own, narrowed, update } = useFigureParams();
  const [page, setPage] = useState(1);
  const scope = {
    ...(region ? { region } : {}),
    ...(type ? { type } : {}),
    ...(own ? { own: "true" } : {}),
    from,
    to,
  };
  const figures = useGet<DisputeFiguresView>("/mediation/figures", scope, { keepPrevious: true });
  const behind = useGet<FigureDisputeList>(
    "/mediation/figures/disputes",
    { ...scope, figure, page, pageSize: 10 },
    { keepPrevious: true },
  );
  const types = useGet<DisputeTypeList>("/mediation/dispute-types");
  const f = figures.data;
  const def = (k: string) => {
    const d = f?.definitions[k];
    return d ? (lang === "en" ? d.en : d["zh-CN"]) : "";
  };
  const open = (c: DisputeCount, changes: Record<string, string | undefined> = {}) => {
    setPage(1);
    update({ figure: c, ...changes });
  };
  const countLink = (v: Values, c: DisputeCount, changes: Record<string, string | undefined> = {}) => (
    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(c, changes)}>
      {v.counts[c]}
    </Button>
  );
  const typeName = (r: { nameZh: string; nameEn: string }) => (lang === "en" ? r.nameEn : r.nameZh);

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t("mediation.figures.title")}
        {f?.scope.region ? ` · ${f.scope.region.name}` : ""}
        {own ? ` · ${t("mediation.figures.ownLevel")}` : ""}
        {f?.type ? ` · ${typeName(f.type)}` : ""}
      </Typography.Title>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Segmented
          value={preset}
          options={PRESETS.map((p) => ({ value: p, label: t(PRESET_KEYS[p]) }))}
          onChange={(v) => {
            setPage(1);
            update({ period: v, from: undefined, to: undefined });
          }}
        />
        {preset === "custom" && (
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            onChange={(range) => {
              const [a, b] = range ?? [];
              if (a && b) update({ from: a.format("YYYY-MM-DD"), to: b.format("YYYY-MM-DD") });
            }}
          />
        )}
        <Select
          style={{ minWidth: 180 }}
          allowClear
          placeholder={t("mediation.figures.allTypes")}
          value={type}
          onChange={(v?: string) => {
            setPage(1);
            update({ type: v });
          }}
          options={(types.data?.items ?? []).map((x) => ({ value: x.code, label: typeName(x) }))}
          data-testid="figures-type"
        />
        {(trail.length > 0 || narrowed) && (
          <Button
            onClick={() => {
              setPage(1);
              // A row's count opened: back to the level that listed the row; else one level up.
              if (narrowed) update({ region: undefined, own: undefined });
              else update({ trail: trail.slice(0, -1).join(","), region: undefined });
            }}
            data-testid="figures-up"
          >
            {t("mediation.figures.up")}
          </Button>
        )}
        <MonthlyTable region={region} />
      </Flex>
      <LoadState loading={figures.isPending} error={figures.error} reload={() => void figures.refetch()}>
        {f && (
          <Flex vertical gap={16}>
            <Card>
              <Flex gap={32} wrap data-testid="dispute-figures">
                {COUNTS.map((c) => (
                  <div key={c} data-testid={`dispute-figure-${c}`}>
                    <div style={{ color: "#555" }} title={def(c)}>
                      {t(COUNT_KEYS[c])}
                    </div>
                    <Button
                      type="link"
                      style={{ padding: 0, fontSize: 22, fontWeight: 600, height: "auto" }}
                      onClick={() => open(c)}
                    >
                      {f.figures.counts[c]}
                    </Button>
                  </div>
                ))}
              </Flex>
              <Flex gap={32} wrap style={{ marginTop: 16 }}>
                {RATES.map((r) => (
                  <div key={r} data-testid={`dispute-rate-${r}`}>
                    <div style={{ color: "#555" }} title={def(r)}>
                      {t(RATE_KEYS[r])}
                    </div>
                    <span style={{ fontSize: 20, fontWeight: 600 }}>
                      <RateCell rate={f.figures.rates[r]} onOpen={() => open(RATE_NUMERATOR[r])} />
                    </span>
                  </div>
                ))}
              </Flex>
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                {t("mediation.figures.period", { from: f.from, to: f.to })}
              </Typography.Paragraph>
            </Card>
            {f.byRegion.length > 0 && (
              <Card title={t("mediation.figures.byRegion")}>
                <Table<RegionRow>
                  rowKey="code"
                  size="small"
                  pagination={false}
                  data-testid="figures-by-region"
                  dataSource={f.byRegion}
                  columns={[
                    {
                      title: t("mediation.figures.region"),
                      render: (_: unknown, r: RegionRow) =>
                        r.own ? `${r.name} · ${t("mediation.figures.ownLevel")}` : r.name,
                    },
                    ...(["found", "accepted", "settled", "notSettled", "repeatAlerts"] as const).map((c) => ({
                      title: t(COUNT_KEYS[c]),
                      render: (_: unknown, r: RegionRow) =>
                        countLink(r.figures, c, { region: r.code, own: r.own ? "true" : undefined }),
                    })),
                    ...(["settlementRate", "withinDeadlineRate", "villageShare"] as const).map((k) => ({
                      title: t(RATE_KEYS[k]),
                      render: (_: unknown, r: RegionRow) => <RateCell rate={r.figures.rates[k]} />,
                    })),
                    {
                      title: t("mediation.figures.drill"),
                      render: (_: unknown, r: RegionRow) =>
                        r.level === "grid" || r.own ? null : (
                          <Button
                            size="small"
                            data-testid="figures-drill"
                            onClick={() => {
                              setPage(1);
                              update({ trail: [...trail, r.code].join(","), region: undefined });
                            }}
                          >
                            {t("mediation.figures.drill")}
                          </Button>
                        ),
                    },
                  ]}
                />
              </Card>
            )}
            <Card title={t("mediation.figures.byType")}>
              <Table<TypeRow>
                rowKey="code"
                size="small"
                pagination={false}
                data-testid="figures-by-type"
                dataSource={f.byType}
                columns={[
                  {
                    title: t("mediation.figures.type"),
                    render: (_: unknown, r: TypeRow) => (
                      <Button
                        type="link"
                        size="small"
                        style={{ padding: 0 }}
                        onClick={() => update({ type: r.code })}
                      >
                        {typeName(r)}
                      </Button>
                    ),
                  },
                  ...(["found", "settled", "notSettled", "withinDeadline"] as const).map((c) => ({
                    title: t(COUNT_KEYS[c]),
                    render: (_: unknown, r: TypeRow) => countLink(r.figures, c, { type: r.code }),
                  })),
                  {
                    title: t(RATE_KEYS.settlementRate),
                    render: (_: unknown, r: TypeRow) => <RateCell rate={r.figures.rates.settlementRate} />,
                  },
                ]}
              />
            </Card>
            <Card title={t("mediation.figures.behind", { figure: t(COUNT_KEYS[figure]) })}>
              <Table<Item>
                rowKey="id"
                size="small"
                data-testid="figures-disputes"
                loading={behind.isFetching}
                dataSource={behind.data?.items ?? []}
                locale={{ emptyText: t("mediation.figures.empty") }}
                pagination={{
                  current: page,
                  pageSize: 10,
                  total: behind.data?.total ?? 0,
                  onChange: setPage,
                }}
                columns={[
                  {
                    title: t("mediation.figures.col.number"),
                    render: (_: unknown, d: Item) => (
                      <Link to={`/mediation/disputes/${d.number}`}>{d.number}</Link>
                    ),
                  },
                  {
                    title: t("mediation.figures.type"),
                    render: (_: unknown, d: Item) => (lang === "en" ? d.typeNameEn : d.typeName),
                  },
                  { title: t("mediation.figures.col.place"), dataIndex: "regionName" },
                  { title: t("mediation.figures.col.committee"), dataIndex: "committeeName" },
                  {
                    title: t("mediation.field.status"),
                    render: (_: unknown, d: Item) =>
                      t(STATUS_KEYS[d.status as keyof typeof STATUS_KEYS] ?? "mediation.none"),
                  },
                  {
                    title: t("mediation.figures.col.registered"),
                    render: (_: unknown, d: Item) => chinaTime(d.createdAt),
                  },
                  {
                    title: t("mediation.figures.col.settled"),
                    render: (_: unknown, d: Item) => chinaTime(d.settledAt),
                  },
                ]}
              />
            </Card>
            {can("mediation.read_screening") && <ScreeningCard region={region} />}
          </Flex>
        )}
      </LoadState>
    </>
  );
}
