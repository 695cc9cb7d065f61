/**
 * One dispute as a party sees it: the state in plain words, the committee, the dates, when and
 * where mediation took place, the agreement and its follow-up or the referral, and the progress.
 * Their own row carries their name; the other parties are named by role only (the server sends
 * no more).
 */
import { DotLoading } from "antd-mobile";
import { Link, useParams } from "react-router";
import { ApiError } from "../../shared/api.js";
import { useI18n } from "../i18n/index.js";
import { formatDay, inLang, useMyDispute, type OwnDispute } from "./disputes-api.js";
import { formatWhen } from "./plain-words.js";

function Dates({ d }: { d: OwnDispute }) {
  const { t, lang } = useI18n();
  const rows = [
    ["disputes.registered", d.registeredAt],
    ["disputes.accepted", d.acceptedAt],
    ["disputes.deadline", d.settledAt ? null : d.dueAt],
    ["disputes.settled", d.settledAt],
  ] as const;
  return (
    <dl className="mg-dates">
      {rows.map(([key, value]) =>
        value ? (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd>{formatDay(value, lang)}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}

function DisputeView({ d }: { d: OwnDispute }) {
  const { t, lang } = useI18n();
  const events = [...d.timeline].reverse();
  return (
    <>
      <section className="mg-card" aria-labelledby="dispute-title">
        <h2 id="dispute-title">{inLang(d.type, lang)}</h2>
        <p className="mg-status" data-testid="dispute-status">
          {inLang(d.statusText, lang)}
        </p>
        <p className="mg-muted">{t("disputes.number", { number: d.number })}</p>
        <h3>{t("disputes.committee")}</h3>
        <p data-testid="dispute-committee">{d.committeeName}</p>
        <h3>{t("disputes.dates")}</h3>
        <Dates d={d} />
      </section>

      <section className="mg-card" aria-labelledby="parties-title" data-testid="dispute-parties">
        <h3 id="parties-title">{t("disputes.parties")}</h3>
        <ul className="mg-list">
          {d.parties.map((p, i) => (
            <li key={i}>
              {p.mine && p.name !== null
                ? t("disputes.you", { role: inLang(p.role, lang), name: p.name })
                : t("disputes.otherParty", { role: inLang(p.role, lang) })}
            </li>
          ))}
        </ul>
      </section>

      <section className="mg-card" aria-labelledby="sessions-title">
        <h3 id="sessions-title">{t("disputes.sessions")}</h3>
        {d.sessions.length === 0 && <p className="mg-muted">{t("disputes.sessions.none")}</p>}
        {d.sessions.length > 0 && (
          <ul className="mg-list" data-testid="dispute-sessions">
            {d.sessions.map((s, i) => (
              <li key={i}>
                {formatWhen(s.heldAt, lang)} · {s.place}
              </li>
            ))}
          </ul>
        )}
      </section>

      {d.agreement && (
        <section className="mg-card" aria-labelledby="agreement-title" data-testid="dispute-agreement">
          <h3 id="agreement-title">{t("disputes.agreement")}</h3>
          <p>
            {t(d.agreement.written ? "disputes.agreement.written" : "disputes.agreement.oral", {
              date: formatDay(d.agreement.agreedAt, lang),
            })}
          </p>
          {d.agreement.performanceDueOn && (
            <p>{t("disputes.performanceDue", { date: formatDay(d.agreement.performanceDueOn, lang) })}</p>
          )}
          {d.followUpDueAt && <p>{t("disputes.followUpDue", { date: formatDay(d.followUpDueAt, lang) })}</p>}
        </section>
      )}

      {d.referral && (
        <section className="mg-card" aria-labelledby="referral-title" data-testid="dispute-referral">
          <h3 id="referral-title">{t("disputes.referral")}</h3>
          <p>
            {t("disputes.referralLine", {
              channel: inLang(d.referral.channel, lang),
              body: d.referral.receivingBody,
              date: formatDay(d.referral.referredOn, lang),
            })}
          </p>
        </section>
      )}

      <section className="mg-card" aria-labelledby="progress-title">
        <h3 id="progress-title">{t("disputes.timeline")}</h3>
        <ol className="mg-timeline" data-testid="dispute-timeline">
          {events.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <time dateTime={e.at}>{formatWhen(e.at, lang)}</time>
              <span>{inLang(e.text, lang)}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export default function MyDisputePage() {
  const { t } = useI18n();
  const { number = "" } = useParams();
  const found = useMyDispute(number);
  const back = (
    <p>
      <Link to="/disputes">{t("disputes.backToList")}</Link>
    </p>
  );
  if (found.error && !found.data) {
    const status = found.error instanceof ApiError ? found.error.status : null;
    return (
      <div data-testid="my-dispute-page">
        {back}
        <div className="mg-alert" role="alert">
          {status === 401 ? (
            <Link to="/signin">{t("my.signInAgain")}</Link>
          ) : status === 404 || status === 400 ? (
            t("disputes.notFound")
          ) : status === 403 ? (
            t("disputes.notPhone")
          ) : status === 0 ? (
            t("error.network")
          ) : (
            t("state.error")
          )}
        </div>
      </div>
    );
  }
  if (!found.data) return <DotLoading />;
  return (
    <div data-testid="my-dispute-page">
      {back}
      <DisputeView d={found.data} />
    </div>
  );
}
