/**
 * A visit's page: the person (masked as the register shows them), the type and deadline; for a
 * planned visit the record form (time, method, GPS point, what was found, photos); for a recorded
 * one what was found, its photos, and the one-tap appeal about it into the case loop (the case
 * it raised is linked); the timeline.
 */
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Image,
  Input,
  Radio,
  Timeline,
  Typography,
} from "antd";
import type { UploadFile } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../../../shared/api.js";
import type {
  RaiseAppealInput,
  RecordVisitInput,
  VisitActionResult,
  VisitDetail,
} from "../../../shared/contracts.js";
import { useErrorText } from "../../../shared/i18n/names.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { useI18n } from "../../i18n/index.js";
import { applyFieldErrors } from "../../components/formErrors.js";
import { LoadState, ToneTag } from "../work/ui.js";
import { METHOD_KEYS, STATUS_KEYS, actionKey, chinaTime, typeName } from "./words.js";
import { PhotoUpload, photoIds } from "../../components/PhotoUpload.js";
import dayjs from "dayjs";
import { chinaDay, chinaWallClock, wallClockInChina } from "../../../shared/time.js";
import { useRequired } from "../../components/required.js";

interface RecordValues {
  /** The picker's moment (a dayjs value). */
  visitedAt?: { format(template: string): string };
  method?: RecordVisitInput["method"];
  findings?: string;
}

function RecordForm({ visit, onDone }: { visit: VisitDetail; onDone: (r: VisitActionResult) => void }) {
  const { t } = useI18n();
  const need = useRequired();
  const errorText = useErrorText();
  const [form] = Form.useForm<RecordValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [point, setPoint] = useState<{ lon: number; lat: number } | null>(null);
  const [locating, setLocating] = useState<"idle" | "busy" | "failed">("idle");
  const [error, setError] = useState<unknown>();
  const write = useWrite(
    (body: RecordVisitInput) =>
      api<VisitActionResult>(`/visits/${visit.id}/record`, { method: "POST", body }),
    ["/visits"],
  );
  const locate = () => {
    setLocating("busy");
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setPoint({ lon: Number(p.coords.longitude.toFixed(6)), lat: Number(p.coords.latitude.toFixed(6)) });
        setLocating("idle");
      },
      () => setLocating("failed"),
      { timeout: 10_000 },
    );
  };
  const submit = async (values: RecordValues) => {
    setError(undefined);
    try {
      const result = await write.mutateAsync({
        version: visit.version,
        method: values.method ?? "home",
        findings: values.findings ?? "",
        ...(values.visitedAt
          ? { visitedAt: wallClockInChina(values.visitedAt.format("YYYY-MM-DDTHH:mm:ss")) }
          : {}),
        location: point,
        attachmentIds: photoIds(files),
      });
      onDone(result);
    } catch (err) {
      if (!applyFieldErrors(form, err)) setError(err);
    }
  };
  return (
    <Card title={t("visits.record.title")} data-testid="record-visit">
      {error !== undefined && (
        <Alert type="error" showIcon message={errorText(error)} style={{ marginBottom: 12 }} />
      )}
      <Form<RecordValues>
        form={form}
        name="recordVisit"
        layout="vertical"
        initialValues={{ method: "home", visitedAt: dayjs(chinaWallClock()) }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="visitedAt" label={t("visits.field.visitedAt")}>
          <DatePicker
            showTime={{ format: "HH:mm" }}
            format="YYYY-MM-DD HH:mm"
            disabledDate={(d) => d.isAfter(dayjs(chinaDay()), "day")}
          />
        </Form.Item>
        <Form.Item
          name="method"
          label={t("visits.field.method")}
          rules={need(t("visits.field.method"), "choose")}
        >
          <Radio.Group
            options={(["home", "phone", "other"] as const).map((m) => ({
              value: m,
              label: t(METHOD_KEYS[m]),
            }))}
          />
        </Form.Item>
        <Form.Item label={t("visits.field.location")}>
          <Flex gap={8} align="center">
            <Button onClick={locate} loading={locating === "busy"}>
              {t("visits.record.locate")}
            </Button>
            <span data-testid="visit-location">
              {point
                ? t("visits.record.located", { lon: point.lon, lat: point.lat })
                : locating === "failed"
                  ? t("visits.record.locateFailed")
                  : t("visits.record.noLocation")}
            </span>
          </Flex>
        </Form.Item>
        <Form.Item
          name="findings"
          label={t("visits.field.findings")}
          rules={need(t("visits.field.findings"), "text")}
        >
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
        <Form.Item label={t("visits.field.photos")}>
          <PhotoUpload files={files} onChange={setFiles} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={write.isPending} data-testid="record-submit">
          {t("visits.record.submit")}
        </Button>
      </Form>
    </Card>
  );
}

