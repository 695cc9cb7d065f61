/**
 * Every lifecycle action the case's state allows this person (the server's `allowedActions`),
 * each as a button opening its form. A refused write is shown where it belongs: field errors at
 * their field, a 409 (someone acted first) as the case's new state, anything else as a message.
 */
import { Alert, Button, Flex, Form, Input, InputNumber, Modal, Radio, Select, type UploadFile } from "antd";
import { useEffect, useState } from "react";
import type { CaseAction, CaseDetail, DispatchOptions, OrganisationList } from "../../../shared/contracts.js";
import { codesOf } from "../../../shared/i18n/domain.js";
import { useErrorText, useNames } from "../../../shared/i18n/names.js";
import { useGet } from "../../../shared/query.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import { PhotoUpload, photoIds } from "../../components/PhotoUpload.js";
import { useRequired } from "../../components/required.js";
import { conflictOf, formFieldErrors, useCaseAction, type Conflict } from "./data.js";
import { CannedReplies } from "./CannedReplies.js";
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
] as const satisfies readonly CaseAction[];
export type PanelAction = (typeof PANEL_ACTIONS)[number];

const PRIMARY = new Set<CaseAction>(["dispatch", "respond", "reply", "verify", "supervisor_decide"]);
const DANGER = new Set<CaseAction>(["reject", "send_back"]);
/** Moves that take the case away or end it: confirmed in a second step that names where it goes. */
const CONFIRM_KEY = {
  escalate: "work.confirm.escalate",
  send_back: "work.confirm.send_back",
  reject: "work.confirm.reject",
} as const satisfies Partial<Record<PanelAction, ConsoleKey>>;
const CONFIRMED = new Set<PanelAction>(Object.keys(CONFIRM_KEY) as PanelAction[]);

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
  escalate: ["reason"],
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
  extension,
}: {
  target: ActionTarget;
  action: PanelAction;
  detail?: CaseDetail;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
  onConflict: (c: Conflict) => void;
  initial?: Record<string, unknown>;
  /** The extension request to decide, when opened from a list that knows it (no case detail). */
  extension?: { id: string; unitName: string; extraHours: number; reason: string };
}) {
  const { t } = useI18n();
  const name = useNames();
  const errorText = useErrorText();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [confirming, setConfirming] = useState(false);
  const run = useCaseAction();
  const dispatching = action === "dispatch" || action === "redispatch";
  const options = useGet<DispatchOptions>(
    open && dispatching ? `/cases/${target.id}/dispatch-options` : null,
  );
  const departments = useGet<OrganisationList>(open && action === "whistle" ? "/organisations" : null, {
    kind: "department",
    pageSize: 200,
  });
  const suggested = options.data?.suggested?.id;
  useEffect(() => {
    if (suggested && !form.getFieldValue("orgId")) form.setFieldValue("orgId", suggested);
  }, [suggested, form]);
  const loadError = options.error ?? departments.error;

  const submit = async (values: Record<string, unknown>) => {
    setError(undefined);
    try {
      const body: Record<string, unknown> = { ...values, version: target.version };
      if (action === "reply") {
        body.attachmentIds = photoIds(files);
      }
      await run.mutateAsync({ caseId: target.id, action, body });
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
      const fields = formFieldErrors(err, FIELDS[action], errorText);
      // A field's message shows at the field; anything else above the buttons.
      if (fields.length > 0) form.setFields(fields);
      else setError(err);
    }
  };

  const pendingExtensions = detail?.extensions.filter((x) => x.decision === null) ?? [];
  const unitOptions = (options.data?.units ?? []).map((u) => ({
    value: u.id,
    label: `${u.name}${suggested === u.id ? ` · ${t("work.dispatch.suggested")}` : ""}`,
  }));
  const need = useRequired();
  const moveTo =
    action === "escalate"
      ? (detail?.moveTargets.escalate ?? null)
      : action === "send_back"
        ? (detail?.moveTargets.sendBack ?? null)
        : null;
  const ok = () => {
    if (!CONFIRMED.has(action) || confirming) {
      form.submit();
      return;
    }
    // Field errors show at their fields; the confirmation comes once the form is complete.
    form.validateFields().then(
      () => setConfirming(true),
      () => setConfirming(false),
    );
  };

  return (
    <Modal
      open={open}
      title={`${name("caseAction", action)} · ${target.number}`}
      onCancel={onClose}
      okText={confirming ? t("work.confirm.ok") : t("work.form.submit")}
      okButtonProps={{ danger: confirming }}
      cancelText={t("work.form.cancel")}
      confirmLoading={run.isPending}
      onOk={ok}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={initial}
        name={`action-${action}`}
        onValuesChange={() => setConfirming(false)}
      >
        {detail && (action === "escalate" || action === "send_back") && (
          <Alert
            type={moveTo ? "info" : "warning"}
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="move-target"
            title={
              moveTo
                ? t(action === "escalate" ? "work.move.escalateTo" : "work.move.sendBackTo", {
                    unit: moveTo.name,
                  })
                : t("work.move.noTarget")
            }
          />
        )}
        {(action === "dispatch" || action === "redispatch") && (
          <Form.Item name="orgId" label={t("work.field.unit")} rules={need(t("work.field.unit"), "choose")}>
            <Select
              showSearch={{ optionFilterProp: "label" }}
              options={unitOptions}
              loading={options.isPending}
              aria-label={t("work.field.unit")}
            />
          </Form.Item>
        )}
        {action === "respond" && (
          <Form.Item
            name="contactMethod"
            label={t("work.field.contactMethod")}
            rules={need(t("work.field.contactMethod"), "choose")}
          >
            <Radio.Group
              options={codesOf("contactMethod").map((m) => ({ value: m, label: name("contactMethod", m) }))}
            />
          </Form.Item>
        )}
        {action === "reply" && (
          <>
            <CannedReplies
              action="reply"
              field="result"
              form={form}
              categoryCode={detail?.category?.code ?? null}
              unitId={detail?.assignedUnit?.id ?? null}
            />
            <Form.Item
              name="result"
              label={t("work.field.result")}
              rules={need(t("work.field.result"), "text")}
            >
              <Input.TextArea rows={4} />
            </Form.Item>
            <Form.Item name="attachmentIds" label={t("work.field.photos")}>
              <PhotoUpload files={files} onChange={setFiles} />
            </Form.Item>
          </>
        )}
        {action === "verify" && (
          <Form.Item
            name="passed"
            label={t("work.field.passed")}
            rules={need(t("work.field.passed"), "choose")}
          >
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
            <Form.Item
              name="extraHours"
              label={t("work.field.extraHours")}
              rules={need(t("work.field.extraHours"))}
            >
              <InputNumber min={1} max={720} style={{ width: "100%" }} />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t("work.field.reason")}
              rules={need(t("work.field.reason"), "text")}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        )}
        {action === "whistle" && (
          <>
            <Form.Item
              name="orgIds"
              label={t("work.field.departments")}
              rules={need(t("work.field.departments"), "choose")}
            >
              <Select
                mode="multiple"
                showSearch={{ optionFilterProp: "label" }}
                loading={departments.isPending}
                options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
            <Form.Item name="reportWithinHours" label={t("work.field.reportWithinHours")}>
              <InputNumber min={1} max={720} style={{ width: "100%" }} />
            </Form.Item>
          </>
        )}
        {(action === "send_back" || action === "escalate") && (
          <Form.Item
            name="reason"
            label={t("work.field.reason")}
            rules={need(t("work.field.reason"), "text")}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {action === "merge" && (
          <Form.Item
            name="intoCaseId"
            label={t("work.field.intoCase")}
            rules={need(t("work.field.intoCase"), "choose")}
          >
            <Select
              showSearch
              options={(detail?.possibleDuplicates ?? []).map((d) => ({ value: d.number, label: d.number }))}
              notFoundContent={t("work.merge.noneSuggested")}
            />
          </Form.Item>
        )}
        {action === "reject" && (
          <Form.Item
            name="reason"
            label={t("work.field.rejectReason")}
            rules={need(t("work.field.rejectReason"), "choose")}
          >
            <Select
              options={codesOf("rejectReason").map((r) => ({ value: r, label: name("rejectReason", r) }))}
            />
          </Form.Item>
        )}
        {action === "decide_extension" && (
          <>
            <Form.Item
              name="extensionId"
              label={t("work.field.extension")}
              rules={need(t("work.field.extension"), "choose")}
            >
              <Select
                options={[
                  ...pendingExtensions.map((x) => ({
                    value: x.id,
                    label: `${x.unit?.name ?? ""} +${x.extraHours}h · ${x.reason}`,
                  })),
                  ...(extension && !pendingExtensions.some((x) => x.id === extension.id)
                    ? [
                        {
                          value: extension.id,
                          label: `${extension.unitName} +${extension.extraHours}h · ${extension.reason}`,
                        },
                      ]
                    : []),
                ]}
              />
            </Form.Item>
            <Form.Item
              name="decision"
              label={t("work.field.decision")}
              rules={need(t("work.field.decision"), "choose")}
            >
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
          <Form.Item
            name="decision"
            label={t("work.field.decision")}
            rules={need(t("work.field.decision"), "choose")}
          >
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
            <Form.Item
              name="resolved"
              label={t("work.field.resolved")}
              rules={need(t("work.field.resolved"), "choose")}
            >
              <Radio.Group
                options={[
                  { value: true, label: t("work.yes") },
                  { value: false, label: t("work.no") },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="satisfaction"
              label={t("work.field.satisfaction")}
              rules={need(t("work.field.satisfaction"), "choose")}
            >
              <Radio.Group
                options={codesOf("satisfaction").map((v) => ({ value: v, label: name("satisfaction", v) }))}
              />
            </Form.Item>
            <Form.Item name="comment" label={t("work.field.comment")}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {action === "respond" && (
          <CannedReplies
            action="respond"
            field="note"
            form={form}
            categoryCode={detail?.category?.code ?? null}
            unitId={detail?.assignedUnit?.id ?? null}
          />
        )}
        {FIELDS[action].includes("note") && (
          <Form.Item name="note" label={t("work.field.note")}>
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
        {confirming && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            data-testid="move-confirm"
            title={t(CONFIRM_KEY[action as "escalate" | "send_back" | "reject"], {
              number: target.number,
              unit: moveTo?.name ?? "",
            })}
          />
        )}
        {(error !== undefined || loadError) && (
          <div role="alert" style={{ color: "#cf1322" }}>
            {errorText(error ?? loadError)}
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
  /** After a success or a 409 (the case's reads are already marked stale). */
  onChanged?: () => void;
  /** Restrict to these actions (e.g. the dispatch drawer). */
  only?: readonly string[];
}) {
  const { t } = useI18n();
  const name = useNames();
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
            {name("caseAction", a)}
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
            onChanged?.();
          }}
          onConflict={(c) => {
            setConflict(c);
            onChanged?.();
          }}
        />
      )}
    </div>
  );
}
