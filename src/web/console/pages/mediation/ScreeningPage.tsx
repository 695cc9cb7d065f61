/**
 * 矛盾纠纷排查: the monthly screening of villages. Village staff see their village's task for the
 * month with its two ways to record it — none found (无纠纷), or register a dispute found (the
 * register page, prefilled with source screening and the task); townships and counties see their
 * villages' state this month: done, not done, overdue, and the disputes found.
 */
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Typography,
} from "antd";
import { useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../../shared/api.js";
import type { RecordScreening, ScreeningList, ScreeningTask } from "../../../shared/contracts.js";
import { useErrorText } from "../../../shared/i18n/names.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { useI18n } from "../../i18n/index.js";
import type { ConsoleKey } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { LoadState, ToneTag, type ToneName } from "../work/ui.js";
import { chinaTime } from "./words.js";

const STATE_KEYS = {
  done: "mediation.screening.state.done",
  pending: "mediation.screening.state.pending",
  overdue: "mediation.screening.state.overdue",
} as const satisfies Record<ScreeningTask["state"], ConsoleKey>;
const STATE_TONES: Record<ScreeningTask["state"], ToneName> = {
  done: "green",
  pending: "gold",
  overdue: "overdue",
};

/** This month and the eleven before it (China time), newest first. */
function recentMonths(): string[] {
  const now = new Date(Date.now() + 8 * 3_600_000);
  return Array.from({ length: 12 }, (_, i) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7),
  );
}

/** The last day of the task's month (its deadline is the first instant of the next one). */
const lastDay = (dueAt: string) =>
  chinaTime(new Date(new Date(dueAt).getTime() - 1).toISOString()).slice(0, 10);

function StateTag({ task }: { task: ScreeningTask }) {
  const { t } = useI18n();
  return (
    <ToneTag tone={STATE_TONES[task.state]} data-testid="screening-state">
      {t(STATE_KEYS[task.state])}
    </ToneTag>
  );
}

function ResultText({ task }: { task: ScreeningTask }) {
  const { t } = useI18n();
  if (task.result === null) return <>—</>;
  if (task.result === "none_found") return <>{t("mediation.screening.result.none_found")}</>;
  return (
    <Space size={4} wrap>
      {t("mediation.screening.result.found", { n: task.disputes.length })}
      {task.disputes.map((d) => (
        <Link key={d.id} to={`/mediation/disputes/${d.number}`}>
          {d.number}
        </Link>
      ))}
    </Space>
  );
}

/** The village's task: state, result, and the two buttons while it may be recorded. */
function VillageTask({ task }: { task: ScreeningTask }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const [note, setNote] = useState("");
  const record = useWrite<RecordScreening, ScreeningTask>(
    (body) => api<ScreeningTask>(`/mediation/screening-tasks/${task.id}/record`, { method: "POST", body }),
    ["/mediation/screening-tasks"],
  );
  const registerFound = () =>
    void navigate(
      `/mediation/register?${new URLSearchParams({ source: "screening", screeningTask: task.id, region: task.regionCode, month: task.month }).toString()}`,
    );
  return (
    <Card
      size="small"
      data-testid="village-task"
      title={`${task.regionName} · ${task.month}`}
      extra={<StateTag task={task} />}
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t("mediation.screening.result")}>
          <span data-testid="screening-result">
            <ResultText task={task} />
          </span>
        </Descriptions.Item>
        {task.recordedAt && (
          <Descriptions.Item label={t("mediation.screening.recordedAt")}>
            {chinaTime(task.recordedAt)}
          </Descriptions.Item>
        )}
        {task.note && (
          <Descriptions.Item label={t("mediation.screening.note")}>{task.note}</Descriptions.Item>
        )}
      </Descriptions>
      {task.canRecord && task.status === "pending" && (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">
            {t("mediation.screening.dueBy", { day: lastDay(task.dueAt) })}
          </Typography.Text>
          <Input.TextArea
            rows={2}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t("mediation.screening.noneNote")}
            aria-label={t("mediation.screening.noneNote")}
          />
          <Flex gap={8} wrap>
            <Popconfirm
              title={t("mediation.screening.noneConfirm")}
              onConfirm={() =>
                record.mutate({ result: "none_found", version: task.version, note: note.trim() || null })
              }
              okButtonProps={{ "data-testid": "confirm-none-found" } as Record<string, string>}
            >
              <Button type="primary" loading={record.isPending} data-testid="record-none-found">
                {t("mediation.screening.none")}
              </Button>
            </Popconfirm>
            <Button onClick={registerFound} data-testid="register-found">
              {t("mediation.screening.registerFound")}
            </Button>
          </Flex>
        </Flex>
      )}
      {task.canRecord && task.status === "done" && (
        <Button onClick={registerFound} data-testid="register-found">
          {t("mediation.screening.registerMore")}
        </Button>
      )}
      {record.error && (
        <Alert type="error" showIcon role="alert" title={errorText(record.error)} style={{ marginTop: 12 }} />
      )}
    </Card>
  );
}

