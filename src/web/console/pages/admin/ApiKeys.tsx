/** Integration API keys (Open311, partners): create (the key is shown once), list, revoke. */
import { Alert, Form, Input, Modal, Select, Typography } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api.js";
import type { ApiKey, CreatedApiKey } from "../../../shared/contracts.js";
import { ResourcePage } from "../../components/ResourcePage.js";
import { ToneTag } from "../../components/ToneTag.js";
import { useI18n } from "../../i18n/index.js";
import { chinaTime } from "../cockpit/period.js";

export default function ApiKeys() {
  const { t } = useI18n();
  const [created, setCreated] = useState<string>();

  return (
    <>
      <ResourcePage<ApiKey>
        title="admin.keys.title"
        listTitle="admin.keys.list"
        path="/api-keys"
        paged={false}
        rowKey={(k) => k.id}
        columns={[
          { title: t("admin.keys.name"), dataIndex: "name", key: "name" },
          {
            title: t("admin.keys.kind"),
            dataIndex: "kind",
            key: "kind",
            render: (k: ApiKey["kind"]) => (k === "open311" ? "Open311" : t("admin.keys.partner")),
          },
          {
            title: t("admin.keys.prefix"),
            dataIndex: "prefix",
            key: "prefix",
            render: (p: string) => <code>{p}…</code>,
          },
          { title: t("admin.orgs.regionCode"), dataIndex: "regionCode", key: "region" },
          { title: t("admin.keys.created"), dataIndex: "createdAt", key: "created", render: chinaTime },
          { title: t("admin.keys.lastUsed"), dataIndex: "lastUsedAt", key: "used", render: chinaTime },
          {
            title: t("admin.keys.state"),
            key: "state",
            render: (_: unknown, k) =>
              k.revokedAt ? (
                <ToneTag tone="neutral">{t("admin.keys.revoked")}</ToneTag>
              ) : (
                <ToneTag tone="ok">{t("admin.keys.active")}</ToneTag>
              ),
          },
        ]}
        form={{
          name: "apikey",
          createTitle: "admin.keys.create",
          initial: () => ({ kind: "open311" }),
          create: (v) =>
            api<CreatedApiKey>("/api-keys", {
              method: "POST",
              body: { name: v.name, kind: v.kind, ...(v.regionCode ? { regionCode: v.regionCode } : {}) },
            }),
          onCreated: (result) => setCreated((result as CreatedApiKey).key),
          fields: () => (
            <>
              <Form.Item name="name" label={t("admin.keys.name")} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="kind" label={t("admin.keys.kind")}>
                <Select
                  options={[
                    { value: "open311", label: "Open311" },
                    { value: "partner", label: t("admin.keys.partner") },
                  ]}
                />
              </Form.Item>
              <Form.Item name="regionCode" label={t("admin.orgs.regionCode")}>
                <Input inputMode="numeric" placeholder={t("admin.keys.regionHint")} />
              </Form.Item>
            </>
          ),
        }}
        remove={{
          run: (k) => api(`/api-keys/${k.id}`, { method: "DELETE" }),
          confirm: (k) => k.name,
          confirmKey: "admin.keys.revokeConfirm",
          label: "admin.keys.revoke",
          done: "admin.keys.revoked",
          canRemove: (k) => k.revokedAt === null,
        }}
      />
      <Modal
        open={created !== undefined}
        title={t("admin.keys.createdTitle")}
        onCancel={() => setCreated(undefined)}
        footer={null}
      >
        <Alert type="warning" showIcon title={t("admin.keys.once")} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: created }} data-testid="new-api-key">
          <code>{created}</code>
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
