/**
 * The action forms of a dispute's page: one button per action the server offers this person now
 * (`allowedActions`), each opening its form in a dialog. Settled and not settled are one form
 * ("the outcome"): a written or oral agreement, or the referral with its receiving body and date.
 * Moves that cannot be undone (decline, escalate, the outcome, archive) ask for a confirmation.
 * A 409 (someone acted first) shows in the dialog and the page reloads the dispute.
 */
import {
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  type FormInstance,
  type UploadFile,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { chinaDay, chinaWallClock, wallClockInChina } from "../../../shared/time.js";
import { useState } from "react";
import { api } from "../../../shared/api.js";
import type { CommitteeList, DisputeAction, DisputeDetail } from "../../../shared/contracts.js";
import { useGet } from "../../../shared/query.js";
import { FormDialog, type FormValues } from "../../components/FormDialog.js";
import { PhotoUpload, photoIds } from "../../components/PhotoUpload.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import { CHANNEL_KEYS, DECISION_KEYS, PERFORMED_KEYS, RISK_KEYS } from "./words.js";
import { useRequired } from "../../components/required.js";

/** The buttons of the page, in order: actions of the state table, and the outcome (settle or refer). */
const BUTTONS = [
  "assign",
  "accept",
  "decline",
  "record_session",
  "extend",
  "change_risk",
  "outcome",
  "record_follow_up",
  "record_judicial_confirmation",
  "escalate",
  "archive",
] as const satisfies readonly (DisputeAction | "outcome")[];
type Step = (typeof BUTTONS)[number];

const LABEL: Record<Step, ConsoleKey> = {
  assign: "mediation.do.assign",
  accept: "mediation.do.accept",
  decline: "mediation.do.decline",
  escalate: "mediation.do.escalate",
  record_session: "mediation.do.record_session",
  extend: "mediation.do.extend",
  change_risk: "mediation.do.change_risk",
  outcome: "mediation.do.outcome",
  record_follow_up: "mediation.do.record_follow_up",
  record_judicial_confirmation: "mediation.do.record_judicial_confirmation",
  archive: "mediation.do.archive",
};

const CONFIRM: Partial<Record<Step, ConsoleKey>> = {
  decline: "mediation.confirm.decline",
  escalate: "mediation.confirm.escalate",
  outcome: "mediation.confirm.outcome",
  archive: "mediation.confirm.archive",
};

const PRIMARY = new Set<Step>(["accept", "record_session", "outcome", "record_follow_up"]);

const day = (v: unknown) => (dayjs.isDayjs(v) ? v.format("YYYY-MM-DD") : undefined);

/** The request of a form: the action it posts and its body. */
function requestOf(
  form: Step,
  v: FormValues,
  files: UploadFile[],
): { action: DisputeAction; body: FormValues } {
  switch (form) {
    case "record_session":
      return {
        action: form,
        body: {
          heldAt: wallClockInChina((v.heldAt as Dayjs).format("YYYY-MM-DDTHH:mm:ss")),
          place: v.place,
          participants: v.participants,
          notes: v.notes,
          photoIds: photoIds(files),
        },
      };
    case "outcome":
      return v.outcome === "not_settled"
        ? {
            action: "refer",
            body: {
              channel: v.channel,
              receivingBody: v.receivingBody,
              referredOn: day(v.referredOn),
              note: v.note ?? null,
            },
          }
        : {
            action: "settle",
            body: {
              form: v.outcome,
              matters: v.matters,
              agreed: v.agreed,
              performanceManner: v.performanceManner,
              performanceDueOn: day(v.performanceDueOn) ?? null,
            },
          };
    case "record_follow_up":
      return {
        action: form,
        body: { followedOn: day(v.followedOn), performed: v.performed, notes: v.notes ?? "" },
      };
    case "record_judicial_confirmation":
      return {
        action: form,
        body: {
          appliedOn: day(v.appliedOn),
          court: v.court,
          decision: v.decision ?? null,
          decidedOn: day(v.decidedOn) ?? null,
        },
      };
    default:
      return { action: form, body: v };
  }
}

/** The server's field names at this form's fields. */
function fieldOf(field: string): string | null {
  const name = field.split(".").filter((p) => p !== "body")[0] ?? "";
  if (name === "form") return "outcome";
  if (name === "photoIds") return "photos";
  return name === "version" ? null : name;
}

function Fields({
  form,
  d,
  files,
  setFiles,
}: {
  form: Step;
  d: DisputeDetail;
  files: UploadFile[];
  setFiles: (f: UploadFile[]) => void;
}) {
  const { t } = useI18n();
  const need = useRequired();
  const committees = useGet<CommitteeList>(form === "assign" ? "/mediation/committees" : null);
  const text = (name: string, label: ConsoleKey, rows = 0, optional = false) => (
    <Form.Item name={name} label={t(label)} rules={optional ? [] : need(t(label), "text")}>
      {rows > 0 ? <Input.TextArea rows={rows} /> : <Input />}
    </Form.Item>
  );
  /** A day; `happened` days (a referral sent, a follow-up made) cannot be after today. */
  const date = (name: string, label: ConsoleKey, optional = false, happened = true) => (
    <Form.Item name={name} label={t(label)} rules={optional ? [] : need(t(label), "choose")}>
      <DatePicker
        style={{ width: "100%" }}
        disabledDate={happened ? (d: Dayjs) => d.format("YYYY-MM-DD") > chinaDay() : undefined}
      />
    </Form.Item>
  );
  switch (form) {
    case "assign": {
      const own = committees.data?.items.find((c) => c.id === d.committeeId);
      return (
        <>
          <Form.Item
            name="mediatorId"
            label={t("mediation.field.mediator")}
            rules={need(t("mediation.field.mediator"), "choose")}
          >
            <Select
              loading={committees.isPending}
              options={(own?.mediators ?? []).map((m) => ({
                value: m.id,
                label: m.ruleOfLawLeader ? `${m.name} · ${t("mediation.ruleOfLawLeader")}` : m.name,
              }))}
            />
          </Form.Item>
          {text("note", "mediation.field.note", 2, true)}
        </>
      );
    }
    case "accept":
    case "archive":
      return text("note", "mediation.field.note", 2, true);
    case "decline":
    case "escalate":
      return text("reason", "mediation.field.reason", 3);
    case "record_session":
      return (
        <>
          <Form.Item
            name="heldAt"
            label={t("mediation.field.heldAt")}
            rules={need(t("mediation.field.heldAt"), "choose")}
          >
            <DatePicker
              showTime
              style={{ width: "100%" }}
              disabledDate={(d: Dayjs) => d.format("YYYY-MM-DD") > chinaDay()}
            />
          </Form.Item>
          {text("place", "mediation.field.sessionPlace")}
          {text("participants", "mediation.field.participants", 2)}
          {text("notes", "mediation.field.said", 5)}
          <Form.Item name="photos" label={t("work.field.photos")}>
            <PhotoUpload files={files} onChange={setFiles} />
          </Form.Item>
        </>
      );
    case "change_risk":
      return (
        <>
          <Form.Item
            name="riskLevel"
            label={t("mediation.field.risk")}
            rules={need(t("mediation.field.risk"), "choose")}
          >
            <Radio.Group
              options={Object.entries(RISK_KEYS)
                .filter(([value]) => value !== d.riskLevel)
                .map(([value, key]) => ({ value, label: t(key) }))}
            />
          </Form.Item>
          {text("reason", "mediation.field.riskReason", 3)}
        </>
      );
    case "extend":
      return (
        <>
          <Form.Item name="days" label={t("mediation.field.days")} rules={need(t("mediation.field.days"))}>
            <InputNumber min={1} max={30} style={{ width: "100%" }} />
          </Form.Item>
          {text("consent", "mediation.field.consent", 2)}
        </>
      );
    case "outcome": {
      const options = [
        ...(d.allowedActions.includes("settle")
          ? [
              { value: "written", label: t("mediation.outcome.written") },
              { value: "oral", label: t("mediation.outcome.oral") },
            ]
          : []),
        ...(d.allowedActions.includes("refer")
          ? [{ value: "not_settled", label: t("mediation.outcome.not_settled") }]
          : []),
      ];
      return (
        <>
          <Form.Item
            name="outcome"
            label={t("mediation.field.outcome")}
            rules={need(t("mediation.field.outcome"), "choose")}
          >
            <Radio.Group options={options} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a: FormValues, b: FormValues) => a.outcome !== b.outcome}>
            {(f: FormInstance) =>
              f.getFieldValue("outcome") === "not_settled" ? (
                <>
                  <Form.Item
                    name="channel"
                    label={t("mediation.field.channel")}
                    rules={need(t("mediation.field.channel"), "choose")}
                  >
                    <Select
                      options={Object.entries(CHANNEL_KEYS).map(([value, key]) => ({ value, label: t(key) }))}
                    />
                  </Form.Item>
                  {text("receivingBody", "mediation.field.receivingBody")}
                  {date("referredOn", "mediation.field.referredOn")}
                  {text("note", "mediation.field.note", 2, true)}
                </>
              ) : f.getFieldValue("outcome") ? (
                <>
                  {text("matters", "mediation.field.matters", 3)}
                  {text("agreed", "mediation.field.agreed", 3)}
                  {text("performanceManner", "mediation.field.performanceManner", 2)}
                  {date("performanceDueOn", "mediation.field.performanceDueOn", true, false)}
                </>
              ) : null
            }
          </Form.Item>
        </>
      );
    }
    case "record_follow_up":
      return (
        <>
          {date("followedOn", "mediation.field.followedOn")}
          <Form.Item
            name="performed"
            label={t("mediation.field.performed")}
            rules={need(t("mediation.field.performed"), "choose")}
          >
            <Radio.Group
              options={Object.entries(PERFORMED_KEYS).map(([value, key]) => ({ value, label: t(key) }))}
            />
          </Form.Item>
          {text("notes", "mediation.field.followUpNotes", 3, true)}
        </>
      );
    case "record_judicial_confirmation":
      return (
        <>
          {date("appliedOn", "mediation.field.appliedOn")}
          {text("court", "mediation.field.court")}
          <Form.Item name="decision" label={t("mediation.field.decision")}>
            <Select
              allowClear
              placeholder={t("mediation.decision.pending")}
              options={Object.entries(DECISION_KEYS).map(([value, key]) => ({ value, label: t(key) }))}
            />
          </Form.Item>
          {date("decidedOn", "mediation.field.decidedOn", true)}
        </>
      );
  }
}

