/**
 * Case search (案件查询): every case the person may see, found by number, words, address,
 * tracking code or the reporter's phone (roles that may reach reporters), narrowed by status,
 * category, region, unit, channel, dates and overdue; the filters live in the URL (a link or the
 * header's search box opens the page searched), can be saved per user, and the result exported.
 */
import {
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { chinaDay, dayEndInChina, dayStartInChina } from "../../../shared/time.js";
import { useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import type { CaseChannel, CaseList, CaseListItem, CaseStatus } from "../../../shared/contracts.js";
import { codesOf } from "../../../shared/i18n/domain.js";
import { useNames } from "../../../shared/i18n/names.js";
import { useGet } from "../../../shared/query.js";
import { ExportButtons } from "../../components/ExportButtons.js";
import { RegionPicker } from "../../components/RegionPicker.js";
import { CategoryIcon } from "../../components/CategoryIcon.js";
import { UnitPicker } from "../../components/UnitPicker.js";
import { useI18n } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { leafCategories, useCategories } from "./data.js";
import {
  deleteSavedFilter,
  readSavedFilters,
  saveFilter,
  saveableFilters,
  type SavedFilter,
} from "./savedFilters.js";
import { LoadState, NarrowedTag, StatusTag, ToneTag } from "./ui.js";
import { CaseNumberLink } from "../../components/CaseNumberLink.js";
import { chinaTime } from "../../../shared/time.js";

/** Filters the page reads from and writes to the URL, as GET /cases names them. */
const FIELDS = [
  "q",
  "address",
  "trackingCode",
  "phone",
  "status",
  "category",
  "region",
  "assignedOrg",
  "channel",
  "createdFrom",
  "createdTo",
  "overdue",
  // Not a field of the form: 一张图's "not on the map" link narrows to it (a closable tag).
  "located",
] as const;
type Field = (typeof FIELDS)[number];
type Filters = Partial<Record<Field, string>>;

/** The permissions of which one lets a person search by phone (the server decides again). */
const PHONE_SEARCH = ["cases.reveal_contact", "cases.supervise", "cases.follow_up"];

interface FormValues {
  q?: string;
  address?: string;
  trackingCode?: string;
  phone?: string;
  status?: CaseStatus[];
  category?: string;
  region?: string;
  assignedOrg?: string;
  channel?: CaseChannel;
  created?: [Dayjs | null, Dayjs | null] | null;
  overdue?: "true" | "false";
}

function filtersFrom(params: URLSearchParams): Filters {
  const out: Filters = {};
  for (const f of FIELDS) {
    const v = params.get(f);
    if (v !== null && v.trim() !== "") out[f] = v;
  }
  return out;
}

function formValuesOf(f: Filters): FormValues {
  return {
    q: f.q,
    address: f.address,
    trackingCode: f.trackingCode,
    phone: f.phone,
    status: f.status ? (f.status.split(",") as CaseStatus[]) : undefined,
    category: f.category,
    region: f.region,
    assignedOrg: f.assignedOrg,
    channel: f.channel as CaseChannel | undefined,
    created:
      f.createdFrom || f.createdTo
        ? [
            f.createdFrom ? dayjs(chinaDay(f.createdFrom)) : null,
            f.createdTo ? dayjs(chinaDay(f.createdTo)).subtract(1, "day") : null,
          ]
        : null,
    overdue: f.overdue === "true" || f.overdue === "false" ? f.overdue : undefined,
  };
}

function filtersOf(v: FormValues): Filters {
  const [from, to] = v.created ?? [null, null];
  const text = (s: string | undefined) => (s && s.trim() !== "" ? s.trim() : undefined);
  const out: Filters = {
    q: text(v.q),
    address: text(v.address),
    trackingCode: text(v.trackingCode),
    phone: text(v.phone),
    status: v.status && v.status.length > 0 ? v.status.join(",") : undefined,
    category: v.category,
    region: v.region,
    assignedOrg: v.assignedOrg,
    channel: v.channel,
    // Whole days in China, whatever the browser's zone: from the first day's start to the day
    // after the last.
    createdFrom: from ? dayStartInChina(from.format("YYYY-MM-DD")) : undefined,
    createdTo: to ? dayEndInChina(to.format("YYYY-MM-DD")) : undefined,
    overdue: v.overdue,
  };
  return Object.fromEntries(Object.entries(out).filter(([, x]) => x !== undefined)) as Filters;
}

export default function CaseSearchPage() {
  const { t, lang } = useI18n();
  const name = useNames();
  const { session, can } = useSession();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const page = Number(params.get("page") ?? "1") || 1;
  const pageSize = Number(params.get("pageSize") ?? "20") || 20;
  const query = { ...filters, page, pageSize, sort: "created" };
  const list = useGet<CaseList>("/cases", query, { keepPrevious: true });
  const catalogue = useCategories();
  const categories = useMemo(() => leafCategories(catalogue.data?.items ?? []), [catalogue.data]);
  const mayPhone = PHONE_SEARCH.some(can);
  const userId = session?.user.id ?? "";
  const [saved, setSaved] = useState<SavedFilter[]>(() => readSavedFilters(window.localStorage, userId));
  const [saveName, setSaveName] = useState("");

  const categoryName = (code: string) => {
    const c = categories.find((x) => x.code === code);
    return c ? (lang === "zh-CN" ? c.name : c.nameEn || c.name) : code;
  };

  // The form's filters, keeping a narrowing the form has no field for (it has its own tag).
  const apply = (next: Filters) =>
    setParams({ ...next, ...(filters.located ? { located: filters.located } : {}) } as Record<
      string,
      string
    >);
  // The form follows the URL: a saved filter, the header's search box, the browser's back button.
  useEffect(() => form.setFieldsValue({ ...emptyForm, ...formValuesOf(filters) }), [form, filters]);

  const columns = [
    {
      title: t("work.field.number"),
      dataIndex: "number",
      render: (n: string) => <CaseNumberLink to={n} number={n} />,
    },
    {
      title: t("work.field.status"),
      dataIndex: "status",
      render: (s: CaseStatus) => <StatusTag status={s} />,
    },
    { title: t("work.field.channel"), dataIndex: "channel", render: (c: CaseChannel) => name("channel", c) },
    {
      title: t("work.field.category"),
      dataIndex: "category",
      render: (c: CaseListItem["category"]) =>
        c ? (
          <>
            <CategoryIcon code={c.code} />
            {categoryName(c.code)}
          </>
        ) : (
          <Tag>{t("work.uncategorised")}</Tag>
        ),
    },
    { title: t("work.field.summary"), dataIndex: "summary", ellipsis: true },
    { title: t("work.field.region"), dataIndex: ["region", "name"] },
    { title: t("work.field.assignedUnit"), dataIndex: ["assignedUnit", "name"] },
    {
      title: t("centre.search.overdue"),
      dataIndex: "overdue",
      render: (o: boolean) => (o ? <ToneTag tone="red">{t("centre.search.overdueYes")}</ToneTag> : null),
    },
    {
      title: t("work.field.createdAt"),
      dataIndex: "createdAt",
      render: (v: string) => chinaTime(v),
    },
  ];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t("centre.search.page")}
      </Typography.Title>
      <NarrowedTag
        param="located"
        label={
          filters.located === "false"
            ? t("centre.search.withoutPoint")
            : filters.located === "true"
              ? t("centre.search.withPoint")
              : null
        }
      />
      <Flex gap={16} align="start" wrap>
        <Card size="small" style={{ flex: "1 1 760px" }}>
          <Form<FormValues>
            form={form}
            name="case-search"
            layout="vertical"
            initialValues={formValuesOf(filters)}
            onFinish={(v) => apply(filtersOf(v))}
          >
            <Flex gap={12} wrap>
              <Form.Item name="q" label={t("centre.search.q")} style={{ width: 320 }}>
                <Input allowClear placeholder={t("centre.search.qPlaceholder")} />
              </Form.Item>
              <Form.Item name="address" label={t("centre.search.address")} style={{ width: 220 }}>
                <Input allowClear />
              </Form.Item>
              <Form.Item name="trackingCode" label={t("centre.search.trackingCode")} style={{ width: 160 }}>
                <Input allowClear autoComplete="off" />
              </Form.Item>
              {mayPhone && (
                <Form.Item
                  name="phone"
                  label={t("centre.search.phone")}
                  tooltip={t("centre.search.phoneHint")}
                  style={{ width: 180 }}
                >
                  <Input allowClear inputMode="tel" autoComplete="off" />
                </Form.Item>
              )}
              <Form.Item name="status" label={t("work.field.status")} style={{ width: 260 }}>
                <Select
                  mode="multiple"
                  allowClear
                  options={codesOf("caseStatus").map((s) => ({ value: s, label: name("caseStatus", s) }))}
                />
              </Form.Item>
              <Form.Item name="category" label={t("work.field.category")} style={{ width: 200 }}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: "label" }}
                  options={categories.map((c) => ({ value: c.code, label: categoryName(c.code) }))}
                />
              </Form.Item>
              <Form.Item name="region" label={t("work.field.region")} style={{ width: 220 }}>
                <RegionPicker />
              </Form.Item>
              <Form.Item name="assignedOrg" label={t("work.field.assignedUnit")} style={{ width: 240 }}>
                <UnitPicker />
              </Form.Item>
              <Form.Item name="channel" label={t("work.field.channel")} style={{ width: 140 }}>
                <Select
                  allowClear
                  options={codesOf("channel").map((c) => ({ value: c, label: name("channel", c) }))}
                />
              </Form.Item>
              <Form.Item name="created" label={t("centre.search.created")}>
                <DatePicker.RangePicker allowEmpty={[true, true]} />
              </Form.Item>
              <Form.Item name="overdue" label={t("centre.search.overdue")} style={{ width: 130 }}>
                <Select
                  allowClear
                  options={[
                    { value: "true", label: t("centre.search.overdueYes") },
                    { value: "false", label: t("centre.search.overdueNo") },
                  ]}
                />
              </Form.Item>
            </Flex>
            <Space>
              <Button type="primary" htmlType="submit" data-testid="search-submit">
                {t("centre.search.submit")}
              </Button>
              <Button onClick={() => apply({})}>{t("centre.search.reset")}</Button>
            </Space>
          </Form>
        </Card>
        <Card
          size="small"
          title={t("centre.saved.title")}
          style={{ flex: "0 1 300px" }}
          data-testid="saved-filters"
        >
          {saved.length === 0 ? (
            <Typography.Text type="secondary">{t("centre.saved.none")}</Typography.Text>
          ) : (
            <Flex vertical gap={4}>
              {saved.map((f) => (
                <Flex key={f.name} justify="space-between" align="center">
                  <Button
                    type="link"
                    style={{ padding: 0 }}
                    aria-label={t("centre.saved.apply", { name: f.name })}
                    onClick={() => apply(f.filters)}
                  >
                    {f.name}
                  </Button>
                  <Popconfirm
                    title={t("centre.saved.delete", { name: f.name })}
                    onConfirm={() => setSaved(deleteSavedFilter(window.localStorage, userId, f.name))}
                  >
                    <Button
                      size="small"
                      type="text"
                      danger
                      aria-label={t("centre.saved.delete", { name: f.name })}
                    >
                      ×
                    </Button>
                  </Popconfirm>
                </Flex>
              ))}
            </Flex>
          )}
          <Space.Compact style={{ marginTop: 12, width: "100%" }}>
            <Input
              aria-label={t("centre.saved.name")}
              placeholder={t("centre.saved.namePlaceholder")}
              value={saveName}
              maxLength={40}
              onChange={(e) => setSaveName(e.target.value)}
              data-testid="saved-filter-name"
            />
            <Button
              disabled={saveName.trim() === "" || Object.keys(saveableFilters(filters)).length === 0}
              onClick={() => {
                setSaved(saveFilter(window.localStorage, userId, { name: saveName, filters }));
                setSaveName("");
              }}
              data-testid="saved-filter-save"
            >
              {t("centre.saved.save")}
            </Button>
          </Space.Compact>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
            {t("centre.saved.hint")}
          </Typography.Paragraph>
        </Card>
      </Flex>
      <Flex gap={8} align="center" style={{ margin: "16px 0 12px" }}>
        <span data-testid="search-total">
          {list.data?.totalCapped
            ? t("centre.search.totalCapped", { n: list.data.total.toLocaleString("en") })
            : t("centre.search.total", { n: list.data?.total ?? 0 })}
        </span>
        <ExportButtons kind="cases" query={query} size="middle" label={t("centre.search.page")} />
      </Flex>
      <LoadState loading={list.isPending} error={list.error} reload={() => void list.refetch()}>
        <div data-testid="search-results">
          <Table<CaseListItem>
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            columns={columns}
            locale={{ emptyText: t("centre.search.empty") }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              onChange: (p, s) =>
                setParams({ ...filters, page: String(p), pageSize: String(s) } as Record<string, string>),
            }}
          />
        </div>
      </LoadState>
    </>
  );
}

/** Every field empty: `setFieldsValue` leaves fields it is not given as they were. */
const emptyForm: FormValues = {
  q: undefined,
  address: undefined,
  trackingCode: undefined,
  phone: undefined,
  status: undefined,
  category: undefined,
  region: undefined,
  assignedOrg: undefined,
  channel: undefined,
  created: null,
  overdue: undefined,
};
