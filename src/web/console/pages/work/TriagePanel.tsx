/**
 * Triage of one case in the queue: what it says, its category, its point on the map (click the
 * map or type the coordinates) and the grid that point falls in, then dispatch to the suggested
 * unit or another, reject, or merge with a suggested duplicate.
 */
import { Alert, Button, Descriptions, Flex, Form, Input, InputNumber, Select, Space, Typography } from "antd";
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { api, ApiError } from "../../../shared/api.js";
import type { AddressHit, CaseDetail, DispatchOptions, LocateResult } from "../../../shared/contracts.js";
import { useErrorText, useNames } from "../../../shared/i18n/names.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { AddressSearch } from "../../components/AddressSearch.js";
import { useI18n } from "../../i18n/index.js";
import ActionPanel from "./ActionPanel.js";
import {
  CASE_READS,
  conflictOf,
  formFieldErrors,
  leafCategories,
  useCaseAction,
  useCategories,
  type Conflict,
} from "./data.js";
import { ConflictAlert, LoadState, StatusTag, ToneTag } from "./ui.js";
import { chinaTime } from "../../../shared/time.js";

const CaseMap = lazy(() => import("./CaseMap.js"));

type Point = NonNullable<CaseDetail["location"]>;
interface TriageValues {
  categoryCode?: string;
  address?: string;
  lon?: number;
  lat?: number;
}

