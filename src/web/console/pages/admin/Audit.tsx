/** The administrative audit log of the scope: who changed what and when, filtered and paginated. */
import { Flex } from "antd";
import type { AuditEntry } from "../../../shared/contracts.js";
import { codesOf, isCodeOf } from "../../../shared/i18n/domain.js";
import { useNames } from "../../../shared/i18n/names.js";
import type { Lang } from "../../../shared/i18n/setup.js";
import { ResourcePage } from "../../components/ResourcePage.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import { chinaTime } from "../cockpit/period.js";

/** Settings the audit log names by their key (the key is the entity's id). */
const SETTING_NAMES: Readonly<Record<string, ConsoleKey>> = {
  mediation_repeat_window_days: "admin.audit.setting.mediationRepeatWindow",
};

/**
 * A thing by its name in the reader's language: the English name where it has one, else its name
 * as written (a place, a unit). A year of holidays, a setting and the register are named by what
 * they are, not an id.
 */
function entityText(e: AuditEntry, t: (key: ConsoleKey) => string, lang: Lang): string {
  if (lang === "en" && e.entityLabelEn) return e.entityLabelEn;
  if (e.entityLabel) return e.entityLabel;
  if (e.entityId === null) return "—";
  if (e.entityType === "holidays") return e.entityId;
  if (e.entityType === "setting") {
    const key = Object.hasOwn(SETTING_NAMES, e.entityId) ? SETTING_NAMES[e.entityId] : undefined;
    return key ? t(key) : e.entityId;
  }
  // A grid deleted keeps its code (a place people know by it); other things gone are said so.
  return e.entityType === "grid" ? e.entityId : t("admin.audit.entityGone");
}

export default function Audit() {
  const { t, lang } = useI18n();
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
          key: "actor",
          // The person's name; their sign-in name on hover, to tell two of one name apart.
          render: (_: unknown, e: AuditEntry) =>
            e.actorName || e.actorUsername ? (
              <span title={e.actorUsername ?? undefined}>{e.actorName ?? e.actorUsername}</span>
            ) : (
              t("admin.audit.system")
            ),
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
          // The thing's name now; a deleted thing said to be gone rather than shown by its id.
          render: (_: unknown, e: AuditEntry) => entityText(e, t, lang),
        },
      ]}
    />
  );
}
