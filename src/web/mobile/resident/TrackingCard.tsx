/** One appeal as its reporter sees it: status, the timeline in plain words, the reply, the rating. */
import { useNames, useLocalName } from "../../shared/i18n/names.js";
import { useI18n } from "../i18n/index.js";
import type { TrackingView } from "./api.js";
import { eventSentence, formatWhen, statusSentence } from "./plain-words.js";

export function TrackingCard({ view }: { view: TrackingView }) {
  const { t, lang } = useI18n();
  const localName = useLocalName();
  const name = useNames();
  const events = [...view.timeline].reverse();
  return (
    <section className="mg-card" data-testid="tracking-view" aria-labelledby="tracking-title">
      <h2 id="tracking-title">{t("track.number", { number: view.number })}</h2>
      <p className="mg-status" data-testid="tracking-status">
        {statusSentence(view, lang)}
      </p>
      <p className="mg-muted">
        {[view.category ? localName(view.category) : null, view.region.name, formatWhen(view.createdAt, lang)]
          .filter(Boolean)
          .join(" · ")}
      </p>
      {view.mergedInto && (
        <p className="mg-alert mg-info">{t("track.merged", { number: view.mergedInto.number })}</p>
      )}
      {view.evaluation && (
        <p className="mg-alert mg-success" data-testid="tracking-evaluation">
          {t("track.evaluated", {
            resolved: t(view.evaluation.resolved ? "evaluate.yes" : "evaluate.no"),
            satisfaction: view.evaluation.satisfaction
              ? name("satisfaction", view.evaluation.satisfaction)
              : "",
          })}
        </p>
      )}
      <h3>{t("track.timeline")}</h3>
      <ol className="mg-timeline">
        {events.map((event, i) => (
          <li key={`${event.at}-${i}`}>
            <time dateTime={event.at}>{formatWhen(event.at, lang)}</time>
            <span>{eventSentence(event, lang)}</span>
            {event.reply && (
              <div className="mg-reply">
                <strong>{t("track.reply")}</strong> {event.reply}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
