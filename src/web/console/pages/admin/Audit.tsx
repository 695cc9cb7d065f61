/** The administrative audit log of the scope: who changed what and when, filtered and paginated. */
import { Flex } from "antd";
import type { AuditEntry } from "../../../shared/contracts.js";
import { codesOf, isCodeOf } from "../../../shared/i18n/domain.js";
import { useNames } from "../../../shared/i18n/names.js";
import { ResourcePage } from "../../components/ResourcePage.js";
import { useI18n } from "../../i18n/index.js";
import { chinaTime } from "../cockpit/period.js";

export default function Audit() {
  const { t } = useI18n();
  const name = useNames();
  return (
    <ResourcePage<AuditEntry>
      title="admin.audit.title"
      path="/audit"
      pageSize={50}
      rowKey={(e) => String(e.id)}
      filters={[
        {
          kind: "select",
          name: "entityType",
          label: "admin.audit.entityType",
          width: 160,
          options: codesOf("auditEntity").map((c) => ({ value: c, label: name("auditEntity", c) })),
        },
        {
          kind: "select",
          name: "action",
          label: "admin.audit.action",
          width: 200,
          options: codesOf("auditAction").map((c) => ({ value: c, label: name("auditAction", c) })),
        },
        { kind: "period", from: "since", to: "until", label: "admin.audit.period" },
      ]}
      table={{
        testId: "audit-table",
        expandable: {
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
        },
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
          render: (v: string) => (isCodeOf("auditAction", v) ? name("auditAction", v) : v),
        },
        {
          title: t("admin.audit.entityType"),
          dataIndex: "entityType",
          key: "entityType",
          render: (v: string) => (isCodeOf("auditEntity", v) ? name("auditEntity", v) : v),
        },
        {
          title: t("admin.audit.entityId"),
          key: "entity",
          // The thing's name now; its id only when it no longer exists (a deleted grid's code).
          render: (_: unknown, e: AuditEntry) => e.entityLabel ?? e.entityId ?? "—",
        },
      ]}
    />
  );
}
