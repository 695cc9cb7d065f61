/** People's mediation committees in my area: create for a village, township or county; rename. */
import { Form, Input, Select } from "antd";
import { api } from "../../../../shared/api.js";
import type { Committee, CommitteeChange, NewCommittee } from "../../../../shared/contracts.js";
import { RegionPicker } from "../../../components/RegionPicker.js";
import { ResourcePage } from "../../../components/ResourcePage.js";
import { useI18n } from "../../../i18n/index.js";
import { KIND_KEYS, LEVEL_KEYS } from "../words.js";

export default function Committees() {
  const { t } = useI18n();
  const kinds = Object.entries(KIND_KEYS).map(([value, key]) => ({ value, label: t(key) }));
  return (
    <ResourcePage<Committee>
      title="mediation.admin.committees"
      path="/mediation/committees"
      paged={false}
      rowKey={(c) => c.id}
      table={{ testId: "committee-list" }}
      columns={[
        { title: t("mediation.admin.name"), dataIndex: "name", key: "name" },
        {
          title: t("mediation.admin.level"),
          dataIndex: "level",
          key: "level",
          render: (l: Committee["level"]) => t(LEVEL_KEYS[l]),
        },
        {
          title: t("mediation.admin.kind"),
          dataIndex: "kind",
          key: "kind",
          render: (k: Committee["kind"]) => t(KIND_KEYS[k]),
        },
        { title: t("mediation.admin.seat"), dataIndex: "regionName", key: "region" },
        {
          title: t("mediation.admin.mediators"),
          key: "mediators",
          align: "right",
          render: (_: unknown, c: Committee) => c.mediators.length,
        },
      ]}
      form={{
        name: "committee",
        createTitle: "mediation.admin.newCommittee",
        editTitle: "mediation.admin.editCommittee",
        initial: (c) => (c ? { name: c.name } : { kind: "general" }),
        create: (v) =>
          api("/mediation/committees", {
            method: "POST",
            body: {
              regionCode: v.regionCode,
              kind: v.kind,
              ...(typeof v.name === "string" && v.name.trim() ? { name: v.name.trim() } : {}),
            } as NewCommittee,
          }),
        update: (c, v) =>
          api(`/mediation/committees/${c.id}`, {
            method: "PATCH",
            body: { name: v.name } as CommitteeChange,
          }),
        fields: (c) =>
          c === null ? (
            <>
              <Form.Item name="regionCode" label={t("mediation.admin.seat")} rules={[{ required: true }]}>
                <RegionPicker aria-label={t("mediation.admin.seat")} />
              </Form.Item>
              <Form.Item name="kind" label={t("mediation.admin.kind")} extra={t("mediation.admin.kindHint")}>
                <Select options={kinds} />
              </Form.Item>
              <Form.Item name="name" label={t("mediation.admin.name")} extra={t("mediation.admin.nameHint")}>
                <Input />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="name" label={t("mediation.admin.name")} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
          ),
      }}
    />
  );
}
