/**
 * The unit work list (待办): the open cases of my units, nearest deadline first, each with a
 * live countdown coloured green / amber / red / overdue, and the case's allowed actions in a
 * drawer (respond with a contact log, reply with photos, send back, escalate, whistle, ask for
 * an extension, verify…).
 */
import { Button, Drawer, Flex, Segmented, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import type { CaseDetail, WorkList, WorkListItem } from "../../../shared/contracts.js";
import { useGet } from "../../../shared/query.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import ActionPanel from "./ActionPanel.js";
import {
  Countdown,
  LoadState,
  NarrowedTag,
  StatusTag,
  deadlineColour,
  useNow,
  type DeadlineColour,
  ToneTag,
} from "./ui.js";
import { useLocalName } from "../../../shared/i18n/names.js";
import { CaseNumberLink } from "../../components/CaseNumberLink.js";
import { CategoryIcon } from "../../components/CategoryIcon.js";

const DEADLINE_KINDS = {
  response: "work.deadline.response",
  handle: "work.deadline.handle",
} as const satisfies Record<NonNullable<WorkListItem["deadlineKind"]>, ConsoleKey>;

const COLOURS = {
  all: "work.colour.all",
  green: "work.colour.green",
  amber: "work.colour.amber",
  red: "work.colour.red",
  overdue: "work.colour.overdue",
} as const satisfies Record<"all" | DeadlineColour, ConsoleKey>;

/** The narrowed views of the list (GET /worklist?view=), named as the home page's counts. */
const VIEWS = {
  dueToday: "home.today.dueToday",
  overdue: "home.today.overdue",
  awaitingEvaluation: "home.today.awaitingEvaluation",
} as const satisfies Record<string, ConsoleKey>;

/** One page of a list the server pages by limit/offset without a total. */
export function usePaged(size = 20) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(size);
  return {
    page,
    pageSize,
    query: { limit: pageSize + 1, offset: (page - 1) * pageSize },
    /** Back to the first page (the filters changed). */
    reset: () => setPage(1),
    /** antd pagination for `items` fetched with one extra row (there is a next page when it came). */
    pagination: (fetched: number) => ({
      current: page,
      pageSize,
      total: (page - 1) * pageSize + fetched,
      showSizeChanger: true,
      onChange: (p: number, s: number) => {
        setPage(p);
        setPageSize(s);
      },
    }),
  };
}

export function CaseDrawer({ caseId, onClose }: { caseId?: string; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Drawer
      open={caseId !== undefined}
      size={640}
      title={t("work.worklist.drawer")}
      onClose={onClose}
      destroyOnHidden
    >
      {caseId && <CaseBrief caseId={caseId} />}
    </Drawer>
  );
}

function CaseBrief({ caseId }: { caseId: string }) {
  const localName = useLocalName();
  const detail = useGet<CaseDetail>(`/cases/${caseId}`);
  const c = detail.data;
  return (
    <LoadState loading={detail.isPending} error={detail.error} reload={() => void detail.refetch()}>
      {c && (
        <div data-testid="case-brief">
          <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
            <CaseNumberLink to={c.number} number={c.number} />
            <StatusTag status={c.status} />
            {c.category && (
              <Tag>
                <CategoryIcon code={c.category.code} />
                {localName(c.category)}
              </Tag>
            )}
          </Flex>
          <Typography.Paragraph>{c.description}</Typography.Paragraph>
          {c.address && <Typography.Paragraph type="secondary">{c.address}</Typography.Paragraph>}
          <ActionPanel detail={c} />
        </div>
      )}
    </LoadState>
  );
}

export default function WorkListPage() {
  const { t } = useI18n();
  const paged = usePaged();
  const [open, setOpen] = useState<string>();
  const [colour, setColour] = useState<"all" | DeadlineColour>("all");
  const now = useNow(30_000);
  // A count of the home page opens the list narrowed to what it counted (?view=overdue).
  const [params] = useSearchParams();
  const viewParam = params.get("view");
  const view = viewParam !== null && viewParam in VIEWS ? (viewParam as keyof typeof VIEWS) : undefined;
  const list = useGet<WorkList>("/worklist", { ...paged.query, view }, { keepPrevious: true });
  const fetched = list.data?.items ?? [];
  const items = fetched
    .slice(0, paged.pageSize)
    .filter(
      (i) =>
        colour === "all" ||
        (i.dueAt !== null &&
          deadlineColour(Date.parse(i.dueAt), Date.parse(i.createdAt), now, i.deadlineState === "warning") ===
            colour),
    );

  const columns = [
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
        <Flex vertical gap={2}>
          <Countdown dueAt={r.dueAt} createdAt={r.createdAt} warned={r.deadlineState === "warning"} />
          {r.deadlineKind && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(DEADLINE_KINDS[r.deadlineKind])}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { title: t("work.field.description"), dataIndex: "description", ellipsis: true },
    { title: t("work.field.assignedUnit"), dataIndex: "assignedOrgName" },
    {
      title: t("work.field.urgent"),
      dataIndex: "urgent",
      render: (v: boolean, r: WorkListItem) => (
        <>
          {v && <ToneTag tone="red">{t("work.urgent")}</ToneTag>}
          {r.reopenCount > 0 && <ToneTag tone="orange">{t("work.reopened", { n: r.reopenCount })}</ToneTag>}
        </>
      ),
    },
    {
      title: t("work.field.operation"),
      render: (_: unknown, r: WorkListItem) => (
        <Button size="small" type="primary" onClick={() => setOpen(r.id)} data-testid={`handle-${r.number}`}>
          {t("work.worklist.handle")}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t("work.worklist.page")}
      </Typography.Title>
      <NarrowedTag param="view" label={view ? t(VIEWS[view]) : null} />
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <Segmented
          aria-label={t("work.deadline.filter")}
          value={colour}
          onChange={(v) => setColour(v as typeof colour)}
          options={(Object.keys(COLOURS) as (keyof typeof COLOURS)[]).map((c) => ({
            value: c,
            label: t(COLOURS[c]),
          }))}
        />
        <Button onClick={() => void list.refetch()}>{t("work.refresh")}</Button>
      </Flex>
      <LoadState loading={list.isPending} error={list.error} reload={() => void list.refetch()}>
        <Table<WorkListItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={items}
          columns={columns}
          locale={{ emptyText: t("work.worklist.empty") }}
          pagination={paged.pagination(fetched.length)}
        />
      </LoadState>
      <CaseDrawer caseId={open} onClose={() => setOpen(undefined)} />
    </>
  );
}
