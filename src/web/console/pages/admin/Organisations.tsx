/** Units (organisations): list by kind and name; create, rename, retype and delete departments and centres. */
import { Form, Input, Select } from "antd";
import { api } from "../../../shared/api.js";
import type {
  DepartmentTypeList,
  NewOrganisation,
  Organisation,
  OrganisationChange,
} from "../../../shared/contracts.js";
import { codesOf } from "../../../shared/i18n/domain.js";
import { useNames } from "../../../shared/i18n/names.js";
import { useGet } from "../../../shared/query.js";
import { ResourcePage } from "../../components/ResourcePage.js";
import { useI18n } from "../../i18n/index.js";

export default function Organisations() {
  const { t, lang } = useI18n();
  const name = useNames();
  const types = useGet<DepartmentTypeList>("/organisations/department-types");
  const kinds = codesOf("orgKind").map((k) => ({ value: k, label: name("orgKind", k) }));
  const typeOptions = (types.data?.items ?? []).map((d) => ({
    value: d.code,
    label: lang === "zh-CN" ? d.nameZh : d.nameEn,
  }));
  const typeField = (
    <Form.Item name="departmentType" label={t("admin.orgs.type")} rules={[{ required: true }]}>
      <Select showSearch={{ optionFilterProp: "label" }} options={typeOptions} />
    </Form.Item>
  );

  return (
    <ResourcePage<Organisation>
      title="admin.orgs.title"
      path="/organisations"
      rowKey={(o) => o.id}
      filters={[
        { kind: "select", name: "kind", label: "admin.orgs.kind", options: kinds, initial: "department" },
        { kind: "search", name: "q", label: "admin.search", placeholder: "admin.orgs.search" },
      ]}
      columns={[
        { title: t("admin.orgs.name"), dataIndex: "name", key: "name" },
        {
          title: t("admin.orgs.kind"),
          dataIndex: "kind",
          key: "kind",
          render: (k: Organisation["kind"]) => name("orgKind", k),
        },
        { title: t("admin.orgs.region"), dataIndex: "regionName", key: "region" },
        {
          title: t("admin.orgs.type"),
          dataIndex: "departmentTypeName",
          key: "type",
          render: (v: string | null) => v ?? "—",
        },
        { title: t("admin.orgs.members"), dataIndex: "memberCount", key: "members", align: "right" },
      ]}
      form={{
        name: "organisation",
        createTitle: "admin.orgs.create",
        editTitle: "admin.orgs.edit",
        initial: (o) =>
          o ? { name: o.name, departmentType: o.departmentType ?? undefined } : { kind: "department" },
        create: (v) => {
          const body = {
            kind: v.kind,
            name: v.name,
            regionCode: v.regionCode,
            ...(v.kind === "department" ? { departmentType: v.departmentType } : {}),
          } as NewOrganisation;
          return api("/organisations", { method: "POST", body });
        },
        update: (o, v) => {
          const body = {
            name: v.name,
            ...(o.kind === "department" ? { departmentType: v.departmentType } : {}),
          } as OrganisationChange;
          return api(`/organisations/${o.id}`, { method: "PATCH", body });
        },
        fields: (o) => (
          <>
            {o === null && (
              <>
                <Form.Item name="kind" label={t("admin.orgs.kind")} rules={[{ required: true }]}>
                  <Select options={kinds} />
                </Form.Item>
                <Form.Item name="regionCode" label={t("admin.orgs.regionCode")} rules={[{ required: true }]}>
                  <Input inputMode="numeric" />
                </Form.Item>
              </>
            )}
            <Form.Item name="name" label={t("admin.orgs.name")} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            {o === null ? (
              <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
                {(f) => f.getFieldValue("kind") === "department" && typeField}
              </Form.Item>
            ) : (
              o.kind === "department" && typeField
            )}
          </>
        ),
      }}
      remove={{
        run: (o) => api(`/organisations/${o.id}`, { method: "DELETE" }),
        confirm: (o) => o.name,
      }}
    />
  );
}
