/**
 * An outbox item the server refused, whatever page it is on: what the worker wrote, in full and
 * selectable, a button to copy it (so the notes of a session or visit that really took place can
 * go into a follow-up or a new record), and only then the button to discard it. Where the phone
 * does not let the page copy (no clipboard, or it is refused), the text is selected for the
 * worker's own long-press copy, and the page says so.
 */
import { Button } from "antd-mobile";
import { useRef, useState } from "react";
import { useLooseName } from "../../shared/i18n/names.js";
import { useI18n } from "../i18n/index.js";
import { discardOutboxItem, type OutboxItem } from "../offline/outbox.js";
import { outboxTitle, writtenText } from "./outbox-words.js";
import { BIG, formatTime } from "./ui.js";

/** The text of a refused item, as `RefusedItem` shows and copies it. */
export function useWrittenText(item: OutboxItem): string {
  const { t, lang } = useI18n();
  const looseName = useLooseName();
  const title = outboxTitle(item, t, (action) => looseName("caseAction", action));
  return writtenText(item, { t, title, time: (iso) => formatTime(iso, lang) });
}

export function RefusedItem(props: { item: OutboxItem }) {
  const { t } = useI18n();
  const { item } = props;
  const text = useWrittenText(item);
  const box = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<"no" | "yes" | "select">("no");
  const textId = `refused-text-${item.id}`;

  const copy = async () => {
    try {
      // Missing outside a secure context; refused when the phone does not allow it.
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      box.current?.focus();
      box.current?.select();
      setCopied("select");
    }
  };

  return (
    <div data-testid="outbox-refused">
      <p style={{ margin: "8px 0" }}>{t("grid.outbox.refusedKeep")}</p>
      <label htmlFor={textId} style={{ display: "block", fontWeight: 600, marginBottom: 4 }}>
        {t("grid.outbox.written")}
      </label>
      <textarea
        id={textId}
        ref={box}
        readOnly
        value={text}
        rows={Math.min(12, text.split("\n").length + 1)}
        data-testid="outbox-refused-text"
        style={{
          width: "100%",
          boxSizing: "border-box",
          fontSize: 16,
          fontFamily: "inherit",
          padding: 8,
          border: "1px solid #bfbfbf",
          borderRadius: 6,
          background: "#fafafa",
          color: "#1f1f1f",
          resize: "vertical",
        }}
      />
      <Button
        block
        color="primary"
        fill="outline"
        style={{ ...BIG, marginTop: 8 }}
        onClick={() => void copy()}
        data-testid="outbox-copy"
      >
        {t("grid.outbox.copy")}
      </Button>
      {copied !== "no" && (
        <p role="status" style={{ margin: "8px 0 0", color: copied === "yes" ? "#237804" : "#873800" }}>
          {copied === "yes" ? t("grid.outbox.copied") : t("grid.outbox.copyByHand")}
        </p>
      )}
      <Button block style={{ ...BIG, marginTop: 12 }} onClick={() => void discardOutboxItem(item.id)}>
        {t("grid.outbox.discard")}
      </Button>
    </div>
  );
}
