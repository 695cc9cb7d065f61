/**
 * One administration page for one resource, the shape every admin page (and every later module's
 * admin page) shares: a title, filters, the list (paged by the server when it answers a `total`,
 * else in the page), a create and an edit form in a dialog with the server's field errors at the
 * fields, delete with a confirmation, and room for the resource's own row actions and panels.
 * Each write marks the resource's reads stale, so the list shows what the server now holds.
 *
 *   <ResourcePage<Organisation>
 *     title="admin.orgs.title" path="/organisations" rowKey={(o) => o.id}
 *     filters={[{ kind: "select", name: "kind", label: "admin.orgs.kind", options, initial: "department" }]}
 *     columns={…} form={{ name: "organisation", create: …, update: …, fields: … }}
 *     remove={{ run: (o) => api(`/organisations/${o.id}`, { method: "DELETE" }), confirm: (o) => o.name }}
 *   />
 */
import { App, Button, Card, DatePicker, Flex, Input, Popconfirm, Select, Table, Typography } from "antd";
import type { ColumnsType, TableProps } from "antd/es/table";
import type { Dayjs } from "dayjs";
import { wallClockInChina } from "../../shared/time.js";
import { useMemo, useState, type ReactNode } from "react";
import type { Query } from "../../shared/api.js";
import { useErrorText } from "../../shared/i18n/names.js";
import { useGet, useWrite } from "../../shared/query.js";
import { useI18n, type ConsoleKey } from "../i18n/index.js";
import { FormDialog, type FormDialogProps, type FormValues } from "./FormDialog.js";
import { LoadError } from "./StateView.js";

type FilterValue = string | number | undefined;
export type Filters = Record<string, FilterValue>;

/** A filter above the list; its value goes to the list's query under `name`. */
export type FilterField =
  | { kind: "search"; name: string; label: ConsoleKey; placeholder?: ConsoleKey; width?: number }
  | {
      kind: "select";
      name: string;
      label: ConsoleKey;
      options: { value: string | number; label: string }[];
      initial?: string | number;
      /** False for a filter that always has a value (a year); default true. */
      clearable?: boolean;
      width?: number;
    }
  /** A period: its ends go to the query as `from` and `to` names (ISO date-times). */
  | { kind: "period"; from: string; to: string; label: ConsoleKey };

/** A list answer: the items, and `total` when the server pages it. */
interface ListAnswer<Row> {
  items: Row[];
  total?: number;
}

/** Create and edit in a dialog: the fields, and the write for each. */
export interface ResourceForm<Row> {
  /** The form's name (its fields' element ids are `<name>_<field>`). */
  name: string;
  createTitle: ConsoleKey;
  editTitle?: ConsoleKey;
  /** The values a new item starts with, and the values of an item to edit. */
  initial: (row: Row | null, context: ListContext<Row>) => FormValues;
  create?: (values: FormValues, context: ListContext<Row>) => Promise<unknown>;
  update?: (row: Row, values: FormValues, context: ListContext<Row>) => Promise<unknown>;
  /** Which rows may be edited (default: all). */
  canEdit?: (row: Row) => boolean;
  /** After a create, e.g. to show a key the server shows only once. */
  onCreated?: (result: unknown) => void;
  fields: (editing: Row | null) => FormDialogProps<unknown>["children"];
  fieldOf?: (field: string, editing: Row | null, context: ListContext<Row>) => string | null;
  width?: number;
}

/** What a write may need besides the form: the list as loaded and the filters applied. */
export interface ListContext<Row> {
  rows: Row[];
  filters: Filters;
}

