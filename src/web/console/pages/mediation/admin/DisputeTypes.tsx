/**
 * The dispute type catalogue (city-wide): names in both languages, order, active; and the
 * repeat-party window — the same parties again within it raise a dispute's risk (民转刑 prevention).
 */
import { App, Button, Card, Flex, Form, Input, InputNumber, Switch, Typography } from "antd";
import { useEffect } from "react";
import { api } from "../../../../shared/api.js";
import type {
  DisputeType,
  DisputeTypeChange,
  MediationSettings,
  NewDisputeType,
} from "../../../../shared/contracts.js";
import { useErrorText } from "../../../../shared/i18n/names.js";
import { useGet, useWrite } from "../../../../shared/query.js";
import { ResourcePage } from "../../../components/ResourcePage.js";
import { ToneTag } from "../../../components/ToneTag.js";
import { useI18n } from "../../../i18n/index.js";

function RepeatWindow() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<MediationSettings>();
  const current = useGet<MediationSettings>("/mediation/settings");
  const save = useWrite(
    (body: MediationSettings) => api<MediationSettings>("/mediation/settings", { method: "PUT", body }),
    ["/mediation/settings"],
  );
  useEffect(() => {
    if (current.data) form.setFieldsValue(current.data);
  }, [current.data, form]);
  return (
    <Card size="small" title={t("mediation.admin.repeatWindow")}>
      <Typography.Paragraph type="secondary">{t("mediation.admin.repeatWindowHint")}</Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        name="mediation-settings"
        onFinish={(v) =>
          save.mutate(v, {
            onSuccess: () => void message.success(t("admin.saved")),
            onError: (err) => void message.error(errorText(err)),
          })
        }
      >
        <Form.Item name="repeatWindowDays" label={t("mediation.admin.days")} rules={[{ required: true }]}>
          <InputNumber min={1} max={3650} />
        </Form.Item>
        <Button htmlType="submit" type="primary" loading={save.isPending}>
          {t("admin.save")}
        </Button>
      </Form>
    </Card>
  );
}

export default function DisputeTypes() {
  const { t } = useI18n();
  const yes = (v: boolean) => (v ? t("work.yes") : t("work.no"));
  return (
    <ResourcePage<DisputeType>
      title="mediation.admin.typesTitle"
      path="/mediation/dispute-types"
      paged={false}
      rowKey={(d) => d.code}
      table={{ testId: "dispute-type-list" }}
      columns={[
        { title: t("mediation.admin.nameZh"), dataIndex: "nameZh", key: "nameZh" },
        { title: t("mediation.admin.nameEn"), dataIndex: "nameEn", key: "nameEn" },
        { title: t("mediation.admin.sortOrder"), dataIndex: "sortOrder", key: "sort", align: "right" },
        {
          title: t("mediation.admin.enabled"),
          dataIndex: "active",
          key: "active",
          render: (a: boolean) => <ToneTag tone={a ? "ok" : "neutral"}>{yes(a)}</ToneTag>,
        },
      ]}
      form={{
        name: "dispute-type",
        createTitle: "mediation.admin.newType",
        editTitle: "mediation.admin.editType",
        initial: (d) =>
          d
            ? { nameZh: d.nameZh, nameEn: d.nameEn, sortOrder: d.sortOrder, active: d.active }
            : { sortOrder: 100 },
        create: (v) =>
          api("/mediation/dispute-types", {
            method: "POST",
            body: {
              code: v.code,
              nameZh: v.nameZh,
              nameEn: v.nameEn,
              sortOrder: v.sortOrder,
            } as NewDisputeType,
          }),
        update: (d, v) =>
          api(`/mediation/dispute-types/${d.code}`, {
            method: "PATCH",
            body: {
              nameZh: v.nameZh,
              nameEn: v.nameEn,
              sortOrder: v.sortOrder,
              active: v.active === true,
            } as DisputeTypeChange,
          }),
        fields: (d) => (
          <>
            {d === null && (
              <Form.Item
                name="code"
                label={t("mediation.admin.code")}
                extra={t("mediation.admin.codeHint")}
                rules={[{ required: true }]}
              >
                <Input />
              </Form.Item>
            )}
            <Form.Item name="nameZh" label={t("mediation.admin.nameZh")} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="nameEn" label={t("mediation.admin.nameEn")} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="sortOrder" label={t("mediation.admin.sortOrder")}>
              <InputNumber min={0} max={10000} />
            </Form.Item>
            {d !== null && (
              <Form.Item name="active" label={t("mediation.admin.enabled")} valuePropName="checked">
                <Switch />
              </Form.Item>
            )}
          </>
        ),
      }}
    >
      <Flex vertical gap={16}>
        <RepeatWindow />
      </Flex>
    </ResourcePage>
  );
}