export default function TriagePanel({ caseId }: { caseId: string }) {
  const { t, lang } = useI18n();
  const name = useNames();
  const errorText = useErrorText();
  const detail = useGet<CaseDetail>(`/cases/${caseId}`);
  const c = detail.data;
  const options = useGet<DispatchOptions>(`/cases/${caseId}/dispatch-options`);
  const catalogue = useCategories();
  const [form] = Form.useForm<TriageValues>();
  const [point, setPoint] = useState<Point | null>(null);
  const [error, setError] = useState<unknown>();
  const [conflict, setConflict] = useState<Conflict>();
  const triage = useWrite(
    (body: Record<string, unknown>) => api<CaseDetail>(`/cases/${caseId}/triage`, { method: "POST", body }),
    CASE_READS,
  );
  const dispatch = useCaseAction();

  useEffect(() => {
    if (!c) return;
    form.setFieldsValue({
      categoryCode: c.category?.code,
      address: c.address ?? undefined,
      lon: c.location?.lon,
      lat: c.location?.lat,
    });
    setPoint(c.location);
  }, [c, form]);

  // The grid the point falls in, as the server's look-up answers it (404: in no grid).
  const locate = useGet<LocateResult>(point ? "/grids/locate" : null, point ?? undefined);
  const located =
    locate.data?.grid ??
    (locate.error instanceof ApiError && locate.error.status === 404 ? ("none" as const) : null);

  const pick = (p: Point) => {
    form.setFieldsValue({ lon: p.lon, lat: p.lat });
    setPoint(p);
  };

  /** A place found by the address search: its point as a click on the map would set it, and its address. */
  const pickPlace = (hit: AddressHit) => {
    if (hit.point) pick(hit.point);
    if (hit.kind === "address") form.setFieldsValue({ address: hit.fullAddress });
  };

  const save = async (values: TriageValues) => {
    if (!c) return;
    setError(undefined);
    try {
      const body: Record<string, unknown> = { version: c.version };
      if (values.categoryCode !== undefined) body.categoryCode = values.categoryCode;
      const address = values.address?.trim() ? values.address.trim() : null;
      if (address !== (c.address ?? null)) body.address = address;
      if (
        values.lon !== undefined &&
        values.lat !== undefined &&
        values.lon !== null &&
        values.lat !== null
      ) {
        body.location = { lon: values.lon, lat: values.lat };
      }
      // The server needs one of them (a category, a point or an address): asked here, in words.
      if (!("categoryCode" in body) && !("address" in body) && !("location" in body)) {
        form.setFields([{ name: "categoryCode", errors: [t("work.triage.needOne")] }]);
        return;
      }
      await triage.mutateAsync(body);
    } catch (err) {
      const found = conflictOf(err);
      if (found) {
        setConflict(found);
        return;
      }
      const fields = formFieldErrors(
        err,
        ["categoryCode", "address", "location", "lon", "lat"],
        errorText,
      ).map((f) => (f.name === "location" ? { ...f, name: "lon" } : f));
      if (fields.length > 0)
        form.setFields(fields as { name: "lon" | "lat" | "categoryCode" | "address"; errors: string[] }[]);
      else setError(err);
    }
  };

  const dispatchSuggested = async () => {
    const suggested = options.data?.suggested;
    if (!c || !suggested) return;
    setError(undefined);
    try {
      await dispatch.mutateAsync({
        caseId: c.id,
        action: "dispatch",
        body: { orgId: suggested.id, version: c.version },
      });
    } catch (err) {
      const found = conflictOf(err);
      if (found) setConflict(found);
      else setError(err);
    }
  };

  const categoryOptions = useMemo(
    () =>
      leafCategories(catalogue.data?.items ?? []).map((cat) => ({
        value: cat.code,
        label: lang === "zh-CN" ? cat.name : cat.nameEn || cat.name,
      })),
    [catalogue.data, lang],
  );

  const villageCode =
    located && located !== "none" ? located.villageCode : (c?.region.path.split(".")[3] ?? null);
  const gridCode = located && located !== "none" ? located.code : (c?.gridCode ?? null);

  return (
    <LoadState loading={detail.isPending} error={detail.error} reload={() => void detail.refetch()}>
      {c && (
        <div data-testid="triage-panel">
          {conflict && <ConflictAlert conflict={conflict} onClose={() => setConflict(undefined)} />}
          <Descriptions
            size="small"
            column={2}
            bordered
            items={[
              {
                key: "number",
                label: t("work.field.number"),
                children: <Link to={`/cases/${c.number}`}>{c.number}</Link>,
              },
              { key: "status", label: t("work.field.status"), children: <StatusTag status={c.status} /> },
              { key: "channel", label: t("work.field.channel"), children: name("channel", c.channel) },
              { key: "created", label: t("work.field.createdAt"), children: chinaTime(c.createdAt) },
              { key: "region", label: t("work.field.region"), children: c.region.name },
              {
                key: "urgent",
                label: t("work.field.urgent"),
                children: c.urgent ? <ToneTag tone="red">{t("work.urgent")}</ToneTag> : t("work.no"),
              },
              { key: "desc", label: t("work.field.description"), span: 2, children: c.description },
              ...(c.address
                ? [{ key: "addr", label: t("work.field.address"), span: 2, children: c.address }]
                : []),
            ]}
          />
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
            {t("work.triage.title")}
          </Typography.Title>
          <Form form={form} layout="vertical" onFinish={save} name="triage" disabled={c.status !== "triage"}>
            <Form.Item name="categoryCode" label={t("work.field.category")}>
              <Select
                showSearch={{ optionFilterProp: "label" }}
                options={categoryOptions}
                placeholder={t("work.triage.pickCategory")}
                allowClear
              />
            </Form.Item>
            <Form.Item label={t("maps.addressSearch.label")} htmlFor="triage_addressSearch">
              <AddressSearch
                id="triage_addressSearch"
                onPick={pickPlace}
                disabled={c.status !== "triage"}
                style={{ width: "100%" }}
              />
            </Form.Item>
            <Form.Item name="address" label={t("work.field.address")}>
              <Input maxLength={300} />
            </Form.Item>
            <Space align="start" wrap>
              <Form.Item name="lon" label={t("work.field.lon")}>
                <InputNumber
                  step={0.0001}
                  style={{ width: 160 }}
                  onChange={(v) => {
                    const lat = form.getFieldValue("lat") as number | undefined;
                    if (typeof v === "number" && typeof lat === "number") setPoint({ lon: v, lat });
                  }}
                />
              </Form.Item>
              <Form.Item name="lat" label={t("work.field.lat")}>
                <InputNumber
                  step={0.0001}
                  style={{ width: 160 }}
                  onChange={(v) => {
                    const lon = form.getFieldValue("lon") as number | undefined;
                    if (typeof v === "number" && typeof lon === "number") setPoint({ lon, lat: v });
                  }}
                />
              </Form.Item>
              <Form.Item label={t("maps.picker.communityLabel")}>
                <span data-testid="located-community">
                  {locate.data
                    ? locate.data.village.name
                    : located === "none"
                      ? t("maps.picker.outside")
                      : locate.isFetching
                        ? t("maps.picker.locating")
                        : c.region.name}
                </span>
              </Form.Item>
              <Form.Item label={t("work.field.grid")}>
                <span data-testid="located-grid">
                  {located === "none"
                    ? t("work.triage.noGrid")
                    : located
                      ? located.name
                      : (c.gridCode ?? "—")}
                </span>
              </Form.Item>
            </Space>
            <Suspense fallback={<div style={{ height: 280 }} />}>
              <CaseMap
                point={point}
                gridCode={gridCode}
                villageCode={villageCode}
                onPick={c.status === "triage" ? pick : undefined}
                height={280}
              />
            </Suspense>
            <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
              {t("work.triage.mapHint")}
            </Typography.Paragraph>
            {error !== undefined && (
              <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} />
            )}
            <Button htmlType="submit" loading={triage.isPending} data-testid="save-triage">
              {t("work.triage.save")}
            </Button>
          </Form>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
            {t("work.dispatch.title")}
          </Typography.Title>
          {options.data?.suggested ? (
            <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
              <span>
                {t("work.dispatch.suggestedUnit")}:{" "}
                <strong data-testid="suggested-unit">{options.data.suggested.name}</strong>
              </span>
              {c.allowedActions.includes("dispatch") && (
                <Button
                  type="primary"
                  loading={dispatch.isPending}
                  onClick={() => void dispatchSuggested()}
                  data-testid="dispatch-suggested"
                >
                  {t("work.dispatch.toSuggested")}
                </Button>
              )}
            </Flex>
          ) : (
            <Typography.Paragraph type="secondary">{t("work.dispatch.noSuggestion")}</Typography.Paragraph>
          )}
          {c.possibleDuplicates.length > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t("work.merge.suggested")}
              description={
                <Flex gap={8} wrap>
                  {c.possibleDuplicates.map((d) => (
                    <Link key={d.id} to={`/cases/${d.number}`}>
                      {d.number}
                    </Link>
                  ))}
                </Flex>
              }
            />
          )}
          <ActionPanel detail={c} only={["dispatch", "redispatch", "reject", "merge"]} />
        </div>
      )}
    </LoadState>
  );
}
