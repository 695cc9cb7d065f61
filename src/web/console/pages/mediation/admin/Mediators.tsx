/**
 * Mediators of the committees in my area: staff or residents with an account (linked by their
 * sign-in name) or named persons; rule-of-law leaders (法律明白人) marked; deactivated, never
 * deleted (their disputes name them). Phones masked.
 */
import { Form, Input, Select, Switch } from "antd";
import { api } from "../../../../shared/api.js";
import type { CommitteeList, Mediator, MediatorChange, NewMediator } from "../../../../shared/contracts.js";
import { useGet } from "../../../../shared/query.js";
import type { FormValues } from "../../../components/FormDialog.js";
import { ResourcePage } from "../../../components/ResourcePage.js";
import { ToneTag } from "../../../components/ToneTag.js";
import { useI18n } from "../../../i18n/index.js";
import { usePunctuation } from "../../../../shared/i18n/punctuation.js";

const text = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);

export default function Mediators() {
  const { t } = useI18n();
  const punct = usePunctuation();
  const committees = useGet<CommitteeList>("/mediation/committees");
  const committeeOptions = (committees.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
  const yes = (v: boolean) => (v ? t("work.yes") : t("work.no"));
  return (
    <ResourcePage<Mediator>
      title="mediation.admin.mediatorsTitle"
      path="/mediation/mediators"
      invalidates={["/mediation/committees"]}
      rowKey={(m) => m.id}
      table={{ testId: "mediator-list" }}
      filters={[
        {
          kind: "select",
          name: "committeeId",
          label: "mediation.field.committee",
          options: committeeOptions,
          width: 280,
        },
        { kind: "search", name: "q", label: "admin.search", placeholder: "mediation.admin.searchName" },
      ]}
      columns={[
        { title: t("people.name"), dataIndex: "name", key: "name" },
        { title: t("mediation.field.committee"), dataIndex: "committeeName", key: "committee" },
        {
          title: t("mediation.register.phone"),
          dataIndex: "phone",
          key: "phone",
          render: (p: string | null) => p ?? "—",
        },
        {
          title: t("mediation.admin.account"),
          dataIndex: "account",
          key: "account",
          render: (a: Mediator["account"]) =>
            a ? punct.aside(a.displayName, a.username) : t("mediation.admin.noAccount"),
        },
        {
          title: t("mediation.ruleOfLawLeader"),
          dataIndex: "ruleOfLawLeader",
          key: "leader",
          render: yes,
        },
        {
          title: t("mediation.admin.active"),
          dataIndex: "active",
          key: "active",
          render: (a: boolean) => <ToneTag tone={a ? "ok" : "neutral"}>{yes(a)}</ToneTag>,
        },
      ]}
      form={{
        name: "mediator",
        createTitle: "mediation.admin.newMediator",
        editTitle: "mediation.admin.editMediator",
        initial: (m, { filters }) =>
          m
            ? { name: m.name, ruleOfLawLeader: m.ruleOfLawLeader, active: m.active }
            : { committeeId: filters.committeeId, ruleOfLawLeader: false },
        create: (v: FormValues) =>
          api("/mediation/mediators", {
            method: "POST",
            body: {
              committeeId: v.committeeId,
              name: v.name,
              phone: text(v.phone),
              username: text(v.username),
              ruleOfLawLeader: v.ruleOfLawLeader === true,
            } as NewMediator,
          }),
        update: (m, v: FormValues) =>
          api(`/mediation/mediators/${m.id}`, {
            method: "PATCH",
            body: {
              name: v.name,
              // A blank phone keeps the stored one (it is shown masked, so it cannot be edited in place).
              ...(text(v.phone) ? { phone: text(v.phone) } : {}),
              ruleOfLawLeader: v.ruleOfLawLeader === true,
              active: v.active === true,
            } as MediatorChange,
          }),
        fields: (m) => (
          <>
            {m === null && (
              <Form.Item
                name="committeeId"
                label={t("mediation.field.committee")}
                rules={[{ required: true }]}
              >
                <Select showSearch={{ optionFilterProp: "label" }} options={committeeOptions} />
              </Form.Item>
            )}
            <Form.Item name="name" label={t("people.name")} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item
              name="phone"
              label={t("mediation.register.phone")}
              extra={m ? t("mediation.admin.phoneKeep", { phone: m.phone ?? "—" }) : undefined}
            >
              <Input inputMode="tel" />
            </Form.Item>
            {m === null && (
              <Form.Item
                name="username"
                label={t("mediation.admin.username")}
                extra={t("mediation.admin.usernameHint")}
              >
                <Input autoComplete="off" />
              </Form.Item>
            )}
            <Form.Item name="ruleOfLawLeader" label={t("mediation.ruleOfLawLeader")} valuePropName="checked">
              <Switch />
            </Form.Item>
            {m !== null && (
              <Form.Item name="active" label={t("mediation.admin.active")} valuePropName="checked">
                <Switch />
              </Form.Item>
            )}
          </>
        ),
      }}
    />
  );
}
