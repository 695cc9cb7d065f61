/** Pieces the grid pages share: colours that pass contrast outdoors, deadlines, photos. */
import { Button, Tag, type InputRef, type TextAreaRef } from "antd-mobile";
import { useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from "react";
import { Link } from "react-router";
import type { WorkListItem } from "../../shared/contracts.js";
import { useErrorText } from "../../shared/i18n/names.js";
import type { Lang } from "../../shared/i18n/setup.js";
import { useI18n, type MobileKey, type MobileT } from "../i18n/index.js";
import { currentOutcome, useOutbox, type SubmitOutcome } from "../offline/outbox.js";
import { scalePhoto } from "../shared/photo.js";
import { CameraIcon } from "./icons.js";
import { RequiredMark } from "../shared/RequiredMark.js";
import "./grid.css";

/**
 * antd-mobile's colours, darkened so text on white and white on colour reach WCAG AA (4.5:1)
 * in sunlight; set on the grid pages' root and inherited by every component inside.
 */
export const GRID_THEME = {
  "--adm-color-primary": "#0958d9",
  "--adm-color-success": "#237804",
  "--adm-color-warning": "#ad4e00",
  "--adm-color-danger": "#cf1322",
  "--adm-color-weak": "#595959",
  "--adm-color-light": "#595959",
  "--adm-font-size-main": "16px",
  fontSize: 16,
  // The padding the shell adds under its tab bar is inside the window's height, not below it.
  boxSizing: "border-box",
  minHeight: "100vh",
  background: "#f5f5f5",
} as CSSProperties;

export const DEADLINE_COLOURS = { ok: "#237804", warning: "#ad4e00", overdue: "#cf1322" } as const;

/** A tap target at least 48 px high, as wide as the screen. */
export const BIG: CSSProperties = { minHeight: 52, fontSize: 18 };

/** Re-renders every `ms` with the current time. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

/** "3 h 20 min" in the page's language, from whole minutes (≥ 0). */
export function formatDuration(t: MobileT, minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return t("grid.time.dh", { d: days, h: hours });
  if (hours > 0) return t("grid.time.hm", { h: hours, m: mins });
  return t("grid.time.m", { m: mins });
}

export type DeadlineState = WorkListItem["deadlineState"];
type DeadlineKind = NonNullable<WorkListItem["deadlineKind"]>;

const DEADLINE_WORDS = {
  response: { left: "grid.deadline.response.left", overdue: "grid.deadline.response.overdue" },
  handle: { left: "grid.deadline.handle.left", overdue: "grid.deadline.handle.overdue" },
} as const satisfies Record<DeadlineKind, { left: MobileKey; overdue: MobileKey }>;

/** The countdown to a deadline: "response due in 3 h 20 min" or "handling 2 h overdue". */
export function Countdown(props: {
  dueAt: string | null;
  kind: DeadlineKind | null;
  state: DeadlineState;
  now: number;
}) {
  const { t } = useI18n();
  if (!props.dueAt || !props.kind) return <span style={{ color: "#595959" }}>{t("grid.deadline.none")}</span>;
  const left = Math.round((new Date(props.dueAt).getTime() - props.now) / 60_000);
  const state: DeadlineState = left < 0 ? "overdue" : props.state === "overdue" ? "warning" : props.state;
  const text =
    left < 0
      ? t(DEADLINE_WORDS[props.kind].overdue, { time: formatDuration(t, -left) })
      : t(DEADLINE_WORDS[props.kind].left, { time: formatDuration(t, left) });
  return (
    <span style={{ color: DEADLINE_COLOURS[state], fontWeight: 600 }} data-deadline={state}>
      {text}
    </span>
  );
}

/** Date and time in the page's language, China time. */
export function formatTime(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleString(lang === "zh-CN" ? "zh-CN" : "en-GB", {
    timeZone: "Asia/Shanghai",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

export const MAX_PHOTOS = 9;

/**
 * Photos from the camera (or the gallery), scaled down on the phone as they are taken and kept
 * as Blobs: they go to the outbox, and are uploaded when the item is sent.
 */
export function PhotoPicker(props: { photos: Blob[]; onChange: (photos: Blob[]) => void; testId?: string }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const urls = useMemo(() => props.photos.map((p) => URL.createObjectURL(p)), [props.photos]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);

  const add = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setBusy(true);
    try {
      const room = MAX_PHOTOS - props.photos.length;
      const scaled = await Promise.all([...files].slice(0, room).map((f) => scalePhoto(f)));
      props.onChange([...props.photos, ...scaled]);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  };

  return (
    <div>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
        aria-hidden="true"
        tabIndex={-1}
        data-testid={props.testId ?? "photo-input"}
        onChange={(e) => void add(e.currentTarget.files)}
      />
      {urls.length > 0 && (
        <div style={{ display: "flex", flexWrap: "wrap", gap: 8, marginBottom: 8 }}>
          {urls.map((url, i) => (
            <div key={url} style={{ position: "relative" }}>
              <img
                src={url}
                alt={t("grid.photo.alt", { n: i + 1 })}
                style={{ width: 88, height: 88, objectFit: "cover", borderRadius: 8, display: "block" }}
              />
              <button
                type="button"
                onClick={() => props.onChange(props.photos.filter((_, j) => j !== i))}
                aria-label={t("grid.photo.remove", { n: i + 1 })}
                style={{
                  position: "absolute",
                  top: -6,
                  right: -6,
                  width: 32,
                  height: 32,
                  borderRadius: 16,
                  border: "none",
                  background: "#262626",
                  color: "#fff",
                  fontSize: 18,
                }}
              >
                ×
              </button>
            </div>
          ))}
        </div>
      )}
      <Button
        block
        style={BIG}
        loading={busy}
        disabled={props.photos.length >= MAX_PHOTOS}
        onClick={() => input.current?.click()}
      >
        <CameraIcon size={22} />{" "}
        {props.photos.length > 0 ? t("grid.photo.more", { n: props.photos.length }) : t("grid.photo.take")}
      </Button>
    </div>
  );
}

/** A page section on white with room to breathe. */
export function Section(props: { title?: string; children: ReactNode; style?: CSSProperties }) {
  return (
    <section style={{ background: "#fff", margin: "12px 0", padding: 16, ...props.style }}>
      {props.title && <h2 style={{ fontSize: 18, margin: "0 0 12px" }}>{props.title}</h2>}
      {props.children}
    </section>
  );
}

/**
 * antd-mobile's TextArea and Input put `aria-*` props on their wrapper div, where they are not
 * allowed; the required and invalid states belong on the field itself. Spread the result on the
 * TextArea (`useTextAreaAria`) or the Input (`useInputAria`).
 */
export function useTextAreaAria(required: boolean, invalid: boolean) {
  return useFieldAria<TextAreaRef>(required, invalid);
}
export function useInputAria(required: boolean, invalid: boolean) {
  return useFieldAria<InputRef>(required, invalid);
}
function useFieldAria<R extends { nativeElement: HTMLElement | null }>(required: boolean, invalid: boolean) {
  const ref = useRef<R>(null);
  useEffect(() => {
    const el = ref.current?.nativeElement;
    if (!el) return;
    el.toggleAttribute("aria-required", false);
    if (required) el.setAttribute("aria-required", "true");
    if (invalid) el.setAttribute("aria-invalid", "true");
    else el.removeAttribute("aria-invalid");
  });
  return { ref };
}

/** A list's mark for a subject with something in the outbox: waiting to be sent, or refused. */
export function OutboxTag(props: { state: "waiting" | "failed" | undefined }) {
  const { t } = useI18n();
  if (!props.state) return null;
  return (
    <Tag
      color={props.state === "failed" ? "danger" : "warning"}
      fill="outline"
      style={{ fontSize: 13, marginRight: 4 }}
    >
      {props.state === "failed" ? t("grid.outbox.refused") : t("grid.outbox.pendingTag")}
    </Tag>
  );
}

/** A form's problem (what to fill in, or why the server refused), read out when it appears. */
export function FormProblem({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <p role="alert" style={{ color: "#cf1322", fontWeight: 600 }}>
      {problem}
    </p>
  );
}

/**
 * What became of something just recorded (sent, kept on the phone to send later, refused), under
 * its form. It follows the item in the outbox: one kept on the phone and then sent when the
 * network came back says it was sent, and one the server then refused says so, and why, and
 * where what was written can still be copied; it is gone once the item is discarded.
 */
export function Outcome(props: { outcome: SubmitOutcome; sentText: string; testId: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const outbox = useOutbox();
  const outcome = currentOutcome(props.outcome, outbox);
  if (!outcome) return null;
  // Sent later, from the outbox: the page's own words may need the answer it did not have.
  const sentText = props.outcome.status === "sent" ? props.sentText : t("grid.outcome.sent");
  return (
    <div
      role="status"
      data-testid={props.testId}
      data-outcome={outcome.status}
      style={{
        margin: "8px 12px 0",
        padding: 12,
        borderRadius: 8,
        fontWeight: 600,
        background:
          outcome.status === "sent" ? "#f6ffed" : outcome.status === "waiting" ? "#fff7e6" : "#fff1f0",
        color: outcome.status === "sent" ? "#237804" : outcome.status === "waiting" ? "#873800" : "#cf1322",
      }}
    >
      {outcome.status === "sent"
        ? sentText
        : outcome.status === "waiting"
          ? t("grid.outcome.waiting")
          : t("grid.outcome.failed", { message: errorText(outcome.error) })}
      {outcome.status !== "sent" && (
        <Link to="/grid/outbox" style={{ display: "block", marginTop: 6, color: "#0958d9" }}>
          {outcome.status === "waiting" ? t("grid.outbox.open") : t("grid.outbox.openRefused")}
        </Link>
      )}
    </div>
  );
}

const FIELD_BOX: CSSProperties = {
  border: "1px solid #8c8c8c",
  borderRadius: 8,
  padding: "8px 10px",
  marginBottom: 12,
};
const FIELD_LABEL: CSSProperties = { display: "block", fontWeight: 600, marginBottom: 8 };

/**
 * A labelled, bordered box around one field of a grid phone form: a required one shows the mark
 * (the field itself carries `aria-required`), an invalid one a red border.
 */
export function FormField(props: {
  id: string;
  label: string;
  required?: boolean;
  invalid?: boolean;
  children: ReactNode;
}) {
  return (
    <>
      <label htmlFor={props.id} style={FIELD_LABEL}>
        {props.required && <RequiredMark />}
        {props.label}
      </label>
      <div style={props.invalid ? { ...FIELD_BOX, borderColor: "#cf1322", borderWidth: 2 } : FIELD_BOX}>
        {props.children}
      </div>
    </>
  );
}
