/**
 * Correction requests (更正申请): what residents ask to be corrected in the register about persons
 * of the reader's area, newest first. Whoever may correct the register there (people.manage)
 * marks a request corrected, or declines it with the reason the resident reads.
 */
import { Alert, Button, Flex, Form, Input, Modal, Popconfirm, Segmented, Table, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../../shared/api.js";
import type { Correction, CorrectionField, CorrectionList } from "../../../shared/contracts.js";
import { useErrorText } from "../../../shared/i18n/names.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { chinaTime } from "../../../shared/time.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { LoadState, ToneTag, type ToneName } from "../work/ui.js";

const STATUS_KEYS = {
  submitted: "corrections.status.submitted",
  done: "corrections.status.done",
  declined: "corrections.status.declined",
} as const satisfies Record<Correction["status"], ConsoleKey>;
const FIELD_KEYS = {
  name: "corrections.what.name",
  sex: "corrections.what.sex",
  birthDate: "corrections.what.birthDate",
  phone: "corrections.what.phone",
  address: "corrections.what.address",
  registeredResidence: "corrections.what.registeredResidence",
  other: "corrections.what.other",
} as const satisfies Record<CorrectionField, ConsoleKey>;

type Filter = "submitted" | "done" | "declined" | "all";
const TONE: Record<Correction["status"], ToneName> = { submitted: "gold", done: "green", declined: "grey" };

export default function CorrectionsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const errorText = useErrorText();
  const [filter, setFilter] = useState<Filter>("submitted");
  const [page, setPage] = useState(1);
  const [declining, setDeclining] = useState<Correction | null>(null);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<{ reason: string }>();
  const list = useGet<CorrectionList>(
    "/register/corrections",
    { ...(filter === "all" ? {} : { status: filter }), page, pageSize: 20 },
    { keepPrevious: true },
  );
  const act = useWrite(
    (v: { row: Correction; action: "done" | "decline"; reason?: string }) =>
      api<Correction>(`/register/corrections/${v.row.id}/${v.action}`, {
        method: "POST",
        body: { version: v.row.version, ...(v.reason ? { reason: v.reason } : {}) },
      }),
    ["/register/corrections"],
  );
  const run = async (v: { row: Correction; action: "done" | "decline"; reason?: string }) => {
    setError(undefined);
    try {
      await act.mutateAsync(v);
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };
  const columns = [
    {
      title: t("corrections.field.person"),
      // The person's file in the register, where the clerk checks and corrects the item.
      render: (_: unknown, r: Correction) =>
        can("people.read") ? (
          <Link to={`/people?person=${encodeURIComponent(r.person.id)}`} data-testid="correction-person">
            {r.person.name}
          </Link>
        ) : (
          r.person.name
        ),
    },
    { title: t("corrections.field.place"), render: (_: unknown, r: Correction) => r.region.name },
    {
      title: t("corrections.field.field"),
      render: (_: unknown, r: Correction) => t(FIELD_KEYS[r.field]),
    },
    { title: t("corrections.field.proposed"), render: (_: unknown, r: Correction) => r.proposed },
    { title: t("corrections.field.note"), render: (_: unknown, r: Correction) => r.note ?? "—" },
    {
      title: t("corrections.field.createdAt"),
      render: (_: unknown, r: Correction) => chinaTime(r.createdAt),
    },
    {
      title: t("corrections.field.status"),
      render: (_: unknown, r: Correction) => (
        <Flex vertical gap={2}>
          <span>
            <ToneTag tone={TONE[r.status]} data-status={r.status}>
              {t(STATUS_KEYS[r.status])}
            </ToneTag>
          </span>
          {r.declineReason && <Typography.Text type="secondary">{r.declineReason}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: "",
      render: (_: unknown, r: Correction) =>
        r.actions.length === 0 ? null : (
          <Flex gap={8}>
            {r.actions.includes("done") && (
              <Popconfirm
                title={t("corrections.doneConfirm")}
                onConfirm={() => run({ row: r, action: "done" })}
              >
                <Button type="primary" size="small" data-testid="correction-done">
                  {t("corrections.done")}
                </Button>
              </Popconfirm>
            )}
            {r.actions.includes("decline") && (
              <Button
                size="small"
                data-testid="correction-decline"
                onClick={() => {
                  form.resetFields();
                  setDeclining(r);
                }}
              >
                {t("corrections.decline")}
              </Button>
            )}
          </Flex>
        ),
    },
  ];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t("corrections.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t("corrections.hint")}</Typography.Paragraph>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <Segmented<Filter>
          value={filter}
          onChange={(v) => {
            setFilter(v);
            setPage(1);
          }}
          options={[
            { value: "submitted", label: t("corrections.status.submitted") },
            { value: "done", label: t("corrections.status.done") },
            { value: "declined", label: t("corrections.status.declined") },
            { value: "all", label: t("corrections.filter.all") },
          ]}
        />
        <Button onClick={() => void list.refetch()}>{t("work.refresh")}</Button>
      </Flex>
      {error !== undefined && (
        <Alert type="error" showIcon message={errorText(error)} style={{ marginBottom: 12 }} />
      )}
      <LoadState loading={list.isPending} error={list.error} reload={() => void list.refetch()}>
        <Table<Correction>
          rowKey="id"
          size="middle"
          data-testid="correction-list"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: t("corrections.empty") }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        />
      </LoadState>
      <Modal
        open={declining !== null}
        title={t("corrections.declineTitle")}
        okText={t("corrections.decline")}
        confirmLoading={act.isPending}
        onCancel={() => setDeclining(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          name="declineCorrection"
          onFinish={async (v) => {
            if (declining && (await run({ row: declining, action: "decline", reason: v.reason })))
              setDeclining(null);
          }}
        >
          <Form.Item
            name="reason"
            label={t("corrections.field.reason")}
            extra={t("corrections.declineHint")}
            rules={[{ required: true, whitespace: true, message: t("corrections.reasonRequired") }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
