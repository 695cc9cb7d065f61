/**
 * The visit completion rate on the cockpit (visited on time ÷ due) of a region, with the same
 * figure one level down (township → villages → grids): a row opens the level below, and the
 * visits not made on time behind the figure are listed — the drill-down, like the three rates.
 */
import { Button, Card, Flex, Statistic, Table, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import type { VisitList, VisitListItem, VisitRate } from "../../../shared/contracts.js";
import { useGet } from "../../../shared/query.js";
import { useI18n } from "../../i18n/index.js";
import { LoadState, ToneTag } from "../work/ui.js";
import { chinaTime, percent, typeName } from "./words.js";

type Row = VisitRate["breakdown"][number];

export default function VisitRatePage() {
  const { t, lang } = useI18n();
  const [trail, setTrail] = useState<string[]>([]);
  const [page, setPage] = useState(1);
  const region = trail.at(-1);
  const query = region ? { region } : {};
  const rate = useGet<VisitRate>("/visits/completion-rate", query, { keepPrevious: true });
  const behind = useGet<VisitList>(
    "/visits/completion-rate/visits",
    { ...query, part: "missed", page, pageSize: 10 },
    { keepPrevious: true },
  );
  const r = rate.data;
  const definition = r ? (lang === "en" ? r.definition.en : r.definition["zh-CN"]) : "";
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t("visits.rate.title")}
        {r?.scope.region ? ` · ${r.scope.region.name}` : ""}
      </Typography.Title>
      <LoadState loading={rate.isPending} error={rate.error} reload={() => void rate.refetch()}>
        {r && (
          <Flex vertical gap={16}>
            <Card>
              <Flex gap={48} wrap align="center">
                <Statistic
                  title={t("visits.rate.value")}
                  value={
                    r.completionRate.denominator === 0
                      ? t("visits.rate.noneDue")
                      : percent(r.completionRate.value)
                  }
                  valueRender={(node) => <span data-testid="visit-rate">{node}</span>}
                />
                <Statistic title={t("visits.rate.numerator")} value={r.completionRate.numerator} />
                <Statistic title={t("visits.rate.denominator")} value={r.completionRate.denominator} />
                {trail.length > 0 && (
                  <Button
                    onClick={() => {
                      setTrail(trail.slice(0, -1));
                      setPage(1);
                    }}
                  >
                    {t("visits.rate.up")}
                  </Button>
                )}
              </Flex>
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                {t("visits.rate.period", { from: r.from, to: r.to })} {definition}
              </Typography.Paragraph>
            </Card>
            {r.breakdown.length > 0 && (
              <Card title={t("visits.rate.breakdown")}>
                <Table<Row>
                  rowKey="code"
                  size="small"
                  pagination={false}
                  data-testid="visit-rate-breakdown"
                  dataSource={r.breakdown}
                  columns={[
                    { title: t("visits.rate.region"), dataIndex: "name" },
                    {
                      title: t("visits.rate.value"),
                      render: (_: unknown, b: Row) => percent(b.completionRate.value),
                    },
                    {
                      title: t("visits.rate.numerator"),
                      render: (_: unknown, b: Row) => b.completionRate.numerator,
                    },
                    {
                      title: t("visits.rate.denominator"),
                      render: (_: unknown, b: Row) => b.completionRate.denominator,
                    },
                    {
                      title: t("visits.rate.drill"),
                      render: (_: unknown, b: Row) => (
                        <Button
                          size="small"
                          onClick={() => {
                            setTrail([...trail, b.code]);
                            setPage(1);
                          }}
                        >
                          {t("visits.rate.drill")}
                        </Button>
                      ),
                    },
                  ]}
                />
              </Card>
            )}
            <Card title={t("visits.rate.behind")}>
              <Table<VisitListItem>
                rowKey="id"
                size="small"
                data-testid="visit-rate-behind"
                loading={behind.isFetching}
                dataSource={behind.data?.items ?? []}
                locale={{ emptyText: t("visits.worklist.empty") }}
                pagination={{
                  current: page,
                  pageSize: 10,
                  total: behind.data?.total ?? 0,
                  onChange: setPage,
                }}
                columns={[
                  {
                    title: t("visits.field.person"),
                    render: (_: unknown, v: VisitListItem) => (
                      <Link to={`/visits/${v.id}`}>{v.person?.name ?? t("visits.hiddenPerson")}</Link>
                    ),
                  },
                  {
                    title: t("visits.field.type"),
                    render: (_: unknown, v: VisitListItem) => (
                      <ToneTag tone={v.type.group === "key" ? "orange" : "blue"}>
                        {typeName(v.type, lang)}
                      </ToneTag>
                    ),
                  },
                  { title: t("visits.field.place"), render: (_: unknown, v: VisitListItem) => v.region.name },
                  {
                    title: t("visits.field.deadline"),
                    render: (_: unknown, v: VisitListItem) => chinaTime(v.dueAt),
                  },
                  {
                    title: t("visits.field.visitedAt"),
                    render: (_: unknown, v: VisitListItem) => chinaTime(v.visitedAt),
                  },
                ]}
              />
            </Card>
          </Flex>
        )}
      </LoadState>
    </>
  );
}
