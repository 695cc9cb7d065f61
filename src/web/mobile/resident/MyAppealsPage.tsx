/**
 * "My appeals": the tracking codes kept on this phone, and for a resident signed in with their
 * phone, the appeals they raised and the notifications about them.
 */
import { Button, DotLoading } from "antd-mobile";
import { useEffect, useState } from "react";
import { Link, useLocation } from "react-router";
import { ApiError } from "../../shared/api.js";
import { useI18n } from "../i18n/index.js";
import { markNotificationRead, useMyCases, useNotifications } from "./api.js";
import { useMyDisputes } from "./disputes-api.js";
import { RESIDENT_STATUS, formatWhen } from "./plain-words.js";
import { setResidentSession, signOutResident, useResidentSession } from "./session.js";
import { forgetCode, loadSavedCodes } from "./storage.js";
import { useLocalName, useNames } from "../../shared/i18n/names.js";
import { residentNotificationText } from "./notification-text.js";

function SignedIn() {
  const { t, lang } = useI18n();
  const localName = useLocalName();
  const name = useNames();
  const mine = useMyCases();
  const notifications = useNotifications();
  const cases = mine.data?.items ?? null;
  const notes = notifications.data?.items ?? [];
  const expired = mine.error instanceof ApiError && mine.error.status === 401;
  const error =
    mine.error && !expired
      ? mine.error instanceof ApiError && mine.error.status === 0
        ? "network"
        : "other"
      : null;
  useEffect(() => {
    if (expired) setResidentSession(null);
  }, [expired]);

  return (
    <>
      {notes.length > 0 && (
        <section className="mg-card" aria-labelledby="notes-title" data-testid="notifications">
          <h2 id="notes-title">{t("my.notifications")}</h2>
          <ul className="mg-list">
            {notes.map((n) => {
              // In the reader's language from the kind and its facts; the stored text otherwise.
              const words = residentNotificationText(t, name, lang, n);
              return (
                <li key={n.id} data-testid="notification">
                  <Link
                    to={n.caseId ? `/my/cases/${n.caseId}` : "/my"}
                    className={n.readAt ? "" : "mg-unread"}
                    onClick={() => {
                      if (!n.readAt) void markNotificationRead(n.id).catch(() => undefined);
                    }}
                  >
                    <span className="mg-grow">
                      <span data-testid="notification-title">{words.title ?? n.title}</span>
                      <br />
                      <span className="mg-muted">
                        <span data-testid="notification-text">{words.text}</span>
                        {words.note && (
                          <>
                            <br />
                            <span data-testid="notification-note">{words.note}</span>
                          </>
                        )}
                        {" · "}
                        {formatWhen(n.createdAt, lang)}
                      </span>
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <section className="mg-card" aria-labelledby="mine-title" data-testid="my-cases">
        <h2 id="mine-title">{t("my.cases")}</h2>
        {error && (
          <div className="mg-alert" role="alert">
            {t(error === "network" ? "error.network" : "state.error")}
          </div>
        )}
        {!cases && !error && <DotLoading />}
        {cases && cases.length === 0 && <p className="mg-muted">{t("my.none")}</p>}
        {cases && cases.length > 0 && (
          <ul className="mg-list">
            {cases.map((c) => (
              <li key={c.id}>
                <Link to={`/my/cases/${c.id}`}>
                  <span className="mg-grow">
                    {c.category ? localName(c.category) : t("my.noCategory")} · {t(RESIDENT_STATUS[c.status])}
                    <br />
                    <span className="mg-muted">
                      {c.number} · {formatWhen(c.createdAt, lang)}
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export default function MyAppealsPage() {
  const { t, lang } = useI18n();
  const session = useResidentSession();
  const [codes, setCodes] = useState(loadSavedCodes);
  const signedIn = session.status === "ready" ? session.session : null;
  const linked = (useLocation().state as { linkedAppeals?: unknown } | null)?.linkedAppeals;
  // A party to disputes sees them named at the top of the page they land on, one tap away.
  const disputes = useMyDisputes(signedIn?.phoneProven === true).data?.items.length ?? 0;

  return (
    <div data-testid="my-page">
      {signedIn && disputes > 0 && (
        <Link
          to="/disputes"
          className="mg-card"
          data-testid="my-disputes-card"
          style={{ display: "block", fontSize: "1.15em", fontWeight: 600 }}
        >
          {t("disputes.onMyPage", { n: disputes })}
        </Link>
      )}
      {signedIn && typeof linked === "number" && linked > 0 && (
        <div className="mg-card" role="status" data-testid="linked-appeals">
          {t("my.linked", { n: linked })}
        </div>
      )}
      <section className="mg-card" aria-labelledby="account-title">
        <h2 id="account-title">{t("my.title")}</h2>
        {session.status === "loading" && <DotLoading />}
        {session.status === "ready" && signedIn && (
          <div className="mg-row" style={{ display: "flex", alignItems: "center", gap: 8 }}>
            <span className="mg-grow" data-testid="resident-name" style={{ flex: 1 }}>
              {t("my.signedIn", { name: signedIn.user.displayName })}
            </span>
            <Button size="small" onClick={() => void signOutResident()}>
              {t("my.signOut")}
            </Button>
          </div>
        )}
        {session.status === "ready" && signedIn && (
          <p>
            <Link to="/my/data" data-testid="my-data-link">
              {t("mydata.link")}
            </Link>
          </p>
        )}
        {session.status === "ready" && !signedIn && (
          <>
            <p className="mg-muted">{t("my.signInHint")}</p>
            <Link
              to="/signin"
              className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default"
            >
              {t("my.signIn")}
            </Link>
          </>
        )}
      </section>

      {signedIn && <SignedIn />}

      <section className="mg-card" aria-labelledby="codes-title" data-testid="saved-codes">
        <h2 id="codes-title">{t("my.codes")}</h2>
        {codes.length === 0 && <p className="mg-muted">{t("my.codes.none")}</p>}
        {codes.length > 0 && (
          <ul className="mg-list">
            {codes.map((c) => (
              <li key={c.code}>
                <div className="mg-row">
                  <Link to={`/track/${encodeURIComponent(c.code)}`} className="mg-grow">
                    <span>
                      <strong style={{ fontFamily: "monospace", fontSize: "1.1em" }}>{c.code}</strong>
                      <br />
                      <span className="mg-muted">
                        {[c.category, c.number, formatWhen(c.savedAt, lang)].filter(Boolean).join(" · ")}
                      </span>
                    </span>
                  </Link>
                  <Button
                    size="small"
                    fill="none"
                    aria-label={t("my.codes.forget", { code: c.code })}
                    onClick={() => {
                      forgetCode(c.code);
                      setCodes(loadSavedCodes());
                    }}
                  >
                    ×
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/track">{t("raise.haveCode")}</Link>
        </p>
      </section>
    </div>
  );
}
