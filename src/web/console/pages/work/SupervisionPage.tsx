/**
 * Supervision (督办): the warning and overdue boards with urging, extension requests to approve
 * or deny, and the cases past the reopen limit waiting for a supervisor's decision.
 */
import {
  Alert,
  Button,
  Flex,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Typography,
} from "antd";
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../../../shared/api.js";
import type {
  BoardFilters,
  BulkUrge,
  BulkUrgeResult,
  CaseList,
  CaseListItem,
  PendingExtension,
  WorkList,
  WorkListItem,
} from "../../../shared/contracts.js";
import { useErrorText, useNames } from "../../../shared/i18n/names.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { ExportButtons } from "../../components/ExportButtons.js";
import { RegionPicker } from "../../components/RegionPicker.js";
import { UnitPicker } from "../../components/UnitPicker.js";
import { useI18n } from "../../i18n/index.js";
import { ActionDialog, type ActionTarget, type PanelAction } from "./ActionPanel.js";
import { CASE_READS, leafCategories, useCategories, type Conflict } from "./data.js";
import { ConflictAlert, Countdown, LoadState, StatusTag } from "./ui.js";
import { CaseDrawer, usePaged } from "./WorkListPage.js";
import { usePunctuation } from "../../../shared/i18n/punctuation.js";
import { CaseNumberLink } from "../../components/CaseNumberLink.js";
import { chinaTime } from "../../../shared/time.js";