function AppealForm({ visit, onDone }: { visit: VisitDetail; onDone: (r: VisitActionResult) => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [description, setDescription] = useState(visit.findings ?? "");
  const [key] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<unknown>();
  const write = useWrite(
    (body: RaiseAppealInput) =>
      api<VisitActionResult>(`/visits/${visit.id}/appeal`, {
        method: "POST",
        body,
        headers: { "idempotency-key": key },
      }),
    ["/visits"],
  );
  if (!open) {
    return (
      <Button onClick={() => setOpen(true)} data-testid="raise-appeal">
        {t("visits.appeal.raise")}
      </Button>
    );
  }
  return (
    <Card title={t("visits.appeal.title")} data-testid="appeal-form">
      {error !== undefined && (
        <Alert type="error" showIcon message={errorText(error)} style={{ marginBottom: 12 }} />
      )}
      <Typography.Paragraph type="secondary">{t("visits.appeal.hint")}</Typography.Paragraph>
      <label htmlFor="appeal-description">{t("visits.appeal.description")}</label>
      <Input.TextArea
        id="appeal-description"
        rows={4}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        maxLength={4000}
      />
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        loading={write.isPending}
        data-testid="appeal-submit"
        onClick={() => {
          setError(undefined);
          write
            .mutateAsync({ version: visit.version, description })
            .then(onDone)
            .catch((err: unknown) => setError(err));
        }}
      >
        {t("visits.appeal.submit")}
      </Button>
    </Card>
  );
}

export default function VisitPage() {
  const { t, lang } = useI18n();
  const { id = "" } = useParams();
  const detail = useGet<VisitDetail>(`/visits/${encodeURIComponent(id)}`);
  const [notice, setNotice] = useState<string | null>(null);
  const v = detail.data;
  return (
    <LoadState loading={detail.isPending} error={detail.error} reload={() => void detail.refetch()}>
      {v && (
        <Flex vertical gap={16} data-testid="visit-page">
          <Flex gap={8} align="center" wrap>
            <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
              {v.person?.name ?? t("visits.hiddenPerson")}
            </Typography.Title>
            <ToneTag tone={v.type.group === "key" ? "orange" : "blue"}>{typeName(v.type, lang)}</ToneTag>
            <ToneTag tone={v.status === "done" ? "green" : "geekblue"} data-status={v.status}>
              {t(STATUS_KEYS[v.status])}
            </ToneTag>
            {v.overdue && <ToneTag tone="overdue">{t("visits.overdue")}</ToneTag>}
          </Flex>
          {notice && <Alert type="success" showIcon message={notice} data-testid="visit-notice" />}
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label={t("visits.field.phone")}>{v.person?.phone ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("visits.field.address")}>
              {v.person?.address ?? "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("visits.field.place")}>{v.region.name}</Descriptions.Item>
            <Descriptions.Item label={t("visits.field.deadline")}>{chinaTime(v.dueAt)}</Descriptions.Item>
            {v.status === "done" && (
              <>
                <Descriptions.Item label={t("visits.field.visitedAt")}>
                  {chinaTime(v.visitedAt)}{" "}
                  {v.onTime !== null && (
                    <ToneTag tone={v.onTime ? "green" : "red"}>
                      {t(v.onTime ? "visits.onTime.yes" : "visits.onTime.no")}
                    </ToneTag>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t("visits.field.method")}>
                  {v.method ? t(METHOD_KEYS[v.method]) : "—"}
                </Descriptions.Item>
                <Descriptions.Item label={t("visits.field.visitedBy")}>
                  {v.visitedBy ?? "—"}
                </Descriptions.Item>
                <Descriptions.Item label={t("visits.field.location")}>
                  {v.location ? `${v.location.lon}, ${v.location.lat}` : "—"}
                </Descriptions.Item>
                <Descriptions.Item label={t("visits.field.findings")} span={2}>
                  <span data-testid="visit-findings">{v.findings}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t("visits.field.appeal")} span={2}>
                  {v.case ? (
                    <Link to={`/cases/${v.case.number}`} data-testid="visit-case">
                      {v.case.number}
                    </Link>
                  ) : (
                    t("visits.none")
                  )}
                </Descriptions.Item>
                {v.dispute && (
                  <Descriptions.Item label={t("visits.field.dispute")} span={2}>
                    <Link to={`/mediation/disputes/${v.dispute.number}`} data-testid="visit-dispute">
                      {v.dispute.number}
                    </Link>
                  </Descriptions.Item>
                )}
              </>
            )}
          </Descriptions>
          {v.photoIds.length > 0 && (
            <Flex gap={8} wrap>
              {v.photoIds.map((p) => (
                <Image
                  key={p}
                  width={96}
                  src={`/api/v1/attachments/${p}/thumb`}
                  preview={{ src: `/api/v1/attachments/${p}` }}
                  alt={t("visits.field.photos")}
                />
              ))}
            </Flex>
          )}
          {v.allowedActions.includes("record") && (
            <RecordForm
              visit={v}
              onDone={(r) => {
                setNotice(t("visits.record.done", { due: chinaTime(r.nextVisit?.dueAt ?? null) }));
                void detail.refetch();
              }}
            />
          )}
          {v.allowedActions.includes("raise_appeal") && (
            <AppealForm
              visit={v}
              onDone={(r) => {
                setNotice(t("visits.appeal.raised", { number: r.case?.number ?? "" }));
                void detail.refetch();
              }}
            />
          )}
          <Card title={t("visits.timeline")}>
            <Timeline
              items={v.events.map((e) => ({
                children: `${chinaTime(e.at)} ${t(actionKey(e.action))}${e.actor && e.actor !== "system" ? ` · ${e.actor}` : ""}`,
              }))}
            />
          </Card>
        </Flex>
      )}
    </LoadState>
  );
}
