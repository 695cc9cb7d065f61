/** The dispatch catalogue: categories in tree order with their handling level and deadlines; create and edit. */
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Switch,
  Table,
  Typography,
} from "antd";
import { useState } from "react";
import { ApiError, api } from "../../../shared/api.js";
import { applyFieldErrors } from "../../components/formErrors.js";
import { ToneTag } from "../../components/ToneTag.js";
import { useApi } from "../../components/useApi.js";
import { useI18n } from "../../i18n/index.js";

interface Category {
  code: string;
  parentCode: string | null;
  name: string;
  nameEn: string;
  handlingLevel: string;
  departmentType: string | null;
  departmentTypeName: string | null;
  responseHours: number;
  handleHours: number;
  deadlineKind: string;
  open311ServiceCode: string | null;
  active: boolean;
  sortOrder: number;
  depth: number;
}
const LEVELS = ["grid", "village", "township", "department"];
const EDITABLE = [
  "parentCode",
  "name",
  "nameEn",
  "handlingLevel",
  "departmentType",
  "responseHours",
  "handleHours",
  "deadlineKind",
  "open311ServiceCode",
  "active",
  "sortOrder",
] as const;

export default function Categories() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const list = useApi<{ items: Category[] }>("/categories", { includeInactive: "true" });
  const types = useApi<{ items: { code: string; nameZh: string; nameEn: string }[] }>(
    "/organisations/department-types",
  );
  const [editing, setEditing] = useState<Category | "new" | null>(null);
  const [form] = Form.useForm();
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const level = Form.useWatch("handlingLevel", form) as string | undefined;

  const open = (c: Category | "new") => {
    setEditing(c);
    setFormError(undefined);
    form.resetFields();
    if (c === "new")
      form.setFieldsValue({
        handlingLevel: "grid",
        deadlineKind: "calendar",
        responseHours: 2,
        handleHours: 72,
        active: true,
        sortOrder: 0,
      });
    else
      form.setFieldsValue({
        ...c,
        departmentType: c.departmentType ?? undefined,
        parentCode: c.parentCode ?? undefined,
        open311ServiceCode: c.open311ServiceCode ?? undefined,
      });
  };
  const save = async () => {
    const values = (await form.validateFields()) as Record<string, unknown>;
    const body: Record<string, unknown> = {};
    for (const key of EDITABLE)
      body[key] = values[key] === undefined || values[key] === "" ? null : values[key];
    if (body.handlingLevel !== "department") body.departmentType = null;
    for (const key of [
      "name",
      "nameEn",
      "handlingLevel",
      "responseHours",
      "handleHours",
      "deadlineKind",
      "active",
      "sortOrder",
    ]) {
      if (body[key] === null) delete body[key];
    }
    setBusy(true);
    setFormError(undefined);
    try {
      if (editing === "new")
        await api("/categories", { method: "POST", body: { code: values.code, ...body } });
      else if (editing) await api(`/categories/${editing.code}`, { method: "PATCH", body });
      void message.success(t("admin.saved"));
      setEditing(null);
      list.reload();
    } catch (err) {
      if (!applyFieldErrors(form, err)) setFormError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const typeOptions = (types.data?.items ?? []).map((d) => ({
    value: d.code,
    label: lang === "zh" ? d.nameZh : d.nameEn,
  }));
  const parents = (list.data?.items ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }));

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t("admin.categories.title")}
      </Typography.Title>
      <Card
        size="small"
        title={t("admin.categories.list")}
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
          <Table<Category>
            size="small"
            rowKey="code"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t("state.empty") }}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            scroll={{ x: true }}
            columns={[
              {
                title: t("admin.categories.name"),
                key: "name",
                render: (_: unknown, c) => (
                  <span style={{ paddingLeft: c.depth * 20 }}>
                    {lang === "zh" ? c.name : c.nameEn} <code>{c.code}</code>
                  </span>
                ),
              },
              {
                title: t("admin.categories.level"),
                dataIndex: "handlingLevel",
                key: "level",
                render: (l: string) => t(`level.${l}`),
              },
              {
                title: t("admin.orgs.type"),
                dataIndex: "departmentTypeName",
                key: "type",
                render: (v: string | null) => v ?? "—",
              },
              {
                title: t("admin.categories.responseHours"),
                dataIndex: "responseHours",
                key: "response",
                align: "right",
              },
              {
                title: t("admin.categories.handleHours"),
                dataIndex: "handleHours",
                key: "handle",
                align: "right",
              },
              {
                title: t("admin.categories.deadlineKind"),
                dataIndex: "deadlineKind",
                key: "kind",
                render: (k: string) => t(`deadline.${k}`),
              },
              {
                title: t("admin.categories.active"),
                dataIndex: "active",
                key: "active",
                render: (a: boolean) =>
                  a ? (
                    <ToneTag tone="ok">{t("admin.yes")}</ToneTag>
                  ) : (
                    <ToneTag tone="neutral">{t("admin.no")}</ToneTag>
                  ),
              },
              {
                title: t("admin.actions"),
                key: "actions",
                render: (_: unknown, c) => (
                  <Button size="small" onClick={() => open(c)}>
                    {t("admin.edit")}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Modal
        open={editing !== null}
        title={editing === "new" ? t("admin.categories.create") : t("admin.categories.edit")}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        confirmLoading={busy}
        okText={t("admin.save")}
        forceRender
        width={640}
      >
        {formError && (
          <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 12 }} />
        )}
        <Form form={form} layout="vertical" name="category">
          {editing === "new" && (
            <Form.Item name="code" label={t("admin.categories.code")} rules={[{ required: true }]}>
              <Input placeholder="sanitation.garbage" />
            </Form.Item>
          )}
          <Form.Item name="parentCode" label={t("admin.categories.parent")}>
            <Select allowClear showSearch={{ optionFilterProp: "label" }} options={parents} />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item
              name="name"
              label={t("admin.categories.nameZh")}
              rules={[{ required: true }]}
              style={{ flex: 1 }}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="nameEn"
              label={t("admin.categories.nameEn")}
              rules={[{ required: true }]}
              style={{ flex: 1 }}
            >
              <Input />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item name="handlingLevel" label={t("admin.categories.level")} style={{ flex: 1 }}>
              <Select options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
            </Form.Item>
            {level === "department" && (
              <Form.Item name="departmentType" label={t("admin.orgs.type")} style={{ flex: 1 }}>
                <Select showSearch={{ optionFilterProp: "label" }} options={typeOptions} />
              </Form.Item>
            )}
          </Flex>
          <Flex gap={12}>
            <Form.Item name="responseHours" label={t("admin.categories.responseHours")} style={{ flex: 1 }}>
              <InputNumber min={0} step={0.5} style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item name="handleHours" label={t("admin.categories.handleHours")} style={{ flex: 1 }}>
              <InputNumber min={0} step={1} style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item name="deadlineKind" label={t("admin.categories.deadlineKind")} style={{ flex: 1 }}>
              <Select
                options={["calendar", "working"].map((k) => ({ value: k, label: t(`deadline.${k}`) }))}
              />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item name="open311ServiceCode" label={t("admin.categories.open311")} style={{ flex: 2 }}>
              <Input />
            </Form.Item>
            <Form.Item name="sortOrder" label={t("admin.categories.sortOrder")} style={{ flex: 1 }}>
              <InputNumber style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item
              name="active"
              label={t("admin.categories.active")}
              valuePropName="checked"
              style={{ flex: 1 }}
            >
              <Switch />
            </Form.Item>
          </Flex>
        </Form>
      </Modal>
    </Flex>
  );
}
