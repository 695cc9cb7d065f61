/**
 * A form in a dialog that writes to the server: it opens with its initial values, sends on OK,
 * shows the server's field errors (`details[].field`) at their fields and any other refusal above
 * the fields in the person's language, marks the reads it changed stale, and closes on success.
 * A move that cannot be undone passes `confirm`: the first OK checks the fields and shows that
 * warning, the second sends (any change to the fields asks again).
 */
import { Alert, Form, Modal, type FormInstance } from "antd";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useErrorText } from "../../shared/i18n/names.js";
import { useWrite } from "../../shared/query.js";
import { useI18n } from "../i18n/index.js";
import { applyFieldErrors } from "./formErrors.js";

export type FormValues = Record<string, unknown>;

export interface FormDialogProps<R> {
  open: boolean;
  title: string;
  /** The form's name: its fields' element ids are `<name>_<field>`. */
  name: string;
  initialValues?: FormValues;
  /** The write; its answer goes to `onDone`. */
  submit: (values: FormValues) => Promise<R>;
  /** The reads the write changes (paths, e.g. "/organisations"). */
  invalidates: readonly string[];
  onDone: (result: R) => void;
  onCancel: () => void;
  okText?: string;
  width?: number;
  /** A server field to the form's field, when they differ (null: not a field of this form). */
  fieldOf?: (field: string) => string | null;
  /** The warning a second OK confirms, for a write that cannot be undone. */
  confirm?: string;
  children: ReactNode | ((form: FormInstance) => ReactNode);
}

export function FormDialog<R>(props: FormDialogProps<R>) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const write = useWrite(props.submit, props.invalidates);
  const { open } = props;
  // The values to open with are read when the dialog opens, not on every render while it is open.
  const initial = useRef(props.initialValues);
  initial.current = props.initialValues;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (initial.current) form.setFieldsValue(initial.current);
    setError(undefined);
    setConfirming(false);
  }, [open, form]);

  const save = async () => {
    const values = (await form.validateFields()) as FormValues;
    setError(undefined);
    if (props.confirm !== undefined && !confirming) {
      setConfirming(true);
      return;
    }
    try {
      props.onDone(await write.mutateAsync(values));
    } catch (err) {
      if (!applyFieldErrors(form, err, props.fieldOf, errorText)) setError(err);
    }
  };

  return (
    <Modal
      open={open}
      title={props.title}
      onCancel={props.onCancel}
      onOk={() => void save().catch(() => undefined)}
      confirmLoading={write.isPending}
      okText={confirming ? t("work.confirm.ok") : (props.okText ?? t("admin.save"))}
      okButtonProps={{ danger: confirming }}
      width={props.width}
      forceRender
    >
      {error !== undefined && (
        <Alert type="error" showIcon role="alert" title={errorText(error)} style={{ marginBottom: 12 }} />
      )}
      <Form form={form} layout="vertical" name={props.name} onValuesChange={() => setConfirming(false)}>
        {typeof props.children === "function" ? props.children(form) : props.children}
      </Form>
      {confirming && (
        <Alert type="warning" showIcon role="alert" data-testid="form-confirm" title={props.confirm} />
      )}
    </Modal>
  );
}
