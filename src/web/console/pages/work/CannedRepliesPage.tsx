/**
 * 常用语: the ready sentences a unit keeps for its respond and reply notes (GET
 * /canned-replies/kept, cases.handle). Listed by note and category (a category's reply serves
 * the categories below it; one without a category serves every case); a person adds one for
 * a unit they handle cases for, and removes one after a confirmation. The reply dialog of a case
 * offers them (./CannedReplies.tsx).
 */
import { DeleteOutlined } from "@ant-design/icons";
import {
  Button,
  Card,
  Form,
  Input,
  Popconfirm,
  Segmented,
  Select,
  Table,
  TreeSelect,
  Typography,
} from "antd";
import { useMemo, useState } from "react";
import { api } from "../../../shared/api.js";
import type { CannedReply, KeptCannedReplies } from "../../../shared/contracts.js";
import { useErrorText, useNames } from "../../../shared/i18n/names.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { useI18n } from "../../i18n/index.js";
import { categoryTree, formFieldErrors, useCategories, type CategoryNode } from "./data.js";
import { LoadState } from "./ui.js";

type Note = CannedReply["action"];
const NOTES: readonly Note[] = ["reply", "respond"];

interface AddValues {
  categoryCode?: string;
  text: string;
}

export default function CannedRepliesPage() {
  const { t, lang } = useI18n();
  const name = useNames();
  const errorText = useErrorText();
  const kept = useGet<KeptCannedReplies>("/canned-replies/kept");
  const catalogue = useCategories();
  const tree = useMemo(() => categoryTree(catalogue.data?.items ?? [], lang, false), [catalogue.data, lang]);
  const categoryName = useMemo(() => {
    const byCode = new Map((catalogue.data?.items ?? []).map((c) => [c.code, c]));
    return (code: string | null) => {
      if (code === null) return t("canned.anyCategory");
      const c = byCode.get(code);
      return c ? (lang === "zh-CN" ? c.name : c.nameEn || c.name) : t("canned.unknownCategory");
    };
  }, [catalogue.data, lang, t]);
  const units = kept.data?.units ?? [];
  const [chosenUnit, setUnit] = useState<string | undefined>();
  const unit = chosenUnit ?? units[0]?.id;
  const [note, setNote] = useState<Note>("reply");
  const [form] = Form.useForm<AddValues>();

  const add = useWrite(
    (v: AddValues) =>
      api<CannedReply>("/canned-replies", {
        method: "POST",
        body: { orgId: unit, action: note, categoryCode: v.categoryCode ?? null, text: v.text },
      }),
    ["/canned-replies"],
  );
  const remove = useWrite(
    (id: string) => api<void>(`/canned-replies/${id}`, { method: "DELETE" }),
    ["/canned-replies"],
  );

  const rows = (kept.data?.items ?? [])
    .filter((r) => r.orgId === unit && r.action === note)
    .map((r) => ({ ...r, category: categoryName(r.categoryCode) }));

  const submit = (v: AddValues) =>
    add.mutate(v, {
      onSuccess: () => form.resetFields(),
      onError: (err) =>
        form.setFields(
          formFieldErrors(err, ["text", "categoryCode"], errorText) as Parameters<typeof form.setFields>[0],
        ),
    });

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t("canned.nav")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t("canned.hint")}</Typography.Paragraph>
      <LoadState
        loading={kept.isLoading}
        error={kept.error}
        reload={() => void kept.refetch()}
        empty={!kept.isLoading && units.length === 0}
      >
        <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
          {units.length > 1 && (
            <Form.Item label={t("canned.unit")} htmlFor="canned_unit">
              <Select
                id="canned_unit"
                style={{ minWidth: 240 }}
                value={unit}
                onChange={setUnit}
                options={units.map((u) => ({ value: u.id, label: u.name }))}
              />
            </Form.Item>
          )}
          {units.length === 1 && (
            <Form.Item label={t("canned.unit")}>
              <span data-testid="canned-unit">{units[0]?.name}</span>
            </Form.Item>
          )}
          <Form.Item label={t("canned.note")}>
            <Segmented<Note>
              data-testid="canned-note"
              value={note}
              onChange={setNote}
              options={NOTES.map((n) => ({ value: n, label: name("caseAction", n) }))}
            />
          </Form.Item>
        </Form>
        <Card size="small" title={t("canned.add")} style={{ marginBottom: 16 }}>
          <Form<AddValues>
            form={form}
            name="canned"
            layout="vertical"
            onFinish={submit}
            data-testid="canned-add-form"
          >
            <Form.Item name="categoryCode" label={t("canned.category")} extra={t("canned.categoryHint")}>
              <TreeSelect<string>
                showSearch
                allowClear
                treeData={tree}
                placeholder={t("canned.anyCategory")}
                filterTreeNode={(input, node) =>
                  String((node as unknown as CategoryNode).search ?? "").includes(input.trim().toLowerCase())
                }
                popupMatchSelectWidth={false}
              />
            </Form.Item>
            <Form.Item
              name="text"
              label={t("canned.text")}
              rules={[{ required: true, whitespace: true, message: t("canned.textRequired") }]}
            >
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={add.isPending} disabled={!unit}>
              {t("canned.addButton")}
            </Button>
            {add.error && !formFieldErrors(add.error, ["text", "categoryCode"], errorText).length && (
              <Typography.Text type="danger"> {errorText(add.error)}</Typography.Text>
            )}
          </Form>
        </Card>
        <Table
          size="small"
          rowKey="id"
          data-testid="canned-list"
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: t("canned.noneKept") }}
          columns={[
            { title: t("canned.category"), dataIndex: "category", width: 220 },
            { title: t("canned.text"), dataIndex: "text" },
            {
              title: t("canned.actions"),
              width: 100,
              render: (_: unknown, r) => (
                <Popconfirm
                  title={t("canned.deleteConfirm")}
                  okText={t("canned.delete")}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove.mutateAsync(r.id)}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("canned.delete")}>
                    {t("canned.delete")}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
        {remove.error && <Typography.Text type="danger">{errorText(remove.error)}</Typography.Text>}
      </LoadState>
    </>
  );
}
