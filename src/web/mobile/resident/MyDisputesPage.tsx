/**
 * "My mediation" (我的调解): the disputes the signed-in resident is a party to, found by the phone
 * they signed in with, newest first; each opens its progress.
 */
import { DotLoading } from "antd-mobile";
import { useEffect } from "react";
import { Link } from "react-router";
import { ApiError } from "../../shared/api.js";
import { useI18n } from "../i18n/index.js";
import { formatDay, inLang, useMyDisputes } from "./disputes-api.js";
import { setResidentSession, useResidentSession } from "./session.js";

export default function MyDisputesPage() {
  const { t, lang } = useI18n();
  const session = useResidentSession();
  const signedIn = session.status === "ready" ? session.session : null;
  const mine = useMyDisputes(signedIn !== null);
  const status = mine.error instanceof ApiError ? mine.error.status : null;
  useEffect(() => {
    if (status === 401) setResidentSession(null);
  }, [status]);
  const items = mine.data?.items ?? null;

  return (
    <section className="mg-card" aria-labelledby="disputes-title" data-testid="my-disputes">
      <h2 id="disputes-title">{t("disputes.title")}</h2>
      {session.status === "loading" && <DotLoading />}
      {session.status === "ready" && !signedIn && (
        <>
          <p className="mg-muted">{t("disputes.signInHint")}</p>
          <Link
            to="/signin"
            state={{ from: "/disputes" }}
            className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default"
          >
            {t("disputes.signIn")}
          </Link>
        </>
      )}
      {mine.error && status !== 401 && (
        <div className="mg-alert" role="alert">
          {status === 403 ? t("disputes.notPhone") : status === 0 ? t("error.network") : t("state.error")}
        </div>
      )}
      {signedIn && !items && !mine.error && <DotLoading />}
      {items && items.length === 0 && <p className="mg-muted">{t("disputes.none")}</p>}
      {items && items.length > 0 && (
        <ul className="mg-list">
          {items.map((d) => (
            <li key={d.number}>
              <Link to={`/disputes/${encodeURIComponent(d.number)}`} data-testid="my-dispute-link">
                <span className="mg-grow">
                  <strong>{inLang(d.type, lang)}</strong>
                  <br />
                  {inLang(d.statusText, lang)}
                  <br />
                  <span className="mg-muted">
                    {t("disputes.number", { number: d.number })} ·{" "}
                    {t("disputes.registeredOn", { date: formatDay(d.registeredAt, lang) })}
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
