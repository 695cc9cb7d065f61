/** The cases behind one number of the cockpit (GET /cockpit/cases), each leading to its case page. */
import { ArrowLeftOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Table, Tag, Typography } from "antd";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ExportButtons } from "../../components/ExportButtons.js";
import { useApi } from "../../components/useApi.js";
import { useI18n } from "../../i18n/index.js";
import { chinaTime } from "./period.js";
import type { RateCase, RateCasePage, RatesView } from "./types.js";

export default function FigureCases() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const figure = params.get("figure") ?? "received";
  const part = params.get("part") === "denominator" ? "denominator" : "numerator";
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
  const state = useApi<RateCasePage>("/cockpit/cases", { ...filters, page, pageSize });
  // The definitions name the figure in the person's language.
  const defs = useApi<RatesView>("/rates", { from: "2000-01-01", to: "2000-01-01" });
  const def = defs.data?.definitions[figure];
  const name = def ? (lang === "zh" ? def.name["zh-CN"] : def.name.en) : figure;
  const setPage = (p: number, size: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    next.set("pageSize", String(size));
    setParams(next);
  };
  const scopeText = [
    filters.region,
    filters.category,
    filters.from && `${filters.from} — ${filters.to ?? ""}`,
  ]
    .filter(Boolean)
    .join(" · ");

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t("cockpit.cases.title", { figure: name, part: t(`cockpit.cases.${part}`) })}
        </Typography.Title>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {t("cockpit.cases.back")}
        </Button>
      </Flex>
      {def && (
        <Typography.Paragraph style={{ color: "#555", margin: 0 }}>
          <strong>{t("cockpit.definition")}：</strong>
          {lang === "zh" ? def.definition["zh-CN"] : def.definition.en}
          {scopeText && <span> · {scopeText}</span>}
        </Typography.Paragraph>
      )}
      <Card
        size="small"
        title={state.data ? t("cockpit.cases.total", { n: state.data.total }) : " "}
        extra={<ExportButtons kind="rate-cases" query={filters} label={name} />}
      >
        {state.error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t("state.error")}
            description={state.error.message}
          />
        ) : (
          <div data-testid="figure-cases">
            <Table<RateCase>
              size="small"
              rowKey="id"
              loading={state.loading}
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
                  render: (n: string, r) => <Link to={`/cases/${r.id}`}>{n}</Link>,
                },
                {
                  title: t("case.status"),
                  dataIndex: "status",
                  key: "status",
                  render: (s: string) => <Tag>{t(`status.${s}`)}</Tag>,
                },
                { title: t("case.category"), dataIndex: "categoryCode", key: "categoryCode" },
                { title: t("case.region"), dataIndex: "regionCode", key: "regionCode" },
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
                          r.resolved === null ? null : t(`resolved.${r.resolved}`),
                          r.satisfaction && t(`satisfaction.${r.satisfaction}`),
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
