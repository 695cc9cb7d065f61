/**
 * Every lifecycle action the case's state allows this person (the server's `allowedActions`),
 * each as a button opening its form. A refused write is shown where it belongs: field errors at
 * their field, a 409 (someone acted first) as the case's new state, anything else as a message.
 */
import { Button, Flex, Form, Input, InputNumber, Modal, Radio, Select, Upload, type UploadFile } from "antd";
import { useState } from "react";
import { api, ApiError } from "../../../shared/api.js";
import { useI18n } from "../../i18n/index.js";
import { conflictOf, formFieldErrors, runAction } from "./data.js";
import type { CaseDetail, Conflict, DispatchOptions } from "./types.js";
import { ConflictAlert } from "./ui.js";

/** The actions this panel has a form for, in the order their buttons appear. */
export const PANEL_ACTIONS = [
  "dispatch",
  "redispatch",
  "respond",
  "reply",
  "verify",
  "request_extension",
  "whistle",
  "report",
  "escalate",
  "send_back",
  "merge",
  "reject",
  "decide_extension",
  "supervisor_decide",
  "evaluate",
  "close",
  "urge",
] as const;
export type PanelAction = (typeof PANEL_ACTIONS)[number];

const PRIMARY = new Set<string>(["dispatch", "respond", "reply", "verify", "supervisor_decide"]);
const DANGER = new Set<string>(["reject", "send_back"]);

/** The form fields of each action: what the server reads from its body. */
const FIELDS: Record<PanelAction, string[]> = {
  dispatch: ["orgId", "note"],
  redispatch: ["orgId", "note"],
  respond: ["contactMethod", "note"],
  reply: ["result", "attachmentIds"],
  verify: ["passed", "note"],
  request_extension: ["extraHours", "reason"],
  whistle: ["orgIds", "reportWithinHours", "note"],
  report: ["note"],
  escalate: ["note"],
  send_back: ["reason"],
  merge: ["intoCaseId", "note"],
  reject: ["reason", "note"],
  decide_extension: ["extensionId", "decision", "note"],
  supervisor_decide: ["decision", "note"],
  evaluate: ["resolved", "satisfaction", "comment"],
  close: ["note"],
  urge: ["note"],
};

export interface ActionTarget {
  id: string;
  number: string;
  version: number;
}

