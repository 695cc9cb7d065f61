/** The cases behind one number of the cockpit (GET /cockpit/cases), each leading to its case page. */
import { ArrowLeftOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Table, Tag, Typography } from "antd";
import { useNavigate, useSearchParams } from "react-router";
import type {
  CaseFigure,
  FigurePart,
  RateCase,
  RateCasePage,
  RatesView,
  Region,
} from "../../../shared/contracts.js";
import { useLocalName, useNames } from "../../../shared/i18n/names.js";
import { useGet } from "../../../shared/query.js";
import { ExportButtons } from "../../components/ExportButtons.js";
import { LoadError } from "../../components/StateView.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import { chinaTime } from "./period.js";
import { usePunctuation } from "../../../shared/i18n/punctuation.js";
import { CaseNumberLink } from "../../components/CaseNumberLink.js";
import { useCategories } from "../work/data.js";

const PARTS = {
  numerator: "cockpit.cases.numerator",
  denominator: "cockpit.cases.denominator",
} as const satisfies Record<FigurePart, ConsoleKey>;

const CASE_FIGURES = {
  responseRate: true,
  resolutionRate: true,
  satisfactionRate: true,
  onTimeRate: true,
  gridVillageShare: true,
  overdue: true,
  received: true,
  closed: true,
} satisfies Record<CaseFigure, true>;

function caseFigure(value: string | null): CaseFigure {
  return value !== null && Object.hasOwn(CASE_FIGURES, value) ? (value as CaseFigure) : "received";
}

export default function FigureCases() {
  const { t, lang } = useI18n();
  const punct = usePunctuation();
  const name = useNames();
  const localName = useLocalName();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const figure = caseFigure(params.get("figure"));
  const part: FigurePart = params.get("part") === "denominator" ? "denominator" : "numerator";
  const page = Number(params.get("page") ?? 1) || 1;
  const pageSize = Number(params.get("pageSize") ?? 20) || 20;
  const filters = {
    figure,
    part,
    region: params.get("region") ?? undefined,
    department: params.get("department") ?? undefined,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
    category: params.get("category") ?? undefined,
  };
  const state = useGet<RateCasePage>(
    "/cockpit/cases",
    { ...filters, page, pageSize },
    { keepPrevious: true },
  );
  // The definitions name the figure in the person's language.
  const defs = useGet<RatesView>("/rates", { from: "2000-01-01", to: "2000-01-01" });
  const def = defs.data?.definitions[figure];
  const figureName = def ? (lang === "zh-CN" ? def.name["zh-CN"] : def.name.en) : figure;
  const setPage = (p: number, size: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    next.set("pageSize", String(size));
    setParams(next);
  };
  // The scope named, not coded: the region from the tree, the category from the (cached) catalogue.
  const region = useGet<Region>(filters.region ? `/regions/${filters.region}` : null);
  const catalogue = useCategories();
  const category = filters.category
    ? catalogue.data?.items.find((c) => c.code === filters.category)
    : undefined;
  const scopeText = [
    filters.region && (region.data?.name ?? ""),
    filters.category && (category ? localName(category) : ""),
    filters.from && `${filters.from} — ${filters.to ?? ""}`,
  ]
    .filter(Boolean)
    .join(" · ");

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t("cockpit.cases.title", { figure: figureName, part: t(PARTS[part]) })}
        </Typography.Title>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {t("cockpit.cases.back")}
        </Button>
      </Flex>
      {def && (
        <Typography.Paragraph style={{ color: "#555", margin: 0 }}>
          <strong>{punct.colon(t("cockpit.definition"))}</strong>
          {lang === "zh-CN" ? def.definition["zh-CN"] : def.definition.en}
          {scopeText && <span> · {scopeText}</span>}
        </Typography.Paragraph>
      )}
      <Card
        size="small"
        title={state.data ? t("cockpit.cases.total", { n: state.data.total }) : " "}
        extra={<ExportButtons kind="rate-cases" query={filters} label={figureName} />}
      >
        {state.error ? (
          <LoadError error={state.error} retry={() => void state.refetch()} />
        ) : (
          <div data-testid="figure-cases">
            <Table<RateCase>
              size="small"
              rowKey="id"
              loading={state.isFetching}
              dataSource={state.data?.items ?? []}
              scroll={{ x: true }}
              locale={{ emptyText: t("state.empty") }}
              pagination={{
                current: page,
                pageSize,
                total: state.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100, 200],
                onChange: setPage,
              }}
              columns={[
                {
                  title: t("case.number"),
                  dataIndex: "number",
                  key: "number",
                  render: (n: string, r) => <CaseNumberLink to={r.id} number={n} />,
                },
                {
                  title: t("case.status"),
                  dataIndex: "status",
                  key: "status",
                  render: (s: RateCase["status"]) => <Tag>{name("caseStatus", s)}</Tag>,
                },
                {
                  title: t("case.category"),
                  dataIndex: "category",
                  key: "category",
                  render: (c: RateCase["category"]) => (c ? localName(c) : t("cockpit.uncategorised")),
                },
                {
                  title: t("case.region"),
                  dataIndex: "region",
                  key: "region",
                  render: (r: RateCase["region"]) => r.name,
                },
                { title: t("case.createdAt"), dataIndex: "createdAt", key: "createdAt", render: chinaTime },
                {
                  title: t("case.respondedAt"),
                  dataIndex: "respondedAt",
                  key: "respondedAt",
                  render: chinaTime,
                },
                { title: t("case.repliedAt"), dataIndex: "repliedAt", key: "repliedAt", render: chinaTime },
                {
                  title: t("case.evaluation"),
                  key: "evaluation",
                  render: (_: unknown, r) =>
                    r.evaluatedAt
                      ? [
                          r.resolved === null ? null : t(r.resolved ? "resolved.true" : "resolved.false"),
                          r.satisfaction && name("satisfaction", r.satisfaction),
                        ]
                          .filter(Boolean)
                          .join(" · ")
                      : "—",
                },
              ]}
            />
          </div>
        )}
      </Card>
    </Flex>
  );
}
