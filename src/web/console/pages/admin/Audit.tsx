/** The administrative audit log of the scope: who changed what and when, filtered and paginated. */
import { Alert, Card, DatePicker, Flex, Input, Table, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useApi } from "../../components/useApi.js";
import { useI18n } from "../../i18n/index.js";
import { chinaTime } from "../cockpit/period.js";

interface Entry {
  id: number;
  at: string;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  scopePath: string | null;
}

export default function Audit() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<{
    entityType?: string;
    action?: string;
    since?: string;
    until?: string;
  }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const list = useApi<{ items: Entry[]; total: number }>("/audit", { ...filters, ...page });
  const set = (patch: Partial<typeof filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage((p) => ({ ...p, page: 1 }));
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t("admin.audit.title")}
      </Typography.Title>
      <Card
        size="small"
        title={
          <Flex gap={8} wrap>
            <Input.Search
              aria-label={t("admin.audit.entityType")}
              placeholder={t("admin.audit.entityType")}
              allowClear
              onSearch={(v) => set({ entityType: v.trim() || undefined })}
              style={{ width: 180 }}
            />
            <Input.Search
              aria-label={t("admin.audit.action")}
              placeholder={t("admin.audit.action")}
              allowClear
              onSearch={(v) => set({ action: v.trim() || undefined })}
              style={{ width: 200 }}
            />
            <DatePicker.RangePicker
              aria-label={t("admin.audit.period")}
              showTime
              onChange={(range) => {
                const [a, b] = (range ?? []) as [Dayjs | null, Dayjs | null];
                set({ since: a ? a.toISOString() : undefined, until: b ? b.toISOString() : undefined });
              }}
            />
          </Flex>
        }
      >
        {list.error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t("state.error")}
            description={list.error.message}
          />
        ) : (
          <Table<Entry>
            data-testid="audit-table"
            size="small"
            rowKey="id"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t("state.empty") }}
            scroll={{ x: true }}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: list.data?.total ?? 0,
              pageSizeOptions: [20, 50, 100, 200],
              onChange: (p, s) => setPage({ page: p, pageSize: s }),
            }}
            expandable={{
              expandedRowRender: (e) => (
                <Flex gap={16} wrap>
                  <pre style={{ margin: 0, maxWidth: 560, whiteSpace: "pre-wrap" }}>
                    {t("admin.audit.before")}: {JSON.stringify(e.before, null, 2)}
                  </pre>
                  <pre style={{ margin: 0, maxWidth: 560, whiteSpace: "pre-wrap" }}>
                    {t("admin.audit.after")}: {JSON.stringify(e.after, null, 2)}
                  </pre>
                </Flex>
              ),
            }}
            columns={[
              { title: t("admin.audit.at"), dataIndex: "at", key: "at", render: chinaTime },
              {
                title: t("admin.audit.actor"),
                dataIndex: "actorUsername",
                key: "actor",
                render: (v: string | null) => v ?? t("admin.audit.system"),
              },
              {
                title: t("admin.audit.action"),
                dataIndex: "action",
                key: "action",
                render: (v: string) => <code>{v}</code>,
              },
              { title: t("admin.audit.entityType"), dataIndex: "entityType", key: "entityType" },
              {
                title: t("admin.audit.entityId"),
                dataIndex: "entityId",
                key: "entityId",
                render: (v: string | null) => v ?? "—",
              },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
