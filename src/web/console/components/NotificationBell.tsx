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
import { useI18n, type ConsoleKey } from "../i18n/index.js";
import { CONSOLE_MODULES } from "../registry.js";
import { chinaTime } from "../../shared/time.js";
import { useNames } from "../../shared/i18n/names.js";
import { notificationText } from "./notification-text.js";

/** The words of each kind of notification, as the modules' console entries name them. */
const KIND_WORDS: ReadonlyMap<string, ConsoleKey> = new Map(
  CONSOLE_MODULES.flatMap((m) => Object.entries(m.notificationKinds ?? {})),
);

function kindKey(kind: string): ConsoleKey {
  return KIND_WORDS.get(kind) ?? "centre.kind.other";
}

const LIST_QUERY = { limit: 20 };

/** The page of what a notification is about: an appeal, or a dispute (mediation). */
function subjectPath(n: Notification): string | null {
  if (n.caseNumber) return `/cases/${n.caseNumber}`;
  if (n.subjectType === "dispute" && n.subjectLabel) return `/mediation/disputes/${n.subjectLabel}`;
  return null;
}

export function NotificationBell() {
  const { t, lang } = useI18n();
  const name = useNames();
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
    const to = subjectPath(n);
    if (to) navigate(to);
  };

  const panel = (
    <div style={{ width: 380, maxHeight: 480, overflowY: "auto" }} data-testid="notification-panel">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("centre.bell.empty")} />
      ) : (
        <List<Notification>
          size="small"
          dataSource={items}
          renderItem={(n) => {
            const words = notificationText(t, name, lang, n);
            return (
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
                      {subjectPath(n) && (
                        <Button
                          type="link"
                          size="small"
                          style={{ padding: 0 }}
                          onClick={() => openCase(n)}
                          aria-label={
                            n.caseNumber
                              ? t("centre.bell.openCase", { number: n.caseNumber })
                              : t("centre.bell.openDispute", { number: n.subjectLabel ?? "" })
                          }
                        >
                          {n.caseNumber ?? n.subjectLabel}
                        </Button>
                      )}
                    </Space>
                  }
                  description={
                    <>
                      <div data-testid="notification-text">{words.text}</div>
                      {words.note && <div style={{ whiteSpace: "pre-wrap" }}>{words.note}</div>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {chinaTime(n.createdAt)}
                        {n.to === "unit" ? ` · ${t("centre.bell.toUnit")}` : ""}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            );
          }}
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