export default function ScreeningPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const months = useMemo(recentMonths, []);
  const [month, setMonth] = useState(months[0] ?? "");
  const [state, setState] = useState<"all" | ScreeningTask["state"]>("all");
  const list = useGet<ScreeningList>("/mediation/screening-tasks", { month }, { keepPrevious: true });
  const village = can("mediation.screen");
  const items = list.data?.items ?? [];
  const shown = state === "all" ? items : items.filter((i) => i.state === state);
  const summary = list.data?.summary;
  const columns = [
    { title: t("mediation.screening.village"), dataIndex: "regionName" },
    {
      title: t("mediation.screening.township"),
      dataIndex: "townshipName",
      render: (n: string | null) => n ?? "—",
    },
    {
      title: t("mediation.screening.state"),
      render: (_: unknown, r: ScreeningTask) => <StateTag task={r} />,
    },
    {
      title: t("mediation.screening.result"),
      render: (_: unknown, r: ScreeningTask) => <ResultText task={r} />,
    },
    {
      title: t("mediation.screening.recordedAt"),
      dataIndex: "recordedAt",
      render: (at: string | null) => chinaTime(at),
    },
  ];
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t("mediation.screening.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t("mediation.screening.intro")}
      </Typography.Paragraph>
      <Flex gap={12} align="center" wrap>
        <Select
          value={month}
          onChange={setMonth}
          style={{ width: 140 }}
          aria-label={t("mediation.screening.month")}
          options={months.map((m) => ({ value: m, label: m }))}
          data-testid="screening-month"
        />
        <Button onClick={() => void list.refetch()}>{t("work.refresh")}</Button>
      </Flex>
      <LoadState loading={list.isPending} error={list.error} reload={() => void list.refetch()}>
        {village ? (
          <Flex vertical gap={12} style={{ maxWidth: 720 }}>
            {items.length === 0 && <Alert type="info" showIcon title={t("mediation.screening.noTask")} />}
            {items.map((task) => (
              <VillageTask key={task.id} task={task} />
            ))}
          </Flex>
        ) : (
          <Flex vertical gap={12}>
            {summary && (
              <Flex gap={32} wrap data-testid="screening-summary">
                <Statistic title={t("mediation.screening.summary.total")} value={summary.total} />
                <Statistic title={t("mediation.screening.summary.done")} value={summary.done} />
                <Statistic title={t("mediation.screening.summary.pending")} value={summary.pending} />
                <Statistic title={t("mediation.screening.summary.overdue")} value={summary.overdue} />
                <Statistic title={t("mediation.screening.summary.disputes")} value={summary.disputesFound} />
              </Flex>
            )}
            <Segmented
              value={state}
              onChange={(v) => setState(v as typeof state)}
              options={[
                { value: "all", label: t("mediation.screening.filter.all") },
                ...(["done", "pending", "overdue"] as const).map((s) => ({
                  value: s,
                  label: t(STATE_KEYS[s]),
                })),
              ]}
            />
            <Table<ScreeningTask>
              rowKey="id"
              size="middle"
              data-testid="screening-list"
              loading={list.isFetching}
              dataSource={shown}
              columns={columns}
              locale={{ emptyText: t("mediation.screening.empty") }}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
            />
          </Flex>
        )}
      </LoadState>
    </Flex>
  );
}
