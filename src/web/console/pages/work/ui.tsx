/** Small pieces the work pages share: load states, status tags, the deadline countdown, the 409 notice. */
import { Alert, Button, Empty, Result, Spin, Tag } from "antd";
import { useEffect, useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import type { CaseStatus } from "../../../shared/contracts.js";
import { useErrorText, useNames } from "../../../shared/i18n/names.js";
import type { Lang } from "../../../shared/i18n/setup.js";
import { useI18n } from "../../i18n/index.js";
import type { Conflict } from "./data.js";
import { usePunctuation } from "../../../shared/i18n/punctuation.js";

/** Loading, error (with retry) and empty states around a page's content. */
export function LoadState({
  loading,
  error,
  empty,
  reload,
  children,
}: {
  loading: boolean;
  error: Error | null | undefined;
  empty?: boolean;
  reload?: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  if (error) {
    return (
      <Result
        status="warning"
        title={t("state.error")}
        subTitle={errorText(error)}
        extra={reload ? <Button onClick={reload}>{t("state.retry")}</Button> : undefined}
      />
    );
  }
  if (loading && empty !== false)
    return (
      <div style={{ padding: 32, textAlign: "center" }}>
        <Spin description={t("state.loading")}>
          <div style={{ minHeight: 40 }} />
        </Spin>
      </div>
    );
  if (empty) return <Empty description={t("state.empty")} />;
  return <>{children}</>;
}

/** Text, background and border of a tag: dark text on a light tint (WCAG AA 4.5:1 at 12 px). */
type Tone = [string, string, string];
const TONES = {
  gold: ["#7c4a03", "#fffbe6", "#ffe58f"],
  blue: ["#003eb3", "#e6f4ff", "#91caff"],
  geekblue: ["#10239e", "#f0f5ff", "#adc6ff"],
  cyan: ["#00474f", "#e6fffb", "#87e8de"],
  magenta: ["#780650", "#fff0f6", "#ffadd2"],
  green: ["#135200", "#f6ffed", "#b7eb8f"],
  grey: ["#262626", "#fafafa", "#d9d9d9"],
  purple: ["#22075e", "#f9f0ff", "#d3adf7"],
  red: ["#a8071a", "#fff1f0", "#ffa39e"],
  orange: ["#873800", "#fff7e6", "#ffd591"],
  overdue: ["#ffffff", "#a8071a", "#a8071a"],
} satisfies Record<string, Tone>;
export type ToneName = keyof typeof TONES;

/** A tag in one of the contrast-safe tones (antd's preset colours fall short of AA on white). */
export function ToneTag({
  tone,
  children,
  ...rest
}: {
  tone: ToneName;
  children: ReactNode;
  [data: `data-${string}`]: string;
}) {
  const [color, background, borderColor] = TONES[tone];
  return (
    <Tag style={{ color, background, borderColor }} {...rest}>
      {children}
    </Tag>
  );
}

const STATUS_TONES: Record<CaseStatus, ToneName> = {
  triage: "gold",
  dispatched: "blue",
  handling: "geekblue",
  replied: "cyan",
  supervisor_review: "magenta",
  closed: "green",
  rejected: "grey",
  merged: "purple",
};

export function StatusTag({ status }: { status: CaseStatus }) {
  const name = useNames();
  return (
    <ToneTag tone={STATUS_TONES[status]} data-status={status}>
      {name("caseStatus", status)}
    </ToneTag>
  );
}

/** Re-renders every `ms` milliseconds (the countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export type DeadlineColour = "green" | "amber" | "red" | "overdue";

/**
 * Where a deadline stands: overdue once passed; red in its last hour (or the last tenth of
 * its window); amber when the scheduler warned or half the window is gone; green otherwise.
 */
export function deadlineColour(
  dueAt: number,
  createdAt: number,
  now: number,
  warned: boolean,
): DeadlineColour {
  const left = dueAt - now;
  if (left < 0) return "overdue";
  const window = Math.max(1, dueAt - createdAt);
  if (left <= 3_600_000 || left <= window * 0.1) return "red";
  if (warned || left <= window * 0.5) return "amber";
  return "green";
}

const COLOUR_STYLE: Record<DeadlineColour, { color: string; background: string; border: string }> = {
  green: { color: "#135200", background: "#f6ffed", border: "#b7eb8f" },
  amber: { color: "#613400", background: "#fff7e6", border: "#ffc069" },
  red: { color: "#a8071a", background: "#fff1f0", border: "#ff7875" },
  overdue: { color: "#ffffff", background: "#a8071a", border: "#a8071a" },
};

/** "2天3小时", "45分12秒": the time left (or past) in words. */
export function formatSpan(ms: number, lang: Lang): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const units = lang === "zh-CN" ? ["天", "小时", "分", "秒"] : ["d ", "h ", "m ", "s"];
  if (d > 0) return `${d}${units[0]}${h}${units[1]}`.trim();
  if (h > 0) return `${h}${units[1]}${m}${units[2]}`.trim();
  return `${m}${units[2]}${s}${units[3]}`.trim();
}

/** A live countdown to `dueAt`, coloured green / amber / red / overdue. */
export function Countdown({
  dueAt,
  createdAt,
  warned = false,
}: {
  dueAt: string | null;
  createdAt: string;
  warned?: boolean;
}) {
  const { t, lang } = useI18n();
  const now = useNow(1000);
  if (!dueAt) return <span>—</span>;
  const due = Date.parse(dueAt);
  const colour = deadlineColour(due, Date.parse(createdAt), now, warned);
  const style = COLOUR_STYLE[colour];
  const span = formatSpan(due - now, lang);
  return (
    <span
      data-testid="countdown"
      data-colour={colour}
      style={{
        ...style,
        border: `1px solid ${style.border}`,
        borderRadius: 4,
        padding: "1px 8px",
        whiteSpace: "nowrap",
        fontVariantNumeric: "tabular-nums",
      }}
    >
      {colour === "overdue" ? t("work.deadline.overdueBy", { span }) : t("work.deadline.left", { span })}
    </span>
  );
}

/** A 409: someone acted first. Shows the case's new state and what it allows now. */
export function ConflictAlert({ conflict, onClose }: { conflict: Conflict; onClose?: () => void }) {
  const { t } = useI18n();
  const punct = usePunctuation();
  const name = useNames();
  const errorText = useErrorText();
  // The state's actions a person can take (the scheduler's deadline marks are not among them).
  const shown = conflict.allowedActions.filter((a) => !a.startsWith("deadline_"));
  return (
    <Alert
      type="warning"
      showIcon
      closable={onClose ? { onClose } : undefined}
      data-testid="conflict"
      style={{ marginBottom: 16 }}
      title={t("work.conflict.title", { status: name("caseStatus", conflict.status) })}
      description={
        <>
          <div>{errorText(conflict.error)}</div>
          <div>
            {t("work.conflict.allowed")}{" "}
            {shown.length === 0
              ? t("work.conflict.none")
              : punct.list(shown.map((a) => name("caseAction", a)))}
          </div>
        </>
      }
    />
  );
}

/**
 * A list narrowed by the address (a count of the home page opened it: `?view=overdue`): says
 * what is shown, and its close button drops the narrowing from the address.
 */
export function NarrowedTag({ param, label }: { param: string; label: string | null }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  if (label === null) return null;
  return (
    <Tag
      closable
      data-testid="narrowed"
      style={{ marginBottom: 12, fontSize: 14, padding: "2px 8px" }}
      closeIcon={<span aria-label={t("home.narrowed.clear")}>×</span>}
      onClose={() => {
        const next = new URLSearchParams(params);
        next.delete(param);
        setParams(next, { replace: true });
      }}
    >
      {t("home.narrowed", { what: label })}
    </Tag>
  );
}