interface Pending {
  target: ActionTarget;
  action: PanelAction;
  initial?: Record<string, unknown>;
  extension?: { id: string; unitName: string; extraHours: number; reason: string };
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
          extension={pending.extension}
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
  const { t, lang } = useI18n();
  const name = useNames();
  const paged = usePaged();
  // The home page's count of overdue cases opens the board on them (?state=overdue).
  const [params] = useSearchParams();
  const initialState = params.get("state") === "overdue" ? "overdue" : undefined;
  const [filters, setFilters] = useState<BoardFilters>(initialState ? { state: initialState } : {});
  const [selected, setSelected] = useState<WorkListItem[]>([]);
  const [urging, setUrging] = useState(false);
  const list = useGet<WorkList>(
    "/supervision/overdue",
    { ...filters, ...paged.query },
    { keepPrevious: true },
  );
  const catalogue = useCategories();
  const categories = useMemo(() => leafCategories(catalogue.data?.items ?? []), [catalogue.data]);
  const dialog = useDialog();
  const fetched = list.data?.items ?? [];
  const items = fetched.slice(0, paged.pageSize);
  const categoryName = (code: string | null, fallback: string | null) => {
    const c = categories.find((x) => x.code === code);
    return c ? (lang === "zh-CN" ? c.name : c.nameEn || c.name) : (fallback ?? code);
  };
  const change = (next: BoardFilters) => {
    setFilters(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined && v !== null)));
    setSelected([]);
    paged.reset();
  };
  return (
    <>
      {dialog.node}
      <Form
        layout="inline"
        name="board-filters"
        initialValues={{ state: initialState ?? "" }}
        style={{ marginBottom: 12, rowGap: 8 }}
        onValuesChange={(_, all: BoardFilters) => change(all)}
      >
        <Form.Item name="region" label={t("work.field.region")}>
          <RegionPicker style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="assignedOrg" label={t("work.field.assignedUnit")}>
          <UnitPicker style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="category" label={t("work.field.category")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            style={{ width: 180 }}
            options={categories.map((c) => ({ value: c.code, label: categoryName(c.code, c.name) }))}
          />
        </Form.Item>
        <Form.Item name="state" label={t("centre.board.state")}>
          <Segmented
            options={[
              { value: "", label: t("work.colour.all") },
              { value: "warning", label: t("work.supervision.warning") },
              { value: "overdue", label: t("work.supervision.overdue") },
            ]}
          />
        </Form.Item>
      </Form>
      <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          disabled={selected.length === 0}
          onClick={() => setUrging(true)}
          data-testid="bulk-urge"
        >
          {t("centre.board.urgeSelected", { n: selected.length })}
        </Button>
        <Button onClick={() => void list.refetch()}>{t("work.refresh")}</Button>
        <ExportButtons kind="supervision" query={filters} size="middle" label={t("centre.board.export")} />
      </Flex>
      <LoadState loading={list.isPending} error={list.error} reload={() => void list.refetch()}>
        <Table<WorkListItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={items}
          locale={{ emptyText: t("work.supervision.boardEmpty") }}
          pagination={paged.pagination(fetched.length)}
          rowSelection={{
            selectedRowKeys: selected.map((s) => s.id),
            onChange: (_keys, rows) => setSelected(rows),
            getCheckboxProps: (r) => ({ "aria-label": r.number }) as never,
          }}
          columns={[
            {
              title: t("work.field.number"),
              dataIndex: "number",
              render: (n: string) => <CaseNumberLink to={n} number={n} />,
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
            {
              title: t("work.field.category"),
              render: (_: unknown, r: WorkListItem) => categoryName(r.categoryCode, r.categoryName),
            },
            { title: t("work.field.region"), dataIndex: "regionName" },
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
      {urging && (
        <BulkUrge cases={selected} onClose={() => setUrging(false)} onDone={() => setSelected([])} />
      )}
    </>
  );
}

/** 批量催办: one note for the selected cases; each case's outcome listed. */
function BulkUrge({
  cases,
  onClose,
  onDone,
}: {
  cases: WorkListItem[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const punct = usePunctuation();
  const errorText = useErrorText();
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>();
  const urge = useWrite<BulkUrge, BulkUrgeResult>(
    (body) => api<BulkUrgeResult>("/supervision/urge", { method: "POST", body }),
    CASE_READS,
  );
  const result = urge.data;
  const run = () => {
    setError(undefined);
    urge.mutate(
      {
        note: note.trim() === "" ? undefined : note.trim(),
        items: cases.map((c) => ({ caseId: c.id, version: c.version })),
      },
      { onSuccess: onDone, onError: setError },
    );
  };
  const numberOf = (id: string) => cases.find((c) => c.id === id)?.number ?? id;
  return (
    <Modal
      open
      title={t("centre.board.urgeTitle", { n: cases.length })}
      onCancel={onClose}
      onOk={result ? onClose : run}
      okText={result ? t("work.form.close") : t("centre.board.urgeSelected", { n: cases.length })}
      cancelText={t("work.form.cancel")}
      okButtonProps={{ loading: urge.isPending }}
    >
      {!result ? (
        <>
          <Typography.Paragraph>{punct.list(cases.map((c) => c.number))}</Typography.Paragraph>
          <label htmlFor="bulk-urge-note">{t("work.field.note")}</label>
          <Input.TextArea
            id="bulk-urge-note"
            rows={3}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            style={{ marginTop: 4 }}
          />
          {error !== undefined && <Alert type="error" title={errorText(error)} style={{ marginTop: 8 }} />}
        </>
      ) : (
        <div data-testid="bulk-urge-results">
          {result.results.map((r) => (
            <Alert
              key={r.caseId}
              type={r.ok ? "success" : "error"}
              title={`${r.number ?? numberOf(r.caseId)}: ${
                r.ok ? t("centre.board.urgeDone") : errorText(r.error ?? {})
              }`}
              style={{ marginBottom: 8 }}
            />
          ))}
        </div>
      )}
    </Modal>
  );
}

function Extensions() {
  const { t } = useI18n();
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
      extension: { id: x.id, unitName: x.requestedOrgName ?? "", extraHours: x.extraHours, reason: x.reason },
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
              render: (n: string) => <CaseNumberLink to={n} number={n} />,
            },
            { title: t("work.field.assignedUnit"), dataIndex: "requestedOrgName" },
            { title: t("work.field.extraHours"), dataIndex: "extraHours", render: (h: number) => `+${h}h` },
            { title: t("work.field.reason"), dataIndex: "reason" },
            {
              title: t("work.field.handleDue"),
              dataIndex: "handleDueAt",
              render: (v: string | null) => chinaTime(v),
            },
            {
              title: t("work.field.createdAt"),
              dataIndex: "createdAt",
              render: (v: string) => chinaTime(v),
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
  const { t } = useI18n();
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
            render: (n: string) => <CaseNumberLink to={n} number={n} />,
          },
          { title: t("work.field.category"), dataIndex: ["category", "name"] },
          { title: t("work.field.summary"), dataIndex: "summary", ellipsis: true },
          { title: t("work.field.assignedUnit"), dataIndex: ["assignedUnit", "name"] },
          {
            title: t("work.field.createdAt"),
            dataIndex: "createdAt",
            render: (v: string) => chinaTime(v),
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
