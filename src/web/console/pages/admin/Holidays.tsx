/** The holiday calendar of a year (放假 and 调休上班 days): edit the list and save it whole. */
import { Alert, App, Button, Card, DatePicker, Flex, Input, Select, Table, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { ApiError, api } from "../../../shared/api.js";
import { useApi } from "../../components/useApi.js";
import { useI18n } from "../../i18n/index.js";

interface Holiday {
  date: string;
  kind: "holiday" | "workday";
  name: string;
}

export default function Holidays() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [year, setYear] = useState(new Date().getFullYear());
  const list = useApi<{ items: Holiday[] }>("/holidays", { year });
  const [rows, setRows] = useState<Holiday[]>([]);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (list.data) setRows(list.data.items);
    setError(undefined);
  }, [list.data]);

  const update = (i: number, patch: Partial<Holiday>) =>
    setRows((old) => old.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/holidays`, { method: "PUT", query: { year }, body: { items: rows } });
      void message.success(t("admin.saved"));
      list.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "network", String(err)));
    } finally {
      setBusy(false);
    }
  };
  const rowError = (i: number) =>
    error?.details
      .filter((d) => typeof d.field === "string" && new RegExp(`^body\\.items\\.${i}(\\.|$)`).test(d.field))
      .map((d) => d.message)
      .join("; ");

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t("admin.holidays.title")}
      </Typography.Title>
      <Card
        size="small"
        title={
          <Flex gap={8} align="center">
            <span id="holiday-year">{t("admin.holidays.year")}</span>
            <Select
              aria-labelledby="holiday-year"
              value={year}
              onChange={setYear}
              options={Array.from({ length: 6 }, (_, i) => new Date().getFullYear() - 2 + i).map((y) => ({
                value: y,
                label: String(y),
              }))}
              style={{ width: 110 }}
            />
          </Flex>
        }
        extra={
          <Flex gap={8}>
            <Button
              onClick={() => setRows((old) => [...old, { date: `${year}-01-01`, kind: "holiday", name: "" }])}
            >
              {t("admin.holidays.add")}
            </Button>
            <Button type="primary" loading={busy} onClick={() => void save()}>
              {t("admin.save")}
            </Button>
          </Flex>
        }
      >
        {error && (
          <Alert type="error" showIcon role="alert" title={error.message} style={{ marginBottom: 12 }} />
        )}
        {list.error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t("state.error")}
            description={list.error.message}
          />
        ) : (
          <Table<Holiday & { i: number }>
            size="small"
            rowKey="i"
            loading={list.loading}
            dataSource={rows.map((r, i) => ({ ...r, i }))}
            locale={{ emptyText: t("state.empty") }}
            pagination={false}
            columns={[
              {
                title: t("admin.holidays.date"),
                key: "date",
                render: (_: unknown, r) => (
                  <DatePicker
                    aria-label={t("admin.holidays.date")}
                    value={dayjs(r.date)}
                    allowClear={false}
                    onChange={(d) => d && update(r.i, { date: d.format("YYYY-MM-DD") })}
                  />
                ),
              },
              {
                title: t("admin.holidays.kind"),
                key: "kind",
                render: (_: unknown, r) => (
                  <Select
                    aria-label={t("admin.holidays.kind")}
                    value={r.kind}
                    onChange={(kind) => update(r.i, { kind })}
                    options={[
                      { value: "holiday", label: t("admin.holidays.holiday") },
                      { value: "workday", label: t("admin.holidays.workday") },
                    ]}
                    style={{ width: 140 }}
                  />
                ),
              },
              {
                title: t("admin.holidays.name"),
                key: "name",
                render: (_: unknown, r) => (
                  <Flex vertical>
                    <Input
                      aria-label={t("admin.holidays.name")}
                      value={r.name}
                      onChange={(e) => update(r.i, { name: e.target.value })}
                      status={rowError(r.i) ? "error" : undefined}
                    />
                    {rowError(r.i) && <span style={{ color: "#cf1322" }}>{rowError(r.i)}</span>}
                  </Flex>
                ),
              },
              {
                title: t("admin.actions"),
                key: "actions",
                render: (_: unknown, r) => (
                  <Button
                    size="small"
                    danger
                    onClick={() => setRows((old) => old.filter((_, j) => j !== r.i))}
                  >
                    {t("admin.delete")}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
