/**
 * Supervision (督办): the warning and overdue boards with urging, extension requests to approve
 * or deny, and the cases past the reopen limit waiting for a supervisor's decision.
 */
import { Button, Flex, Segmented, Space, Table, Tabs, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import type {
  CaseList,
  CaseListItem,
  PendingExtension,
  WorkList,
  WorkListItem,
} from "../../../shared/contracts.js";
import { useNames } from "../../../shared/i18n/names.js";
import { useGet } from "../../../shared/query.js";
import { useI18n } from "../../i18n/index.js";
import { ActionDialog, type ActionTarget, type PanelAction } from "./ActionPanel.js";
import type { Conflict } from "./data.js";
import { ConflictAlert, Countdown, LoadState, StatusTag, formatTime } from "./ui.js";
import { CaseDrawer, usePaged } from "./WorkListPage.js";

interface Pending {
  target: ActionTarget;
  action: PanelAction;
  initial?: Record<string, unknown>;
}

/** An action's dialog opened from a row; its write marks the boards stale by itself. */
function useDialog() {
  const [pending, setPending] = useState<Pending>();
  const [conflict, setConflict] = useState<Conflict>();
  const node = (
    <>
      {conflict && <ConflictAlert conflict={conflict} onClose={() => setConflict(undefined)} />}
      {pending && (
        <ActionDialog
          target={pending.target}
          action={pending.action}
          initial={pending.initial}
          open
          onClose={() => setPending(undefined)}
          onDone={() => {
            setPending(undefined);
            setConflict(undefined);
          }}
          onConflict={setConflict}
        />
      )}
    </>
  );
  return { open: setPending, node };
}

function Boards() {
  const { t } = useI18n();
  const name = useNames();
  const paged = usePaged();
  const [which, setWhich] = useState<"all" | "warning" | "overdue">("all");
  const list = useGet<WorkList>("/supervision/overdue", paged.query, { keepPrevious: true });
  const dialog = useDialog();
  const fetched = list.data?.items ?? [];
  const items = fetched.slice(0, paged.pageSize).filter((i) => which === "all" || i.deadlineState === which);
  return (
    <>
      {dialog.node}
      <Flex gap={12} style={{ marginBottom: 12 }}>
        <Segmented
          aria-label={t("work.deadline.filter")}
          value={which}
          onChange={(v) => setWhich(v as typeof which)}
          options={[
            { value: "all", label: t("work.colour.all") },
            { value: "warning", label: t("work.supervision.warning") },
            { value: "overdue", label: t("work.supervision.overdue") },
          ]}
        />
        <Button onClick={() => void list.refetch()}>{t("work.refresh")}</Button>
      </Flex>
      <LoadState loading={list.isPending} error={list.error} reload={() => void list.refetch()}>
        <Table<WorkListItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={items}
          locale={{ emptyText: t("work.supervision.boardEmpty") }}
          pagination={paged.pagination(fetched.length)}
          columns={[
            {
              title: t("work.field.number"),
              dataIndex: "number",
              render: (n: string) => <Link to={`/cases/${n}`}>{n}</Link>,
            },
            {
              title: t("work.field.status"),
              dataIndex: "status",
              render: (s: WorkListItem["status"]) => <StatusTag status={s} />,
            },
            {
              title: t("work.field.deadline"),
              render: (_: unknown, r: WorkListItem) => (
                <Countdown dueAt={r.dueAt} createdAt={r.createdAt} warned={r.deadlineState === "warning"} />
              ),
            },
            { title: t("work.field.assignedUnit"), dataIndex: "assignedOrgName" },
            { title: t("work.field.description"), dataIndex: "description", ellipsis: true },
            {
              title: t("work.field.operation"),
              render: (_: unknown, r: WorkListItem) => (
                <Space>
                  <Button
                    size="small"
                    onClick={() =>
                      dialog.open({
                        target: { id: r.id, number: r.number, version: r.version },
                        action: "urge",
                      })
                    }
                    data-testid={`urge-${r.number}`}
                  >
                    {name("caseAction", "urge")}
                  </Button>
                  <Button
                    size="small"
                    href={`/api/v1/cases/${r.id}/print/supervision-notice.pdf`}
                    target="_blank"
                    data-testid={`notice-${r.number}`}
                  >
                    {t("work.case.printNotice")}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </LoadState>
    </>
  );
}

function Extensions() {
  const { t, lang } = useI18n();
  const paged = usePaged();
  const list = useGet<{ items: PendingExtension[] }>("/supervision/extensions", paged.query, {
    keepPrevious: true,
  });
  const dialog = useDialog();
  const fetched = list.data?.items ?? [];
  const decide = (x: PendingExtension, decision: "approved" | "denied") =>
    dialog.open({
      target: { id: x.caseId, number: x.caseNumber, version: x.caseVersion },
      action: "decide_extension",
      initial: { extensionId: x.id, decision },
    });
  return (
    <>
      {dialog.node}
      <LoadState loading={list.isPending} error={list.error} reload={() => void list.refetch()}>
        <Table<PendingExtension>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={fetched.slice(0, paged.pageSize)}
          locale={{ emptyText: t("work.supervision.extensionsEmpty") }}
          pagination={paged.pagination(fetched.length)}
          columns={[
            {
              title: t("work.field.number"),
              dataIndex: "caseNumber",
              render: (n: string) => <Link to={`/cases/${n}`}>{n}</Link>,
            },
            { title: t("work.field.assignedUnit"), dataIndex: "requestedOrgName" },
            { title: t("work.field.extraHours"), dataIndex: "extraHours", render: (h: number) => `+${h}h` },
            { title: t("work.field.reason"), dataIndex: "reason" },
            {
              title: t("work.field.handleDue"),
              dataIndex: "handleDueAt",
              render: (v: string | null) => formatTime(v, lang),
            },
            {
              title: t("work.field.createdAt"),
              dataIndex: "createdAt",
              render: (v: string) => formatTime(v, lang),
            },
            {
              title: t("work.field.operation"),
              render: (_: unknown, x: PendingExtension) => (
                <Space>
                  <Button size="small" type="primary" onClick={() => decide(x, "approved")}>
                    {t("work.extension.approve")}
                  </Button>
                  <Button size="small" danger onClick={() => decide(x, "denied")}>
                    {t("work.extension.deny")}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </LoadState>
    </>
  );
}

function Reviews() {
  const { t, lang } = useI18n();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string>();
  const list = useGet<CaseList>(
    "/cases",
    { status: "supervisor_review", page, pageSize: 20, sort: "created" },
    { keepPrevious: true },
  );
  return (
    <LoadState loading={list.isPending} error={list.error} reload={() => void list.refetch()}>
      <Table<CaseListItem>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t("work.supervision.reviewsEmpty") }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          {
            title: t("work.field.number"),
            dataIndex: "number",
            render: (n: string) => <Link to={`/cases/${n}`}>{n}</Link>,
          },
          { title: t("work.field.category"), dataIndex: ["category", "name"] },
          { title: t("work.field.summary"), dataIndex: "summary", ellipsis: true },
          { title: t("work.field.assignedUnit"), dataIndex: ["assignedUnit", "name"] },
          {
            title: t("work.field.createdAt"),
            dataIndex: "createdAt",
            render: (v: string) => formatTime(v, lang),
          },
          {
            title: t("work.field.operation"),
            render: (_: unknown, r: CaseListItem) => (
              <Button size="small" type="primary" onClick={() => setOpen(r.id)}>
                {t("work.supervision.decide")}
              </Button>
            ),
          },
        ]}
      />
      <CaseDrawer caseId={open} onClose={() => setOpen(undefined)} />
    </LoadState>
  );
}

export default function SupervisionPage() {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t("work.supervision.page")}
      </Typography.Title>
      <Tabs
        items={[
          { key: "boards", label: t("work.supervision.boards"), children: <Boards /> },
          { key: "extensions", label: t("work.supervision.extensions"), children: <Extensions /> },
          {
            key: "reviews",
            label: t("work.supervision.reviews"),
            children: <Reviews />,
          },
        ]}
      />
    </>
  );
}
