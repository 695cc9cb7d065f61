/**
 * The visits work list of a grid worker (and of the village, township and supervisors above):
 * visits to make, nearest deadline first, overdue ones marked; visits made, latest first. The
 * person is shown as the register shows them to the reader (masked phone, no hidden types).
 */
import { Button, Flex, Segmented, Table, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import type { VisitList, VisitListItem } from "../../../shared/contracts.js";
import { useGet } from "../../../shared/query.js";
import { useI18n } from "../../i18n/index.js";
import { LoadState, ToneTag } from "../work/ui.js";
import { METHOD_KEYS, STATUS_KEYS, chinaTime, typeName } from "./words.js";

type State = "planned" | "overdue" | "done";

export default function VisitsPage() {
  const { t, lang } = useI18n();
  const [state, setState] = useState<State>("planned");
  const [page, setPage] = useState(1);
  const list = useGet<VisitList>("/visits", { state, page, pageSize: 20 }, { keepPrevious: true });
  const columns = [
    {
      title: t("visits.field.person"),
      render: (_: unknown, r: VisitListItem) => (
        <Link to={`/visits/${r.id}`} data-testid="visit-link">
          {r.person?.name ?? t("visits.hiddenPerson")}
        </Link>
      ),
    },
    { title: t("visits.field.phone"), render: (_: unknown, r: VisitListItem) => r.person?.phone ?? "—" },
    { title: t("visits.field.address"), render: (_: unknown, r: VisitListItem) => r.person?.address ?? "—" },
    {
      title: t("visits.field.type"),
      render: (_: unknown, r: VisitListItem) => (
        <ToneTag tone={r.type.group === "key" ? "orange" : "blue"}>{typeName(r.type, lang)}</ToneTag>
      ),
    },
    { title: t("visits.field.place"), render: (_: unknown, r: VisitListItem) => r.region.name },
    {
      title: t("visits.field.deadline"),
      render: (_: unknown, r: VisitListItem) => (
        <Flex gap={4} align="center">
          {chinaTime(r.dueAt)}
          {r.overdue && <ToneTag tone="overdue">{t("visits.overdue")}</ToneTag>}
        </Flex>
      ),
    },
    state === "done"
      ? {
          title: t("visits.field.visitedAt"),
          render: (_: unknown, r: VisitListItem) => (
            <Flex gap={4} align="center">
              {chinaTime(r.visitedAt)}
              {r.method && t(METHOD_KEYS[r.method])}
              {r.onTime === false && <ToneTag tone="red">{t("visits.onTime.no")}</ToneTag>}
            </Flex>
          ),
        }
      : {
          title: t("visits.field.onTime"),
          render: (_: unknown, r: VisitListItem) => t(STATUS_KEYS[r.status]),
        },
  ];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t("visits.worklist.title")}
      </Typography.Title>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <Segmented<State>
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          options={[
            { value: "planned", label: t("visits.state.planned") },
            { value: "overdue", label: t("visits.state.overdue") },
            { value: "done", label: t("visits.state.done") },
          ]}
        />
        <Button onClick={() => void list.refetch()}>{t("work.refresh")}</Button>
      </Flex>
      <LoadState loading={list.isPending} error={list.error} reload={() => void list.refetch()}>
        <Table<VisitListItem>
          rowKey="id"
          size="middle"
          data-testid="visit-list"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: t("visits.worklist.empty") }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        />
      </LoadState>
    </>
  );
}
