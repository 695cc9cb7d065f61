/**
 * The holiday calendar of a year (放假 and 调休上班 days): add, change and remove a day. The
 * server takes a year's list whole, so each write sends the year's list with that one change.
 */
import { DatePicker, Form, Input, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api } from "../../../shared/api.js";
import type { Holiday, HolidayYear } from "../../../shared/contracts.js";
import type { FormValues } from "../../components/FormDialog.js";
import { ResourcePage, type ListContext } from "../../components/ResourcePage.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";

const KINDS = {
  holiday: "admin.holidays.holiday",
  workday: "admin.holidays.workday",
} as const satisfies Record<Holiday["kind"], ConsoleKey>;

const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: 6 }, (_, i) => THIS_YEAR - 2 + i);

function dayOf(values: FormValues): Holiday {
  return {
    date: (values.date as Dayjs).format("YYYY-MM-DD"),
    kind: values.kind as Holiday["kind"],
    name: String(values.name ?? ""),
  };
}

function saveYear(context: ListContext<Holiday>, items: Holiday[]) {
  const body: HolidayYear = { items };
  return api("/holidays", { method: "PUT", query: { year: context.filters.year }, body });
}

/** The place of the edited day in the list sent: a new day goes last. */
const indexOf = (row: Holiday | null, context: ListContext<Holiday>) =>
  row === null ? context.rows.length : context.rows.indexOf(row);

export default function Holidays() {
  const { t } = useI18n();
  return (
    <ResourcePage<Holiday>
      title="admin.holidays.title"
      path="/holidays"
      paged={false}
      pageSize={50}
      rowKey={(h) => `${h.date}-${h.kind}`}
      filters={[
        {
          kind: "select",
          name: "year",
          label: "admin.holidays.year",
          options: YEARS.map((y) => ({ value: y, label: String(y) })),
          initial: THIS_YEAR,
          clearable: false,
          width: 110,
        },
      ]}
      columns={[
        { title: t("admin.holidays.date"), dataIndex: "date", key: "date" },
        {
          title: t("admin.holidays.kind"),
          dataIndex: "kind",
          key: "kind",
          render: (k: Holiday["kind"]) => t(KINDS[k]),
        },
        { title: t("admin.holidays.name"), dataIndex: "name", key: "name" },
      ]}
      form={{
        name: "holiday",
        createTitle: "admin.holidays.add",
        editTitle: "admin.edit",
        initial: (h, context) =>
          h
            ? { date: dayjs(h.date), kind: h.kind, name: h.name }
            : { date: dayjs(`${context.filters.year ?? THIS_YEAR}-01-01`), kind: "holiday" },
        create: (v, context) => saveYear(context, [...context.rows, dayOf(v)]),
        update: (h, v, context) =>
          saveYear(
            context,
            context.rows.map((r) => (r === h ? dayOf(v) : r)),
          ),
        // The server names the day by its place in the list it was sent.
        fieldOf: (field, h, context) => {
          const match = /^body\.items\.(\d+)\.(\w+)$/.exec(field);
          return match && Number(match[1]) === indexOf(h, context) ? `body.${match[2]}` : null;
        },
        fields: () => (
          <>
            <Form.Item name="date" label={t("admin.holidays.date")} rules={[{ required: true }]}>
              <DatePicker allowClear={false} style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item name="kind" label={t("admin.holidays.kind")} rules={[{ required: true }]}>
              <Select
                options={(Object.keys(KINDS) as Holiday["kind"][]).map((k) => ({
                  value: k,
                  label: t(KINDS[k]),
                }))}
              />
            </Form.Item>
            <Form.Item
              name="name"
              label={t("admin.holidays.name")}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input />
            </Form.Item>
          </>
        ),
      }}
      remove={{
        run: (h, context) =>
          saveYear(
            context,
            context.rows.filter((r) => r !== h),
          ),
        confirm: (h) => `${h.date} ${h.name}`,
      }}
    />
  );
}
