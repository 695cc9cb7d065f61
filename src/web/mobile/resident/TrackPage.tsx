/** Follow an appeal by its tracking code, and rate the reply when it comes. */
import { Button, DotLoading } from "antd-mobile";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { ApiError } from "../../shared/api.js";
import type { Translate } from "../../shared/i18n.js";
import { useI18n } from "../i18n/index.js";
import { evaluateByCode, trackAppeal, type TrackingView } from "./api.js";
import { EvaluateForm } from "./EvaluateForm.js";
import { isCodeSaved, saveCode } from "./storage.js";
import { TrackingCard } from "./TrackingCard.js";

type Load =
  | { status: "idle" | "loading" }
  | { status: "ok"; view: TrackingView }
  | { status: "error"; error: ApiError };

/** Codes are shown grouped (ABCD-EFGH-JK); people type them with spaces, dashes, lower case. */
function normaliseCode(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, "");
}

/** A wrong code is the common case: say so plainly, naming the code as typed. */
function errorText(error: ApiError, code: string, t: Translate): string {
  if (error.status === 404 || error.status === 400) return t("track.notFound", { code });
  if (error.status === 0) return t("error.network");
  if (error.status === 429) return t("error.tooMany");
  return error.message || t("state.error");
}

export default function TrackPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const params = useParams();
  const code = params.code ? normaliseCode(params.code) : null;
  const [typed, setTyped] = useState(code ?? "");
  const [load, setLoad] = useState<Load>({ status: "idle" });
  const [saved, setSaved] = useState(false);

  const fetchView = useCallback(() => {
    if (!code) return;
    setLoad({ status: "loading" });
    setSaved(isCodeSaved(code));
    trackAppeal(code).then(
      (view) => setLoad({ status: "ok", view }),
      (err: unknown) =>
        setLoad({
          status: "error",
          error: err instanceof ApiError ? err : new ApiError(0, "network", String(err)),
        }),
    );
  }, [code]);
  useEffect(fetchView, [fetchView]);

  function lookUp(event: FormEvent) {
    event.preventDefault();
    const wanted = normaliseCode(typed);
    if (wanted) void navigate(`/track/${encodeURIComponent(wanted)}`);
  }

  return (
    <div data-testid="track-page">
      <form className="mg-card" onSubmit={lookUp} role="search">
        <h2>{t("track.title")}</h2>
        <div className="mg-field">
          <label htmlFor="tracking-code">{t("track.codeLabel")}</label>
          <input
            id="tracking-code"
            className="mg-input"
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            maxLength={40}
            value={typed}
            placeholder="ABCD-EFGH-JK"
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <Button type="submit" color="primary" size="large" block>
          {t("track.lookUp")}
        </Button>
      </form>
      {load.status === "loading" && <DotLoading />}
      {load.status === "error" && (
        <div className="mg-alert" role="alert" data-testid="track-error">
          {errorText(load.error, code ?? "", t)}
        </div>
      )}
      {load.status === "ok" && code && (
        <>
          <TrackingCard view={load.view} />
          {!saved && (
            <Button
              block
              fill="outline"
              style={{ marginBottom: 12 }}
              onClick={() => {
                saveCode({
                  code,
                  number: load.view.number,
                  category: load.view.category?.name ?? null,
                  savedAt: new Date().toISOString(),
                });
                setSaved(true);
              }}
            >
              {t("raised.save")}
            </Button>
          )}
          {load.view.status === "replied" && !load.view.evaluation && (
            <EvaluateForm
              onSubmit={async (evaluation) => {
                const view = await evaluateByCode(code, evaluation);
                setLoad({ status: "ok", view });
              }}
            />
          )}
        </>
      )}
    </div>
  );
}