export interface ResourcePageProps<Row> {
  title: ConsoleKey;
  /** The list's path; also what every write of this page marks stale. */
  path: string;
  /** Query sent with every list request besides the filters and the page. */
  query?: Query;
  rowKey: (row: Row) => string;
  columns: ColumnsType<Row>;
  filters?: FilterField[];
  /** A title for the list's card (default: the filters). */
  listTitle?: ConsoleKey;
  /** Rows per page (default 20). */
  pageSize?: number;
  /** False for a list the server answers whole (no `page`/`pageSize` sent); default true. */
  paged?: boolean;
  form?: ResourceForm<Row>;
  remove?: {
    run: (row: Row, context: ListContext<Row>) => Promise<unknown>;
    /** Names the row in the confirmation. */
    confirm: (row: Row) => string;
    /** The confirmation's question and the button, when it is not a plain delete (revoke a key). */
    confirmKey?: ConsoleKey;
    label?: ConsoleKey;
    done?: ConsoleKey;
    canRemove?: (row: Row) => boolean;
  };
  /** More reads a write changes (other than `path`). */
  invalidates?: readonly string[];
  /** The resource's own actions on a row (beside edit and delete). */
  rowActions?: (row: Row) => ReactNode;
  /** Buttons beside "New". */
  extra?: (filters: Filters) => ReactNode;
  /** Panels above the list (e.g. an import). */
  children?: ReactNode;
  table?: Pick<TableProps<Row>, "expandable" | "scroll"> & { testId?: string };
}

function initialFilters(fields: FilterField[]): Filters {
  const out: Filters = {};
  for (const f of fields) if (f.kind === "select" && f.initial !== undefined) out[f.name] = f.initial;
  return out;
}

function FilterBar({
  fields,
  filters,
  onChange,
}: {
  fields: FilterField[];
  filters: Filters;
  onChange: (patch: Filters) => void;
}) {
  const { t } = useI18n();
  // Each filter under its name, visible while a value is typed or chosen (a placeholder is not).
  const labelled = (key: string, label: string, control: ReactNode) => (
    <Flex key={key} vertical gap={2} data-testid={`filter-${key}`}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} aria-hidden>
        {label}
      </Typography.Text>
      {control}
    </Flex>
  );
  return (
    <Flex gap={8} wrap align="flex-end">
      {fields.map((f) => {
        if (f.kind === "search")
          return labelled(
            f.name,
            t(f.label),
            <Input.Search
              key={f.name}
              aria-label={t(f.label)}
              placeholder={t(f.placeholder ?? f.label)}
              allowClear
              onSearch={(v) => onChange({ [f.name]: v.trim() || undefined })}
              style={{ width: f.width ?? 220 }}
            />,
          );
        if (f.kind === "select")
          return labelled(
            f.name,
            t(f.label),
            <Select
              key={f.name}
              aria-label={t(f.label)}
              placeholder={t(f.label)}
              allowClear={f.clearable !== false}
              value={filters[f.name]}
              onChange={(v?: string | number) => onChange({ [f.name]: v })}
              options={f.options}
              style={{ width: f.width ?? 180 }}
            />,
          );
        return labelled(
          `${f.from}-${f.to}`,
          t(f.label),
          <DatePicker.RangePicker
            key={`${f.from}-${f.to}`}
            aria-label={t(f.label)}
            showTime
            onChange={(range) => {
              const [a, b] = (range ?? []) as [Dayjs | null, Dayjs | null];
              // China wall-clock times, whatever the browser's zone.
              const at = (d: Dayjs | null) =>
                d ? wallClockInChina(d.format("YYYY-MM-DDTHH:mm:ss")) : undefined;
              onChange({ [f.from]: at(a), [f.to]: at(b) });
            }}
          />,
        );
      })}
    </Flex>
  );
}

