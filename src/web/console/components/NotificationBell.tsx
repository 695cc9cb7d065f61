/**
 * The bell in the console's header: how many notifications wait unread (the person's own and
 * their units'), the latest in a panel, each marked read when opened or by its button, with a
 * link to its case; "mark all read". The count is fetched again every minute.
 */
import { BellOutlined } from "@ant-design/icons";
import { Badge, Button, Empty, Flex, List, Popover, Space, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../shared/api.js";
import type { Notification, NotificationList } from "../../shared/contracts.js";
import { useGet, useWrite } from "../../shared/query.js";
import { formatTime } from "../pages/work/ui.js";
import { useI18n, type ConsoleKey } from "../i18n/index.js";

/** The words of each kind of notification the case actions and the scheduler write. */
const KIND_WORDS = {
  send_back: "centre.kind.send_back",
  case_triage: "centre.kind.case_triage",
  case_dispatched: "centre.kind.case_dispatched",
  deadline_warning: "centre.kind.deadline_warning",
  deadline_overdue: "centre.kind.deadline_overdue",
  dispatch: "centre.kind.dispatch",
  redispatch: "centre.kind.redispatch",
  case_escalated: "centre.kind.case_escalated",
  escalate: "centre.kind.escalate",
  whistle: "centre.kind.whistle",
  whistle_overdue: "centre.kind.whistle_overdue",
  report: "centre.kind.report",
  urge: "centre.kind.urge",
  warning: "centre.kind.warning",
  overdue: "centre.kind.overdue",
  request_extension: "centre.kind.request_extension",
  decide_extension: "centre.kind.decide_extension",
  reply: "centre.kind.reply",
  reopen: "centre.kind.reopen",
  verify_failed: "centre.kind.verify_failed",
  supervisor_review: "centre.kind.supervisor_review",
  reject: "centre.kind.reject",
  merge: "centre.kind.merge",
  evaluate_merged: "centre.kind.evaluate_merged",
  transfer_to_mediation: "centre.kind.transfer_to_mediation",
  dispute_registered: "centre.kind.dispute_registered",
  dispute_assigned: "centre.kind.dispute_assigned",
  dispute_declined: "centre.kind.dispute_declined",
  dispute_escalated: "centre.kind.dispute_escalated",
  dispute_settled: "centre.kind.dispute_settled",
  dispute_repeat_parties: "centre.kind.dispute_repeat_parties",
  dispute_major_risk: "centre.kind.dispute_major_risk",
  dispute_deadline_warning: "centre.kind.dispute_deadline_warning",
  dispute_deadline_overdue: "centre.kind.dispute_deadline_overdue",
  dispute_follow_up_due: "centre.kind.dispute_follow_up_due",
  dispute_judicial_reminder: "centre.kind.dispute_judicial_reminder",
} as const satisfies Record<string, ConsoleKey>;

function kindKey(kind: string): ConsoleKey {
  return Object.hasOwn(KIND_WORDS, kind) ? KIND_WORDS[kind as keyof typeof KIND_WORDS] : "centre.kind.other";
}

const LIST_QUERY = { limit: 20 };

export function NotificationBell() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const inbox = useGet<NotificationList>("/notifications", LIST_QUERY, { refetchInterval: 60_000 });
  const markRead = useWrite<number>(
    (id) => api(`/notifications/${id}/read`, { method: "POST" }),
    ["/notifications"],
  );
  const markAll = useWrite<void>(
    () => api("/notifications/read-all", { method: "POST" }),
    ["/notifications"],
  );
  const unread = inbox.data?.unread ?? 0;
  const items = inbox.data?.items ?? [];

  const openCase = (n: Notification) => {
    if (n.readAt === null) markRead.mutate(n.id);
    setOpen(false);
    if (n.caseNumber) navigate(`/cases/${n.caseNumber}`);
  };

  const panel = (
    <div style={{ width: 380, maxHeight: 480, overflowY: "auto" }} data-testid="notification-panel">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("centre.bell.empty")} />
      ) : (
        <List<Notification>
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item
              data-testid={`notification-${n.id}`}
              data-unread={n.readAt === null ? "true" : "false"}
              style={{ background: n.readAt === null ? "#f0f7ff" : undefined, paddingInline: 8 }}
              actions={
                n.readAt === null
                  ? [
                      <Button key="read" size="small" type="link" onClick={() => markRead.mutate(n.id)}>
                        {t("centre.bell.markRead")}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    <Typography.Text strong={n.readAt === null}>{t(kindKey(n.kind))}</Typography.Text>
                    {n.caseNumber && (
                      <Button
                        type="link"
                        size="small"
                        style={{ padding: 0 }}
                        onClick={() => openCase(n)}
                        aria-label={t("centre.bell.openCase", { number: n.caseNumber })}
                      >
                        {n.caseNumber}
                      </Button>
                    )}
                  </Space>
                }
                description={
                  <>
                    <div>{n.body}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatTime(n.createdAt, lang)}
                      {n.to === "unit" ? ` · ${t("centre.bell.toUnit")}` : ""}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={
        <Flex justify="space-between" align="center">
          <span>{t("centre.bell.title")}</span>
          <Button
            size="small"
            type="link"
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
            data-testid="notifications-read-all"
          >
            {t("centre.bell.markAllRead")}
          </Button>
        </Flex>
      }
      content={panel}
    >
      <Button
        type="text"
        aria-label={unread > 0 ? t("centre.bell.unread", { n: unread }) : t("centre.bell.label")}
        data-testid="notification-bell"
        data-unread={unread}
      >
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} aria-hidden />
        </Badge>
      </Button>
    </Popover>
  );
}
