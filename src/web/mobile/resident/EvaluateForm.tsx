/** Rating a reply: resolved or not, how satisfied, and a comment. Native radios: big, labelled. */
import { Button } from "antd-mobile";
import { useState, type FormEvent } from "react";
import { ApiError } from "../../shared/api.js";
import { codesOf } from "../../shared/i18n/domain.js";
import { useErrorText, useNames } from "../../shared/i18n/names.js";
import { useI18n } from "../i18n/index.js";
import type { Evaluation, Satisfaction } from "./api.js";
import { RequiredMark } from "../shared/RequiredMark.js";

export function EvaluateForm({ onSubmit }: { onSubmit: (evaluation: Evaluation) => Promise<void> }) {
  const { t } = useI18n();
  const name = useNames();
  const errorText = useErrorText();
  const [resolved, setResolved] = useState<boolean | null>(null);
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [comment, setComment] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (resolved === null || satisfaction === null) {
      setError(t("evaluate.incomplete"));
      return;
    }
    setSending(true);
    setError(null);
    try {
      await onSubmit({ resolved, satisfaction, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 0 ? t("error.network.evaluate") : errorText(err));
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="mg-card" onSubmit={(e) => void submit(e)} data-testid="evaluate-form">
      <h2>{t("evaluate.title")}</h2>
      <fieldset className="mg-radios">
        <legend id="evaluate-resolved">
          <RequiredMark />
          {t("evaluate.resolved")}
        </legend>
        <div
          className="mg-radio-row"
          role="radiogroup"
          aria-labelledby="evaluate-resolved"
          aria-required="true"
        >
          {[true, false].map((value) => (
            <label key={String(value)}>
              <input
                type="radio"
                name="resolved"
                checked={resolved === value}
                onChange={() => setResolved(value)}
              />
              {t(value ? "evaluate.yes" : "evaluate.no")}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="mg-radios">
        <legend id="evaluate-satisfaction">
          <RequiredMark />
          {t("evaluate.satisfaction")}
        </legend>
        <div
          className="mg-radio-row"
          role="radiogroup"
          aria-labelledby="evaluate-satisfaction"
          aria-required="true"
        >
          {codesOf("satisfaction").map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="satisfaction"
                value={value}
                checked={satisfaction === value}
                onChange={() => setSatisfaction(value)}
              />
              {name("satisfaction", value)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="mg-field">
        <label htmlFor="evaluation-comment">{t("evaluate.comment")}</label>
        <textarea
          id="evaluation-comment"
          className="mg-textarea"
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      {error && (
        <div className="mg-alert" role="alert">
          {error}
        </div>
      )}
      <Button type="submit" color="primary" size="large" block loading={sending}>
        {t("evaluate.submit")}
      </Button>
    </form>
  );
}
