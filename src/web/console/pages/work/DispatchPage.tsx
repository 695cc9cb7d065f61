/**
 * The dispatch workbench (派单台): the queue of new appeals waiting in triage, filtered by
 * channel, category, region, urgency and age; one case triaged and dispatched in the drawer, or
 * several dispatched at once.
 */
import { Alert, Button, Drawer, Flex, Form, Modal, Select, Table, Tag, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { api, ApiError } from "../../../shared/api.js";
import { ExportButtons } from "../../components/ExportButtons.js";
import { useI18n } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { conflictOf, leafCategories, loadCategories, runAction, useLoad } from "./data.js";
import TriagePanel from "./TriagePanel.js";
import { CHANNELS, type CaseList, type CaseListItem, type Category, type DispatchOptions } from "./types.js";
import { Countdown, LoadState, formatSpan, formatTime, useNow, ToneTag } from "./ui.js";

interface Filters {
  channel?: string;
  category?: string;
  region?: string;
  urgent?: "true" | "false";
  olderThanHours?: number;
}

const AGES = [1, 4, 8, 24, 72];

interface BulkResult {
  number: string;
  ok: boolean;
  message: string;
}

export default function DispatchPage() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [selected, setSelected] = useState<CaseListItem[]>([]);
  const [open, setOpen] = useState<string>();
  const [categories, setCategories] = useState<Category[]>([]);
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const now = useNow(30_000);

  // Nearest deadline first: in triage that is the oldest appeal first.
  const query = { status: "triage", ...filters, page, pageSize, sort: "deadline" };
  const list = useLoad((signal) => api<CaseList>("/cases", { query, signal }), JSON.stringify(query));

  useEffect(() => {
    void loadCategories()
      .then((all) => setCategories(leafCategories(all)))
      .catch(() => setCategories([]));
  }, []);

  // Regions to filter by: each dispatch scope and the places right under it.
  const scopes = useMemo(
    () =>
      (session?.roles ?? [])
        .filter(
          (r) => r.scope.kind === "region" && ["township_dispatcher", "supervisor", "admin"].includes(r.role),
        )
        .map((r) => r.scope),
    [session],
  );
  useEffect(() => {
    let cancelled = false;
    void Promise.all(
      scopes.map((s) =>
        api<{ items: { code: string; name: string }[] }>(`/regions/${s.code}/children`)
          .then((r) => r.items)
          .catch(() => []),
      ),
    ).then((children) => {
      if (!cancelled)
        setRegions([...scopes.map((s) => ({ code: s.code, name: s.name })), ...children.flat()]);
    });
    return () => {
      cancelled = true;
    };
  }, [scopes]);

  const categoryName = (code: string | undefined) => {
    const found = categories.find((c) => c.code === code);
    return found ? (lang === "zh" ? found.name : found.nameEn || found.name) : code;
  };

  const columns = [
    {
      title: t("work.field.number"),
      dataIndex: "number",
      render: (n: string) => <Link to={`/cases/${n}`}>{n}</Link>,
    },
    {
      title: t("work.field.age"),
      dataIndex: "createdAt",
      render: (v: string) => <span title={formatTime(v, lang)}>{formatSpan(now - Date.parse(v), lang)}</span>,
    },
    { title: t("work.field.channel"), dataIndex: "channel", render: (v: string) => t(`work.channel.${v}`) },
    {
      title: t("work.field.category"),
      dataIndex: "category",
      render: (v: CaseListItem["category"]) =>
        v ? categoryName(v.code) : <Tag>{t("work.uncategorised")}</Tag>,
    },
    { title: t("work.field.summary"), dataIndex: "summary", ellipsis: true },
    { title: t("work.field.region"), dataIndex: ["region", "name"] },
    {
      title: t("work.field.urgent"),
      dataIndex: "urgent",
      render: (v: boolean) => (v ? <ToneTag tone="red">{t("work.urgent")}</ToneTag> : null),
    },
    {
      title: t("work.field.deadline"),
      render: (_: unknown, r: CaseListItem) => <Countdown dueAt={r.responseDueAt} createdAt={r.createdAt} />,
    },
    {
      title: t("work.field.operation"),
      render: (_: unknown, r: CaseListItem) => (
        <Button size="small" type="link" onClick={() => setOpen(r.id)} data-testid={`triage-${r.number}`}>
          {t("work.triage.open")}
        </Button>
      ),
    },
  ];

  const items = list.data?.items ?? [];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t("work.dispatch.page")}
      </Typography.Title>
      <Form
        layout="inline"
        name="queue-filters"
        style={{ marginBottom: 16, rowGap: 8 }}
        onValuesChange={(_, all: Filters) => {
          setFilters(
            Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined && v !== null)),
          );
          setPage(1);
        }}
      >
        <Form.Item name="channel" label={t("work.field.channel")}>
          <Select
            allowClear
            style={{ width: 140 }}
            options={CHANNELS.map((c) => ({ value: c, label: t(`work.channel.${c}`) }))}
          />
        </Form.Item>
        <Form.Item name="category" label={t("work.field.category")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            style={{ width: 200 }}
            options={categories.map((c) => ({ value: c.code, label: categoryName(c.code) }))}
          />
        </Form.Item>
        <Form.Item name="region" label={t("work.field.region")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            style={{ width: 200 }}
            options={regions.map((r) => ({ value: r.code, label: r.name }))}
          />
        </Form.Item>
        <Form.Item name="urgent" label={t("work.field.urgency")}>
          <Select
            allowClear
            style={{ width: 120 }}
            options={[
              { value: "true", label: t("work.urgent") },
              { value: "false", label: t("work.normal") },
            ]}
          />
        </Form.Item>
        <Form.Item name="olderThanHours" label={t("work.field.age")}>
          <Select
            allowClear
            style={{ width: 150 }}
            options={AGES.map((h) => ({ value: h, label: t("work.age.over", { hours: h }) }))}
          />
        </Form.Item>
      </Form>
      <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          disabled={selected.length === 0}
          onClick={() => setBulkOpen(true)}
          data-testid="bulk-dispatch"
        >
          {t("work.dispatch.bulk", { n: selected.length })}
        </Button>
        <Button onClick={list.reload}>{t("work.refresh")}</Button>
        <span>{t("work.total", { n: list.data?.total ?? 0 })}</span>
        <ExportButtons kind="cases" query={query} size="middle" label={t("work.dispatch.title")} />
      </Flex>
      <LoadState loading={list.loading && !list.data} error={list.error} reload={list.reload}>
        <Table<CaseListItem>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={items}
          columns={columns}
          locale={{ emptyText: t("work.dispatch.empty") }}
          rowSelection={{
            selectedRowKeys: selected.map((s) => s.id),
            onChange: (_keys, rows) => setSelected(rows),
            getCheckboxProps: (r) => ({ "aria-label": r.number }) as never,
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
        />
      </LoadState>
      <Drawer
        open={open !== undefined}
        size={760}
        title={t("work.triage.drawer")}
        onClose={() => setOpen(undefined)}
        destroyOnHidden
      >
        {open && <TriagePanel caseId={open} onChanged={list.reload} />}
      </Drawer>
      {bulkOpen && (
        <BulkDispatch
          cases={selected}
          onClose={() => setBulkOpen(false)}
          onDone={() => {
            setSelected([]);
            list.reload();
          }}
        />
      )}
    </>
  );
}

/** Several cases to one unit; each is dispatched on its own and its outcome listed. */
function BulkDispatch({
  cases,
  onClose,
  onDone,
}: {
  cases: CaseListItem[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [orgId, setOrgId] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<BulkResult[]>();
  const first = cases[0];
  const options = useLoad(
    (signal) =>
      first
        ? api<DispatchOptions>(`/cases/${first.id}/dispatch-options`, { signal })
        : Promise.resolve(undefined),
    first?.id ?? "",
  );

  const run = async () => {
    if (!orgId) return;
    setBusy(true);
    const out: BulkResult[] = [];
    for (const c of cases) {
      try {
        await runAction(c.id, "dispatch", { orgId });
        out.push({ number: c.number, ok: true, message: t("work.dispatch.done") });
      } catch (err) {
        const conflict = conflictOf(err);
        out.push({
          number: c.number,
          ok: false,
          message: conflict
            ? t("work.conflict.title", { status: t(`work.status.${conflict.status}`) })
            : err instanceof ApiError
              ? err.message
              : String(err),
        });
      }
    }
    setResults(out);
    setBusy(false);
    onDone();
  };

  return (
    <Modal
      open
      title={t("work.dispatch.bulkTitle", { n: cases.length })}
      onCancel={onClose}
      onOk={results ? onClose : () => void run()}
      okText={results ? t("work.form.close") : t("work.action.dispatch")}
      cancelText={t("work.form.cancel")}
      okButtonProps={{ disabled: !results && !orgId, loading: busy }}
    >
      {!results ? (
        <>
          <Typography.Paragraph>{cases.map((c) => c.number).join("、")}</Typography.Paragraph>
          <label htmlFor="bulk-unit">{t("work.field.unit")}</label>
          <Select
            id="bulk-unit"
            style={{ width: "100%", marginTop: 4 }}
            value={orgId}
            onChange={setOrgId}
            loading={options.loading}
            showSearch={{ optionFilterProp: "label" }}
            options={(options.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </>
      ) : (
        <div data-testid="bulk-results">
          {results.map((r) => (
            <Alert
              key={r.number}
              type={r.ok ? "success" : "error"}
              title={`${r.number}: ${r.message}`}
              style={{ marginBottom: 8 }}
            />
          ))}
        </div>
      )}
    </Modal>
  );
}