export function ResourcePage<Row extends object>(props: ResourcePageProps<Row>) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const fields = props.filters ?? [];
  const [filters, setFilters] = useState<Filters>(() => initialFilters(fields));
  const pageSize0 = props.pageSize ?? 20;
  const [page, setPage] = useState({ page: 1, pageSize: pageSize0 });
  const [editing, setEditing] = useState<Row | "new" | null>(null);
  const invalidates = useMemo(
    () => [props.path, ...(props.invalidates ?? [])],
    [props.path, props.invalidates],
  );

  const paging = props.paged === false ? {} : page;
  const list = useGet<ListAnswer<Row>>(
    props.path,
    { ...props.query, ...filters, ...paging },
    { keepPrevious: true },
  );
  const rows = list.data?.items ?? [];
  const serverPaged = list.data?.total !== undefined;
  const context: ListContext<Row> = { rows, filters };
  const remove = useWrite(
    (row: Row) => (props.remove ? props.remove.run(row, context) : Promise.resolve()),
    invalidates,
  );

  const change = (patch: Filters) => {
    setFilters((old) => ({ ...old, ...patch }));
    setPage((p) => ({ ...p, page: 1 }));
  };

  const form = props.form;
  const editable = (row: Row) => form?.update !== undefined && (form.canEdit?.(row) ?? true);
  const removable = (row: Row) => props.remove !== undefined && (props.remove.canRemove?.(row) ?? true);
  const hasActions =
    form?.update !== undefined || props.remove !== undefined || props.rowActions !== undefined;
  const actionsColumn: ColumnsType<Row> = hasActions
    ? [
        {
          title: t("admin.actions"),
          key: "actions",
          render: (_: unknown, row: Row) => (
            <Flex gap={8} wrap>
              {editable(row) && (
                <Button size="small" onClick={() => setEditing(row)}>
                  {t("admin.edit")}
                </Button>
              )}
              {props.rowActions?.(row)}
              {props.remove && removable(row) && (
                <Popconfirm
                  title={t(props.remove.confirmKey ?? "admin.deleteConfirm", {
                    name: props.remove.confirm(row),
                  })}
                  onConfirm={() =>
                    remove.mutate(row, {
                      onSuccess: () => void message.success(t(props.remove?.done ?? "admin.deleted")),
                      onError: (err) => void message.error(errorText(err)),
                    })
                  }
                >
                  <Button size="small" danger>
                    {t(props.remove.label ?? "admin.delete")}
                  </Button>
                </Popconfirm>
              )}
            </Flex>
          ),
        },
      ]
    : [];

  const row = editing === "new" ? null : editing;
  const submit = (values: FormValues) => {
    if (!form) return Promise.resolve(undefined);
    if (row === null) return form.create ? form.create(values, context) : Promise.resolve(undefined);
    return form.update ? form.update(row, values, context) : Promise.resolve(undefined);
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t(props.title)}
      </Typography.Title>
      {props.children}
      <Card
        size="small"
        title={
          props.listTitle ? (
            t(props.listTitle)
          ) : (
            <FilterBar fields={fields} filters={filters} onChange={change} />
          )
        }
        extra={
          <Flex gap={8}>
            {props.listTitle && fields.length > 0 && (
              <FilterBar fields={fields} filters={filters} onChange={change} />
            )}
            {props.extra?.(filters)}
            {form?.create && (
              <Button type="primary" onClick={() => setEditing("new")} data-testid="resource-create">
                {t("admin.create")}
              </Button>
            )}
          </Flex>
        }
      >
        {list.error ? (
          <LoadError error={list.error} retry={() => void list.refetch()} />
        ) : (
          <Table<Row>
            data-testid={props.table?.testId}
            size="small"
            rowKey={props.rowKey}
            loading={list.isFetching}
            dataSource={rows}
            locale={{ emptyText: t("state.empty") }}
            scroll={props.table?.scroll ?? { x: true }}
            expandable={props.table?.expandable}
            pagination={
              serverPaged
                ? {
                    current: page.page,
                    pageSize: page.pageSize,
                    total: list.data?.total ?? 0,
                    onChange: (p, s) => setPage({ page: p, pageSize: s }),
                  }
                : { pageSize: pageSize0, showSizeChanger: false, hideOnSinglePage: true }
            }
            columns={[...props.columns, ...actionsColumn]}
          />
        )}
      </Card>
      {form && (
        <FormDialog<unknown>
          open={editing !== null}
          title={t(row === null ? form.createTitle : (form.editTitle ?? form.createTitle))}
          name={form.name}
          initialValues={editing === null ? undefined : form.initial(row, context)}
          submit={submit}
          invalidates={invalidates}
          okText={row === null ? t("admin.create") : t("admin.save")}
          width={form.width}
          fieldOf={form.fieldOf ? (field) => form.fieldOf?.(field, row, context) ?? null : undefined}
          onCancel={() => setEditing(null)}
          onDone={(result) => {
            setEditing(null);
            void message.success(t("admin.saved"));
            if (row === null) form.onCreated?.(result);
          }}
        >
          {form.fields(row)}
        </FormDialog>
      )}
    </Flex>
  );
}