/** One action's form in a dialog. Resolves `onDone` after success; shows 409s via `onConflict`. */
export function ActionDialog({
  target,
  action,
  detail,
  open,
  onClose,
  onDone,
  onConflict,
  initial,
}: {
  target: ActionTarget;
  action: PanelAction;
  detail?: CaseDetail;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
  onConflict: (c: Conflict) => void;
  initial?: Record<string, unknown>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [options, setOptions] = useState<DispatchOptions>();
  const [departments, setDepartments] = useState<{ id: string; name: string }[]>();

  const afterOpen = (visible: boolean) => {
    if (!visible) return;
    if ((action === "dispatch" || action === "redispatch") && !options) {
      void api<DispatchOptions>(`/cases/${target.id}/dispatch-options`)
        .then((o) => {
          setOptions(o);
          if (o.suggested && !form.getFieldValue("orgId")) form.setFieldValue("orgId", o.suggested.id);
        })
        .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
    }
    if (action === "whistle" && !departments) {
      void api<{ items: { id: string; name: string }[] }>("/organisations", {
        query: { kind: "department", pageSize: 200 },
      })
        .then((r) => setDepartments(r.items))
        .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
    }
  };

  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      const body: Record<string, unknown> = { ...values, version: target.version };
      // An empty required text goes as "" so the server names the field ("result is required").
      for (const name of ["result", "reason"]) {
        if (FIELDS[action].includes(name) && body[name] === undefined) body[name] = "";
      }
      if (action === "reply") {
        body.attachmentIds = files
          .map((f) => (f.response as { id?: string } | undefined)?.id)
          .filter((id): id is string => typeof id === "string");
      }
      await runAction(target.id, action, body);
      form.resetFields();
      setFiles([]);
      onDone();
    } catch (err) {
      const conflict = conflictOf(err);
      if (conflict) {
        onConflict(conflict);
        onClose();
        return;
      }
      const fields = formFieldErrors(err, FIELDS[action]);
      // A field's message shows at the field; anything else above the buttons.
      if (fields.length > 0) form.setFields(fields);
      else setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const pendingExtensions = detail?.extensions.filter((x) => x.decision === null) ?? [];
  const unitOptions = (options?.units ?? []).map((u) => ({
    value: u.id,
    label: `${u.name}${options?.suggested?.id === u.id ? ` · ${t("work.dispatch.suggested")}` : ""}`,
  }));
  const required = [{ required: true, message: t("work.form.required") }];

  return (
    <Modal
      open={open}
      title={`${t(`work.action.${action}`)} · ${target.number}`}
      onCancel={onClose}
      afterOpenChange={afterOpen}
      okText={t("work.form.submit")}
      cancelText={t("work.form.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={initial}
        name={`action-${action}`}
        requiredMark={false}
      >
        {(action === "dispatch" || action === "redispatch") && (
          <Form.Item name="orgId" label={t("work.field.unit")} rules={required}>
            <Select
              showSearch={{ optionFilterProp: "label" }}
              options={unitOptions}
              loading={!options}
              aria-label={t("work.field.unit")}
            />
          </Form.Item>
        )}
        {action === "respond" && (
          <Form.Item name="contactMethod" label={t("work.field.contactMethod")} rules={required}>
            <Radio.Group
              options={["phone", "visit", "sms", "other"].map((m) => ({
                value: m,
                label: t(`work.contact.${m}`),
              }))}
            />
          </Form.Item>
        )}
        {action === "reply" && (
          <>
            <Form.Item name="result" label={t("work.field.result")}>
              <Input.TextArea rows={4} />
            </Form.Item>
            <Form.Item name="attachmentIds" label={t("work.field.photos")}>
              <Upload
                listType="picture-card"
                accept="image/jpeg,image/png,image/webp"
                fileList={files}
                onChange={({ fileList }) => setFiles(fileList)}
                customRequest={({ file, onSuccess, onError }) => {
                  const data = new FormData();
                  data.append("file", file as Blob);
                  api<{ id: string }>("/attachments", { method: "POST", body: data })
                    .then((r) => onSuccess?.(r))
                    .catch((err: unknown) => onError?.(err as Error));
                }}
              >
                {files.length < 9 && <span>{t("work.field.addPhoto")}</span>}
              </Upload>
            </Form.Item>
          </>
        )}
        {action === "verify" && (
          <Form.Item name="passed" label={t("work.field.passed")} rules={required}>
            <Radio.Group
              options={[
                { value: true, label: t("work.verify.passed") },
                { value: false, label: t("work.verify.failed") },
              ]}
            />
          </Form.Item>
        )}
        {action === "request_extension" && (
          <>
            <Form.Item name="extraHours" label={t("work.field.extraHours")} rules={required}>
              <InputNumber min={1} max={720} style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item name="reason" label={t("work.field.reason")}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        )}
        {action === "whistle" && (
          <>
            <Form.Item name="orgIds" label={t("work.field.departments")} rules={required}>
              <Select
                mode="multiple"
                showSearch={{ optionFilterProp: "label" }}
                loading={!departments}
                options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
            <Form.Item name="reportWithinHours" label={t("work.field.reportWithinHours")}>
              <InputNumber min={1} max={720} style={{ width: "100%" }} />
            </Form.Item>
          </>
        )}
        {action === "send_back" && (
          <Form.Item name="reason" label={t("work.field.reason")}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {action === "merge" && (
          <Form.Item name="intoCaseId" label={t("work.field.intoCase")} rules={required}>
            <Select
              showSearch
              options={(detail?.possibleDuplicates ?? []).map((d) => ({ value: d.number, label: d.number }))}
              notFoundContent={t("work.merge.noneSuggested")}
            />
          </Form.Item>
        )}
        {action === "reject" && (
          <Form.Item name="reason" label={t("work.field.rejectReason")} rules={required}>
            <Select
              options={["in_court", "redirect_110", "duplicate", "out_of_scope", "other"].map((r) => ({
                value: r,
                label: t(`work.reject.${r}`),
              }))}
            />
          </Form.Item>
        )}
        {action === "decide_extension" && (
          <>
            <Form.Item name="extensionId" label={t("work.field.extension")} rules={required}>
              <Select
                options={pendingExtensions.map((x) => ({
                  value: x.id,
                  label: `${x.unit?.name ?? ""} +${x.extraHours}h · ${x.reason}`,
                }))}
              />
            </Form.Item>
            <Form.Item name="decision" label={t("work.field.decision")} rules={required}>
              <Radio.Group
                options={[
                  { value: "approved", label: t("work.extension.approve") },
                  { value: "denied", label: t("work.extension.deny") },
                ]}
              />
            </Form.Item>
          </>
        )}
        {action === "supervisor_decide" && (
          <Form.Item name="decision" label={t("work.field.decision")} rules={required}>
            <Radio.Group
              options={[
                { value: "reopen", label: t("work.review.reopen") },
                { value: "close", label: t("work.review.close") },
              ]}
            />
          </Form.Item>
        )}
        {action === "evaluate" && (
          <>
            <Form.Item name="resolved" label={t("work.field.resolved")} rules={required}>
              <Radio.Group
                options={[
                  { value: true, label: t("work.yes") },
                  { value: false, label: t("work.no") },
                ]}
              />
            </Form.Item>
            <Form.Item name="satisfaction" label={t("work.field.satisfaction")} rules={required}>
              <Radio.Group
                options={["satisfied", "basically_satisfied", "unsatisfied"].map((s) => ({
                  value: s,
                  label: t(`work.satisfaction.${s}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="comment" label={t("work.field.comment")}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {FIELDS[action].includes("note") && (
          <Form.Item name="note" label={t("work.field.note")}>
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
        {error && (
          <div role="alert" style={{ color: "#cf1322" }}>
            {error}
          </div>
        )}
      </Form>
    </Modal>
  );
}

/** The buttons of every action allowed now, and the 409 notice when someone acted first. */
export default function ActionPanel({
  detail,
  onChanged,
  only,
}: {
  detail: CaseDetail;
  /** Reload the case (after success and after a 409). */
  onChanged: () => void;
  /** Restrict to these actions (e.g. the dispatch drawer). */
  only?: readonly string[];
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState<PanelAction>();
  const [conflict, setConflict] = useState<Conflict>();
  const actions = PANEL_ACTIONS.filter(
    (a) => detail.allowedActions.includes(a) && (!only || only.includes(a)),
  ).filter((a) => a !== "decide_extension" || detail.extensions.some((x) => x.decision === null));
  const target = { id: detail.id, number: detail.number, version: detail.version };
  return (
    <div data-testid="action-panel">
      {conflict && <ConflictAlert conflict={conflict} onClose={() => setConflict(undefined)} />}
      <Flex wrap gap={8}>
        {actions.length === 0 && <span>{t("work.actions.none")}</span>}
        {actions.map((a) => (
          <Button
            key={a}
            type={PRIMARY.has(a) ? "primary" : "default"}
            danger={DANGER.has(a)}
            onClick={() => setOpen(a)}
            data-action={a}
          >
            {t(`work.action.${a}`)}
          </Button>
        ))}
      </Flex>
      {open && (
        <ActionDialog
          key={`${open}-${detail.version}`}
          target={target}
          action={open}
          detail={detail}
          open
          onClose={() => setOpen(undefined)}
          onDone={() => {
            setOpen(undefined);
            setConflict(undefined);
            onChanged();
          }}
          onConflict={(c) => {
            setConflict(c);
            onChanged();
          }}
        />
      )}
    </div>
  );
}
