/** Units (organisations): list by kind and name; create, rename, retype and delete departments and centres. */
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
import { useApi } from "../../components/useApi.js";
import { useI18n } from "../../i18n/index.js";

interface Organisation {
  id: string;
  kind: string;
  name: string;
  regionCode: string;
  regionName: string;
  departmentType: string | null;
  departmentTypeName: string | null;
  memberCount: number;
}
const KINDS = [
  "city_centre",
  "county_centre",
  "township_centre",
  "department",
  "village_committee",
  "grid_post",
];

export default function Organisations() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [kind, setKind] = useState<string | undefined>("department");
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useApi<{ items: Organisation[]; total: number }>("/organisations", { kind, q, ...page });
  const types = useApi<{ items: { code: string; nameZh: string; nameEn: string }[] }>(
    "/organisations/department-types",
  );
  const [editing, setEditing] = useState<Organisation | "new" | null>(null);
  const [form] = Form.useForm();
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const kindValue = Form.useWatch("kind", form) as string | undefined;

  const open = (org: Organisation | "new") => {
    setEditing(org);
    setFormError(undefined);
    form.resetFields();
    if (org !== "new")
      form.setFieldsValue({ name: org.name, departmentType: org.departmentType ?? undefined });
    else form.setFieldsValue({ kind: "department" });
  };
  const save = async () => {
    const values = (await form.validateFields()) as Record<string, string | undefined>;
    setBusy(true);
    setFormError(undefined);
    try {
      if (editing === "new") {
        await api("/organisations", {
          method: "POST",
          body: {
            kind: values.kind,
            name: values.name,
            regionCode: values.regionCode,
            ...(values.kind === "department" ? { departmentType: values.departmentType } : {}),
          },
        });
      } else if (editing) {
        await api(`/organisations/${editing.id}`, {
          method: "PATCH",
          body: {
            name: values.name,
            ...(editing.kind === "department" ? { departmentType: values.departmentType } : {}),
          },
        });
      }
      void message.success(t("admin.saved"));
      setEditing(null);
      list.reload();
    } catch (err) {
      if (!applyFieldErrors(form, err)) setFormError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (org: Organisation) => {
    try {
      await api(`/organisations/${org.id}`, { method: "DELETE" });
      void message.success(t("admin.deleted"));
      list.reload();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  const typeOptions = (types.data?.items ?? []).map((d) => ({
    value: d.code,
    label: lang === "zh" ? d.nameZh : d.nameEn,
  }));
  const isDepartment = editing === "new" ? kindValue === "department" : editing?.kind === "department";

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t("admin.orgs.title")}
      </Typography.Title>
      <Card
        size="small"
        title={
          <Flex gap={8} wrap>
            <Select
              aria-label={t("admin.orgs.kind")}
              allowClear
              placeholder={t("admin.orgs.kind")}
              value={kind}
              onChange={(v?: string) => {
                setKind(v);
                setPage((p) => ({ ...p, page: 1 }));
              }}
              options={KINDS.map((k) => ({ value: k, label: t(`org.kind.${k}`) }))}
              style={{ width: 180 }}
            />
            <Input.Search
              aria-label={t("admin.search")}
              placeholder={t("admin.orgs.search")}
              allowClear
              onSearch={(v) => {
                setQ(v.trim() || undefined);
                setPage((p) => ({ ...p, page: 1 }));
              }}
              style={{ width: 220 }}
            />
          </Flex>
        }
        extra={
          <Button type="primary" onClick={() => open("new")}>
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
          <Table<Organisation>
            size="small"
            rowKey="id"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t("state.empty") }}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: list.data?.total ?? 0,
              onChange: (p, s) => setPage({ page: p, pageSize: s }),
            }}
            columns={[
              { title: t("admin.orgs.name"), dataIndex: "name", key: "name" },
              {
                title: t("admin.orgs.kind"),
                dataIndex: "kind",
                key: "kind",
                render: (k: string) => t(`org.kind.${k}`),
              },
              { title: t("admin.orgs.region"), dataIndex: "regionName", key: "region" },
              {
                title: t("admin.orgs.type"),
                dataIndex: "departmentTypeName",
                key: "type",
                render: (v: string | null) => v ?? "—",
              },
              { title: t("admin.orgs.members"), dataIndex: "memberCount", key: "members", align: "right" },
              {
                title: t("admin.actions"),
                key: "actions",
                render: (_: unknown, o) => (
                  <Flex gap={8}>
                    <Button size="small" onClick={() => open(o)}>
                      {t("admin.edit")}
                    </Button>
                    <Popconfirm
                      title={t("admin.deleteConfirm", { name: o.name })}
                      onConfirm={() => void remove(o)}
                    >
                      <Button size="small" danger>
                        {t("admin.delete")}
                      </Button>
                    </Popconfirm>
                  </Flex>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Modal
        open={editing !== null}
        title={editing === "new" ? t("admin.orgs.create") : t("admin.orgs.edit")}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        confirmLoading={busy}
        okText={t("admin.save")}
        forceRender
      >
        {formError && (
          <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 12 }} />
        )}
        <Form form={form} layout="vertical" name="organisation">
          {editing === "new" && (
            <>
              <Form.Item name="kind" label={t("admin.orgs.kind")} rules={[{ required: true }]}>
                <Select options={KINDS.map((k) => ({ value: k, label: t(`org.kind.${k}`) }))} />
              </Form.Item>
              <Form.Item name="regionCode" label={t("admin.orgs.regionCode")} rules={[{ required: true }]}>
                <Input inputMode="numeric" />
              </Form.Item>
            </>
          )}
          <Form.Item name="name" label={t("admin.orgs.name")} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          {isDepartment && (
            <Form.Item name="departmentType" label={t("admin.orgs.type")} rules={[{ required: true }]}>
              <Select showSearch={{ optionFilterProp: "label" }} options={typeOptions} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Flex>
  );
}
