/** The dispatch catalogue: categories in tree order with their handling level and deadlines; create and edit. */
import { Flex, Form, Input, InputNumber, Select, Switch } from "antd";
import { api } from "../../../shared/api.js";
import type { Category, CategoryChange, DepartmentTypeList, NewCategory } from "../../../shared/contracts.js";
import { codesOf } from "../../../shared/i18n/domain.js";
import { useNames } from "../../../shared/i18n/names.js";
import { useGet } from "../../../shared/query.js";
import type { FormValues } from "../../components/FormDialog.js";
import { ResourcePage } from "../../components/ResourcePage.js";
import { ToneTag } from "../../components/ToneTag.js";
import { useI18n } from "../../i18n/index.js";

/** What the form edits; an emptied optional field is sent as null (cleared). */
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
] as const satisfies readonly (keyof CategoryChange)[];
/** Fields that cannot be cleared: left out when empty. */
const REQUIRED = new Set<string>([
  "name",
  "nameEn",
  "handlingLevel",
  "responseHours",
  "handleHours",
  "deadlineKind",
  "active",
  "sortOrder",
]);

function changeOf(values: FormValues): CategoryChange {
  const body: Record<string, unknown> = {};
  for (const key of EDITABLE) {
    const value = values[key] === undefined || values[key] === "" ? null : values[key];
    if (value !== null || !REQUIRED.has(key)) body[key] = value;
  }
  if (body.handlingLevel !== "department") body.departmentType = null;
  return body as CategoryChange;
}

export default function Categories() {
  const { t, lang } = useI18n();
  const name = useNames();
  const types = useGet<DepartmentTypeList>("/organisations/department-types");
  const all = useGet<{ items: Category[] }>("/categories", { includeInactive: "true" });
  const typeOptions = (types.data?.items ?? []).map((d) => ({
    value: d.code,
    label: lang === "zh-CN" ? d.nameZh : d.nameEn,
  }));
  const parents = (all.data?.items ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }));

  return (
    <ResourcePage<Category>
      title="admin.categories.title"
      listTitle="admin.categories.list"
      path="/categories"
      query={{ includeInactive: "true" }}
      paged={false}
      pageSize={50}
      rowKey={(c) => c.code}
      columns={[
        {
          title: t("admin.categories.name"),
          key: "name",
          render: (_: unknown, c) => (
            <span style={{ paddingLeft: c.depth * 20 }}>
              {lang === "zh-CN" ? c.name : c.nameEn} <code>{c.code}</code>
            </span>
          ),
        },
        {
          title: t("admin.categories.level"),
          dataIndex: "handlingLevel",
          key: "level",
          render: (l: Category["handlingLevel"]) => name("handlingLevel", l),
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
        { title: t("admin.categories.handleHours"), dataIndex: "handleHours", key: "handle", align: "right" },
        {
          title: t("admin.categories.deadlineKind"),
          dataIndex: "deadlineKind",
          key: "kind",
          render: (k: Category["deadlineKind"]) => name("deadlineKind", k),
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
      ]}
      form={{
        name: "category",
        createTitle: "admin.categories.create",
        editTitle: "admin.categories.edit",
        width: 640,
        initial: (c) =>
          c
            ? {
                ...c,
                departmentType: c.departmentType ?? undefined,
                parentCode: c.parentCode ?? undefined,
                open311ServiceCode: c.open311ServiceCode ?? undefined,
              }
            : {
                handlingLevel: "grid",
                deadlineKind: "calendar",
                responseHours: 2,
                handleHours: 72,
                active: true,
                sortOrder: 0,
              },
        create: (v) =>
          api("/categories", { method: "POST", body: { code: v.code, ...changeOf(v) } as NewCategory }),
        update: (c, v) => api(`/categories/${c.code}`, { method: "PATCH", body: changeOf(v) }),
        fields: (c) => (
          <>
            {c === null && (
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
              <Form.Item
                name="handlingLevel"
                label={t("admin.categories.level")}
                rules={[{ required: true }]}
                style={{ flex: 1 }}
              >
                <Select
                  options={codesOf("handlingLevel").map((l) => ({
                    value: l,
                    label: name("handlingLevel", l),
                  }))}
                />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.handlingLevel !== b.handlingLevel}>
                {(f) =>
                  f.getFieldValue("handlingLevel") === "department" && (
                    <Form.Item name="departmentType" label={t("admin.orgs.type")} style={{ flex: 1 }}>
                      <Select showSearch={{ optionFilterProp: "label" }} options={typeOptions} />
                    </Form.Item>
                  )
                }
              </Form.Item>
            </Flex>
            <Flex gap={12}>
              <Form.Item
                name="responseHours"
                label={t("admin.categories.responseHours")}
                rules={[{ required: true }]}
                style={{ flex: 1 }}
              >
                <InputNumber min={0} step={0.5} style={{ width: "100%" }} />
              </Form.Item>
              <Form.Item
                name="handleHours"
                label={t("admin.categories.handleHours")}
                rules={[{ required: true }]}
                style={{ flex: 1 }}
              >
                <InputNumber min={0} step={1} style={{ width: "100%" }} />
              </Form.Item>
              <Form.Item
                name="deadlineKind"
                label={t("admin.categories.deadlineKind")}
                rules={[{ required: true }]}
                style={{ flex: 1 }}
              >
                <Select
                  options={codesOf("deadlineKind").map((k) => ({ value: k, label: name("deadlineKind", k) }))}
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
          </>
        ),
      }}
    />
  );
}
