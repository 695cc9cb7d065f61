/**
 * The dispatch desk (派发台): the queue of new appeals waiting in triage, filtered by
 * channel, category, region, urgency and age; one case triaged and dispatched in the drawer, or
 * several dispatched at once.
 */
import { useQueries } from "@tanstack/react-query";
import { Alert, Button, Drawer, Flex, Form, Modal, Segmented, Select, Table, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import type {
  CaseChannel,
  CaseList,
  CaseListItem,
  DispatchOptions,
  RegionList,
} from "../../../shared/contracts.js";
import { codesOf } from "../../../shared/i18n/domain.js";
import { useErrorText, useNames } from "../../../shared/i18n/names.js";
import { getQuery, useGet } from "../../../shared/query.js";
import { ExportButtons } from "../../components/ExportButtons.js";
import { CategoryIcon } from "../../components/CategoryIcon.js";
import { useI18n } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { conflictOf, leafCategories, useCaseAction, useCategories } from "./data.js";
import TriagePanel from "./TriagePanel.js";
import { Countdown, LoadState, NarrowedTag, formatSpan, useNow, ToneTag } from "./ui.js";
import { usePunctuation } from "../../../shared/i18n/punctuation.js";
import { CaseNumberLink } from "../../components/CaseNumberLink.js";
import { chinaTime } from "../../../shared/time.js";

interface Filters {
  channel?: CaseChannel;
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
  const name = useNames();
  const { session } = useSession();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [selected, setSelected] = useState<CaseListItem[]>([]);
  const [open, setOpen] = useState<string>();
  const [bulkOpen, setBulkOpen] = useState(false);
  const now = useNow(30_000);

  // The queue is what the person's centre must route (待分拨); "area" shows every case in triage
  // within their scope (a supervisor looking over the townships' queues).
  const [queue, setQueue] = useState<"mine" | "area">("mine");
  // The home page's count of sent-back cases opens the queue narrowed to them (?sentBack=true).
  const [params] = useSearchParams();
  const sentBack = params.get("sentBack") === "true";
  // Nearest deadline first: in triage that is the oldest appeal first.
  const query = {
    status: "triage",
    ...(queue === "mine" ? { queue: "mine" } : {}),
    ...(sentBack ? { sentBack: "true" } : {}),
    ...filters,
    page,
    pageSize,
    sort: "deadline",
  };
  const list = useGet<CaseList>("/cases", query, { keepPrevious: true });
  const catalogue = useCategories();
  const categories = useMemo(() => leafCategories(catalogue.data?.items ?? []), [catalogue.data]);

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
  const children = useQueries({
    queries: scopes.map((s) => getQuery<RegionList>(`/regions/${s.code}/children`)),
  });
  const regions = [
    ...scopes.map((s) => ({ code: s.code, name: s.name })),
    ...children.flatMap((c) => c.data?.items ?? []),
  ];

  const categoryName = (code: string | undefined) => {
    const found = categories.find((c) => c.code === code);
    return found ? (lang === "zh-CN" ? found.name : found.nameEn || found.name) : code;
  };

  const columns = [
    {
      title: t("work.field.number"),
      dataIndex: "number",
      render: (n: string) => <CaseNumberLink to={n} number={n} />,
    },
    {
      title: t("work.field.age"),
      dataIndex: "createdAt",
      render: (v: string) => <span title={chinaTime(v)}>{formatSpan(now - Date.parse(v), lang)}</span>,
    },
    {
      title: t("work.field.channel"),
      dataIndex: "channel",
      render: (v: CaseChannel) => name("channel", v),
    },
    {
      title: t("work.field.category"),
      dataIndex: "category",
      render: (v: CaseListItem["category"]) =>
        v ? (
          <>
            <CategoryIcon code={v.code} />
            {categoryName(v.code)}
          </>
        ) : (
          <Tag>{t("work.uncategorised")}</Tag>
        ),
    },
    {
      title: t("work.field.summary"),
      dataIndex: "summary",
      render: (summary: string, r: CaseListItem) =>
        r.sentBack ? (
          <div data-testid={`sent-back-${r.number}`}>
            <ToneTag tone="orange">{t("centre.sentBack.tag")}</ToneTag>
            <Typography.Text type="secondary">
              {t("centre.sentBack.detail", {
                unit: r.sentBack.unitName ?? "",
                reason: r.sentBack.reason ?? "",
              })}
            </Typography.Text>
            <div>{summary}</div>
          </div>
        ) : (
          summary
        ),
    },
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
      <NarrowedTag param="sentBack" label={sentBack ? t("home.today.sentBack") : null} />
      <Segmented<"mine" | "area">
        style={{ marginBottom: 12 }}
        data-testid="queue-scope"
        value={queue}
        onChange={(v) => {
          setQueue(v);
          setPage(1);
        }}
        options={[
          { value: "mine", label: t("work.dispatch.queueMine") },
          { value: "area", label: t("work.dispatch.queueArea") },
        ]}
      />
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
            options={codesOf("channel").map((c) => ({ value: c, label: name("channel", c) }))}
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
        <Button onClick={() => void list.refetch()}>{t("work.refresh")}</Button>
        <span>{t("work.total", { n: list.data?.total ?? 0 })}</span>
        <ExportButtons kind="cases" query={query} size="middle" label={t("work.dispatch.title")} />
      </Flex>
      <LoadState loading={list.isPending} error={list.error} reload={() => void list.refetch()}>
        <Table<CaseListItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
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
        {open && <TriagePanel caseId={open} />}
      </Drawer>
      {bulkOpen && (
        <BulkDispatch cases={selected} onClose={() => setBulkOpen(false)} onDone={() => setSelected([])} />
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
  const punct = usePunctuation();
  const name = useNames();
  const errorText = useErrorText();
  const [orgId, setOrgId] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<BulkResult[]>();
  const first = cases[0];
  const options = useGet<DispatchOptions>(first ? `/cases/${first.id}/dispatch-options` : null);
  const dispatch = useCaseAction();

  const run = async () => {
    if (!orgId) return;
    setBusy(true);
    const out: BulkResult[] = [];
    for (const c of cases) {
      try {
        await dispatch.mutateAsync({ caseId: c.id, action: "dispatch", body: { orgId } });
        out.push({ number: c.number, ok: true, message: t("work.dispatch.done") });
      } catch (err) {
        const conflict = conflictOf(err);
        out.push({
          number: c.number,
          ok: false,
          message: conflict
            ? t("work.conflict.title", { status: name("caseStatus", conflict.status) })
            : errorText(err),
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
      okText={results ? t("work.form.close") : name("caseAction", "dispatch")}
      cancelText={t("work.form.cancel")}
      okButtonProps={{ disabled: !results && !orgId, loading: busy }}
    >
      {!results ? (
        <>
          <Typography.Paragraph>{punct.list(cases.map((c) => c.number))}</Typography.Paragraph>
          <label htmlFor="bulk-unit">{t("work.field.unit")}</label>
          <Select
            id="bulk-unit"
            style={{ width: "100%", marginTop: 4 }}
            value={orgId}
            onChange={setOrgId}
            loading={options.isPending}
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