/** The buttons of the forms offered now, and the open form's dialog. */
export function DisputeActions({ dispute: d }: { dispute: DisputeDetail }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<Step | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const offered = (f: Step) =>
    f === "outcome"
      ? d.allowedActions.includes("settle") || d.allowedActions.includes("refer")
      : d.allowedActions.includes(f);
  const buttons = BUTTONS.filter(offered);
  const initial: FormValues =
    open === "record_session"
      ? { heldAt: dayjs(chinaWallClock()) }
      : open === "record_follow_up"
        ? { followedOn: dayjs(chinaDay()) }
        : open === "outcome"
          ? { referredOn: dayjs(chinaDay()) }
          : {};
  const submit = async (values: FormValues) => {
    if (open === null) return null;
    const { action, body } = requestOf(open, values, files);
    return api(`/mediation/disputes/${d.id}/actions/${action}`, {
      method: "POST",
      body: { ...body, version: d.version },
    });
  };
  return (
    <div data-testid="dispute-actions">
      <Flex wrap gap={8}>
        {buttons.length === 0 && <span>{t("work.actions.none")}</span>}
        {buttons.map((f) => (
          <Button
            key={f}
            type={PRIMARY.has(f) ? "primary" : "default"}
            danger={f === "decline"}
            data-action={f}
            onClick={() => {
              setFiles([]);
              setOpen(f);
            }}
          >
            {t(LABEL[f])}
          </Button>
        ))}
      </Flex>
      <FormDialog
        open={open !== null}
        title={open === null ? "" : `${t(LABEL[open])} · ${d.number}`}
        name={`dispute-${open ?? "none"}`}
        initialValues={initial}
        submit={submit}
        invalidates={["/mediation/disputes"]}
        okText={t("work.form.submit")}
        confirm={open !== null && CONFIRM[open] ? t(CONFIRM[open], { number: d.number }) : undefined}
        fieldOf={fieldOf}
        onCancel={() => setOpen(null)}
        onDone={() => setOpen(null)}
      >
        {open !== null && <Fields form={open} d={d} files={files} setFiles={setFiles} />}
      </FormDialog>
    </div>
  );
}
