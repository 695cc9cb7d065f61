/** Integration API keys (Open311, partners): create (the key is shown once), list, revoke. */
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  Typography,
} from "antd";
import { useState } from "react";
import { ApiError, api } from "../../../shared/api.js";
import { applyFieldErrors } from "../../components/formErrors.js";
import { ToneTag } from "../../components/ToneTag.js";
import { useApi } from "../../components/useApi.js";
import { useI18n } from "../../i18n/index.js";
import { chinaTime } from "../cockpit/period.js";

interface ApiKey {
  id: string;
  name: string;
  kind: string;
  prefix: string;
  regionCode: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export default function ApiKeys() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useApi<{ items: ApiKey[] }>("/api-keys");
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string>();
  const [form] = Form.useForm();
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const create = async () => {
    const values = (await form.validateFields()) as { name: string; kind: string; regionCode?: string };
    setBusy(true);
    setFormError(undefined);
    try {
      const answer = await api<{ key: string }>("/api-keys", {
        method: "POST",
        body: {
          name: values.name,
          kind: values.kind,
          ...(values.regionCode ? { regionCode: values.regionCode } : {}),
        },
      });
      setCreating(false);
      setCreated(answer.key);
      list.reload();
    } catch (err) {
      if (!applyFieldErrors(form, err)) setFormError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (key: ApiKey) => {
    try {
      await api(`/api-keys/${key.id}`, { method: "DELETE" });
      void message.success(t("admin.keys.revoked"));
      list.reload();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t("admin.keys.title")}
      </Typography.Title>
      <Card
        size="small"
        title={t("admin.keys.list")}
        extra={
          <Button
            type="primary"
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ kind: "open311" });
              setFormError(undefined);
              setCreating(true);
            }}
          >
            {t("admin.create")}
          </Button>
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
          <Table<ApiKey>
            size="small"
            rowKey="id"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t("state.empty") }}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            columns={[
              { title: t("admin.keys.name"), dataIndex: "name", key: "name" },
              { title: t("admin.keys.kind"), dataIndex: "kind", key: "kind" },
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
              {
                title: t("admin.actions"),
                key: "actions",
                render: (_: unknown, k) =>
                  !k.revokedAt && (
                    <Popconfirm
                      title={t("admin.keys.revokeConfirm", { name: k.name })}
                      onConfirm={() => void revoke(k)}
                    >
                      <Button size="small" danger>
                        {t("admin.keys.revoke")}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Modal
        open={creating}
        title={t("admin.keys.create")}
        onCancel={() => setCreating(false)}
        onOk={() => void create()}
        confirmLoading={busy}
        okText={t("admin.create")}
        forceRender
      >
        {formError && (
          <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 12 }} />
        )}
        <Form form={form} layout="vertical" name="apikey">
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
        </Form>
      </Modal>
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
    </Flex>
  );
}
