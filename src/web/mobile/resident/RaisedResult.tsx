/** After a 201: the tracking code, large, to copy and to keep on this phone; or the case number. */
import { Button } from "antd-mobile";
import { useState } from "react";
import { Link } from "react-router";
import { useI18n } from "../i18n/index.js";
import type { CaseCreated } from "./api.js";
import { copyText } from "./clipboard.js";
import { statusSentence } from "./plain-words.js";
import { isCodeSaved, saveCode } from "./storage.js";

export function RaisedResult({
  created,
  category,
  onAnother,
}: {
  created: CaseCreated;
  category: string | null;
  onAnother: () => void;
}) {
  const { t, lang } = useI18n();
  const code = created.trackingCode;
  const [saved, setSaved] = useState(() => (code ? isCodeSaved(code) : false));
  // Said in the page, not a toast: antd-mobile's imperative Toast needs ReactDOM.render (gone in React 19).
  const [copied, setCopied] = useState<boolean | null>(null);

  return (
    <section className="mg-card" data-testid="raised" aria-labelledby="raised-title">
      <h2 id="raised-title">{t("raised.title")}</h2>
      <p>{t("raised.number", { number: created.number })}</p>
      <p className="mg-muted" data-testid="raised-status">
        {statusSentence(created, lang)}
      </p>
      {code ? (
        <>
          <p>{t("raised.keepCode")}</p>
          <output className="mg-code" data-testid="tracking-code" aria-label={t("raised.code")}>
            {code}
          </output>
          <div className="mg-actions">
            <Button size="large" onClick={() => void copyText(code).then(setCopied)} data-testid="copy-code">
              {t("raised.copy")}
            </Button>
            <Button
              size="large"
              color="primary"
              disabled={saved}
              onClick={() => {
                saveCode({ code, number: created.number, category, savedAt: new Date().toISOString() });
                setSaved(true);
              }}
              data-testid="save-code"
            >
              {saved ? t("raised.saved") : t("raised.save")}
            </Button>
          </div>
          <p className="mg-muted" aria-live="polite" data-testid="copy-state">
            {copied === null ? "" : t(copied ? "raised.copied" : "raised.copyFailed")}
          </p>
          <p className="mg-muted">{t("raised.codeHint")}</p>
          <p>
            <Link to={`/track/${encodeURIComponent(code)}`}>{t("raised.follow")}</Link>
          </p>
        </>
      ) : (
        <p>
          <Link to="/my">{t("raised.followMine")}</Link>
        </p>
      )}
      <Button block fill="outline" onClick={onAnother} style={{ marginTop: 12 }}>
        {t("raised.another")}
      </Button>
    </section>
  );
}
