/**
 * 回访: the replied appeals of the desk's scope waiting for the resident's evaluation, oldest reply
 * first, with the reply to read out. The phone is shown on request (a logged reveal); the
 * evaluation given on the call is recorded as the resident's (the server marks it "by follow-up
 * call").
 */
import { Alert, Button, Form, Input, Modal, Radio, Space, Table, Typography, message } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api.js";
import type { FollowUpItem, FollowUpList, Satisfaction } from "../../../shared/contracts.js";
import { codesOf } from "../../../shared/i18n/domain.js";
import { useErrorText, useNames, useLocalName } from "../../../shared/i18n/names.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { useI18n } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { useCaseAction } from "./data.js";
import { LoadState } from "./ui.js";
import { CaseNumberLink } from "../../components/CaseNumberLink.js";
import { CategoryIcon } from "../../components/CategoryIcon.js";
import { chinaTime } from "../../../shared/time.js";
import { useRequired } from "../../components/required.js";

interface EvaluationValues {
  resolved: boolean;
  satisfaction: Satisfaction;
  comment?: string;
}

function PhoneReveal({ item }: { item: FollowUpItem }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const reveal = useWrite<void, { phone: string | null; name: string | null }>(
    () =>
      api(`/cases/${item.id}/reveal-contact`, {
        method: "POST",
        body: { reason: t("intake.follow.revealReason") },
      }),
    [],
  );
  if (reveal.data) {
    return (
      <span data-testid={`follow-phone-${item.number}`}>
        {reveal.data.name ?? ""} {reveal.data.phone ?? "—"}
      </span>
    );
  }
  return (
    <>
      <Button size="small" onClick={() => reveal.mutate()} loading={reveal.isPending}>
        {t("intake.follow.call")}
      </Button>
      {reveal.error && <Typography.Text type="danger"> {errorText(reveal.error)}</Typography.Text>}
    </>
  );
}

export default function FollowUpPage() {
  const { t } = useI18n();
  const need = useRequired();
  const localName = useLocalName();
  const name = useNames();
  const errorText = useErrorText();
  const { session } = useSession();
  const [page, setPage] = useState(1);
  const [current, setCurrent] = useState<FollowUpItem | null>(null);
  const [form] = Form.useForm<EvaluationValues>();
  const list = useGet<FollowUpList>("/follow-ups", { page, pageSize: 20 }, { keepPrevious: true });
  const evaluate = useCaseAction();
  const mayReveal = session?.permissions.includes("cases.reveal_contact") ?? false;

  const open = (item: FollowUpItem) => {
    evaluate.reset();
    // Nothing chosen for the resident: the operator records what the resident says, or nothing.
    form.resetFields();
    form.setFieldsValue({ comment: t("intake.follow.commentDefault") });
    setCurrent(item);
  };

  const record = (v: EvaluationValues) => {
    if (!current) return;
    evaluate.mutate(
      {
        caseId: current.id,
        action: "evaluate",
        body: {
          resolved: v.resolved,
          satisfaction: v.satisfaction,
          comment: v.comment?.trim() || undefined,
          version: current.version,
        },
      },
      {
        onSuccess: () => {
          setCurrent(null);
          void message.success(t("intake.follow.done"));
          void list.refetch();
        },
      },
    );
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t("intake.follow.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t("intake.follow.hint")}</Typography.Paragraph>
      <LoadState loading={list.isLoading} error={list.error} reload={() => void list.refetch()}>
        <Table<FollowUpItem>
          rowKey="id"
          data-testid="follow-ups"
          // Fixed widths, long texts cut with an ellipsis: the list fits 1440 px without scrolling.
          tableLayout="fixed"
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t("intake.follow.empty") }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
          columns={[
            {
              title: t("work.field.number"),
              dataIndex: "number",
              width: 140,
              render: (n: string, r) => <CaseNumberLink to={r.id} number={n} />,
            },
            {
              title: t("work.field.category"),
              dataIndex: "category",
              width: 160,
              ellipsis: true,
              render: (_: unknown, r) =>
                r.category ? (
                  <>
                    <CategoryIcon code={r.category.code} />
                    {localName(r.category)}
                  </>
                ) : (
                  t("work.uncategorised")
                ),
            },
            { title: t("work.field.summary"), dataIndex: "summary", ellipsis: true },
            {
              title: t("work.field.assignedUnit"),
              dataIndex: "assignedUnit",
              width: 170,
              ellipsis: true,
              render: (_: unknown, r) => r.assignedUnit?.name ?? "—",
            },
            { title: t("intake.follow.reply"), dataIndex: "reply", ellipsis: true },
            {
              title: t("intake.follow.repliedAt"),
              dataIndex: "repliedAt",
              width: 140,
              render: (v: string | null) => chinaTime(v),
            },
            {
              title: t("work.field.operation"),
              key: "op",
              width: 200,
              render: (_: unknown, r) => (
                <Space wrap size={4}>
                  {mayReveal && <PhoneReveal item={r} />}
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => open(r)}
                    data-testid={`follow-record-${r.number}`}
                  >
                    {t("intake.follow.record")}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </LoadState>
      <Modal
        open={current !== null}
        title={current ? t("intake.follow.dialogTitle", { number: current.number }) : ""}
        onCancel={() => setCurrent(null)}
        onOk={() => form.submit()}
        confirmLoading={evaluate.isPending}
        okButtonProps={{ "data-testid": "follow-submit" } as Record<`data-${string}`, string>}
        destroyOnHidden
      >
        {current?.reply && <Alert type="info" style={{ marginBottom: 12 }} message={current.reply} />}
        <Form<EvaluationValues> form={form} layout="vertical" name="followUp" onFinish={record}>
          <Form.Item
            name="resolved"
            label={t("intake.follow.resolved")}
            rules={need(t("intake.follow.resolved"), "choose")}
          >
            <Radio.Group
              options={[
                { value: true, label: t("intake.follow.yes") },
                { value: false, label: t("intake.follow.no") },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="satisfaction"
            label={t("intake.follow.satisfaction")}
            rules={need(t("intake.follow.satisfaction"), "choose")}
          >
            <Radio.Group
              options={codesOf("satisfaction").map((v) => ({ value: v, label: name("satisfaction", v) }))}
            />
          </Form.Item>
          <Form.Item name="comment" label={t("intake.follow.comment")}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
        {evaluate.error && <Alert type="error" message={errorText(evaluate.error)} />}
      </Modal>
    </>
  );
}
