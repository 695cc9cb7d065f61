/**
 * The mediation workbench: the disputes of my committees (or all in my area), nearest deadline
 * first, overdue and repeat-party disputes marked, filtered by status; each opens its page. The
 * filter and the page are kept in the URL: a reload or the back button keeps them.
 */
import { Button, Flex, Segmented, Select, Table, Typography } from "antd";
import { useEffect } from "react";
import { Link, useSearchParams } from "react-router";
import type { DisputeList, DisputeListItem, DisputeTypeList } from "../../../shared/contracts.js";
import { useGet } from "../../../shared/query.js";
import { useI18n } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { LoadState, ToneTag } from "../work/ui.js";
import { RISK_KEYS, STATUS_KEYS, chinaTime, typeNameOf } from "./words.js";

export default function WorkbenchPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const mine = params.get("view") !== "all";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const asked = params.get("status");
  const status = asked && asked in STATUS_KEYS ? (asked as DisputeListItem["status"]) : undefined;
  /** Changes the URL's filter; any change but the page's own goes back to page 1. */
  const update = (changes: { view?: "all" | undefined; status?: string | undefined; page?: number }) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === 1) next.delete(k);
      else next.set(k, String(v));
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next, { replace: true });
  };
  const setMine = (value: boolean) => update({ view: value ? undefined : "all" });
  const setPage = (value: number) => update({ page: value });
  const list = useGet<DisputeList>(
    "/mediation/disputes",
    { mine, page, pageSize: 20, ...(status ? { status } : {}) },
    { keepPrevious: true },
  );
  const types = useGet<DisputeTypeList>("/mediation/dispute-types");
  // Someone who mediates in no committee (a grid worker, an operator) sees the disputes of their area.
  const mediator = list.data?.isMediator ?? true;
  useEffect(() => {
    if (!mediator && mine) setMine(false);
  }, [mediator, mine]);
  const columns = [
    {
      title: t("mediation.field.number"),
      dataIndex: "number",
      render: (n: string) => <Link to={`/mediation/disputes/${n}`}>{n}</Link>,
    },
    {
      title: t("mediation.field.type"),
      dataIndex: "typeCode",
      render: (c: string) => typeNameOf(types.data?.items, c, lang),
    },
    {
      title: t("mediation.field.status"),
      dataIndex: "status",
      render: (s: DisputeListItem["status"]) => t(STATUS_KEYS[s]),
    },
    {
      title: t("mediation.field.risk"),
      dataIndex: "riskLevel",
      render: (r: DisputeListItem["riskLevel"]) =>
        r === "general" ? (
          t(RISK_KEYS[r])
        ) : (
          <ToneTag tone={r === "major" ? "red" : "orange"}>{t(RISK_KEYS[r])}</ToneTag>
        ),
    },
    { title: t("mediation.field.place"), dataIndex: "regionName" },
    {
      title: t("mediation.field.mediator"),
      dataIndex: "mediatorName",
      render: (m: string | null) => m ?? t("mediation.none"),
    },
    {
      title: t("mediation.field.deadline"),
      render: (_: unknown, r: DisputeListItem) => (
        <Flex gap={4} align="center">
          {chinaTime(r.dueAt)}
          {r.overdue && <ToneTag tone="overdue">{t("mediation.overdue")}</ToneTag>}
        </Flex>
      ),
    },
  ];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t("mediation.workbench.title")}
      </Typography.Title>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        {mediator ? (
          <Segmented
            value={mine ? "mine" : "all"}
            onChange={(v) => {
              setMine(v === "mine");
            }}
            options={[
              { value: "mine", label: t("mediation.workbench.mine") },
              { value: "all", label: t("mediation.workbench.all") },
            ]}
          />
        ) : (
          <Typography.Text type="secondary" data-testid="workbench-area">
            {t("mediation.workbench.area")}
          </Typography.Text>
        )}
        <Select<DisputeListItem["status"]>
          allowClear
          data-testid="workbench-status"
          style={{ minWidth: 160 }}
          placeholder={t("mediation.workbench.anyStatus")}
          aria-label={t("mediation.field.status")}
          value={status}
          onChange={(v) => update({ status: v })}
          options={(Object.keys(STATUS_KEYS) as DisputeListItem["status"][]).map((value) => ({
            value,
            label: t(STATUS_KEYS[value]),
          }))}
        />
        <Button onClick={() => void list.refetch()}>{t("work.refresh")}</Button>
        {can("mediation.register") && (
          <Link to="/mediation/register" data-testid="to-register-dispute">
            <Button type="primary">{t("mediation.register.title")}</Button>
          </Link>
        )}
      </Flex>
      <LoadState loading={list.isPending} error={list.error} reload={() => void list.refetch()}>
        <Table<DisputeListItem>
          rowKey="id"
          size="middle"
          data-testid="dispute-list"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: t("mediation.workbench.empty") }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        />
      </LoadState>
    </>
  );
}
