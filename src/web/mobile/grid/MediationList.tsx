/**
 * 调解: the disputes of the committees I mediate for, by deadline (the server's order: new ones
 * first, then the nearest time limit, then follow-ups), each opening its page. The list and the
 * pages of its first disputes are kept on the phone: offline they are the copies last loaded,
 * with the time they were saved, and a dispute with a record still waiting in the outbox is marked.
 * The shell offers the tab to mediators only; opened by its address, the page tells anyone else
 * who makes them a mediator.
 */
import { DotLoading, ErrorBlock, List, Tag } from "antd-mobile";
import { useNavigate } from "react-router";
import { ApiError } from "../../shared/api.js";
import { useErrorText } from "../../shared/i18n/names.js";
import { useI18n } from "../i18n/index.js";
import { itemsOf, outboxMarks, useOutbox } from "../offline/outbox.js";
import { useIdentity } from "./grid-session.js";
import { DISPUTE_STATUS_WORDS, timeLimitRuns, typeNameIn } from "./mediation-words.js";
import { useMyDisputes } from "./my-disputes.js";
import { DEADLINE_COLOURS, OutboxTag, Section, formatTime } from "./ui.js";

export default function MediationList() {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const identity = useIdentity();
  const outbox = useOutbox();
  const found = useMyDisputes(identity.userId);
  if (found.error && !found.data) {
    const offline = found.error instanceof ApiError && found.error.status === 0;
    return (
      <ErrorBlock
        status="default"
        title={t("state.error")}
        description={offline ? t("grid.offline.nothingKept") : errorText(found.error)}
      />
    );
  }
  if (!found.data) return <DotLoading />;
  const { items, isMediator } = found.data.data;
  const { savedAt } = found.data;
  const marks = outboxMarks(itemsOf(outbox, identity.userId), (i) => i.disputeNumber);
  return (
    <div data-testid="grid-mediation-list">
      {savedAt && (
        <p role="status" data-testid="saved-copy" style={{ margin: "8px 12px", color: "#595959" }}>
          {t("grid.savedCopy", { time: formatTime(savedAt, lang) })}
        </p>
      )}
      <Section title={t("grid.mediation.title")} style={{ margin: 0 }}>
        {!isMediator && <p style={{ margin: 0 }}>{t("grid.mediation.notMediator")}</p>}
        {isMediator && items.length === 0 && <p style={{ margin: 0 }}>{t("grid.mediation.empty")}</p>}
      </Section>
      {items.length > 0 && (
        <List>
          {items.map((d) => (
            <List.Item
              key={d.id}
              arrowIcon
              onClick={() => void navigate(`/grid/dispute/${encodeURIComponent(d.number)}`)}
              data-testid="grid-dispute-item"
              description={
                <span>
                  {t("disputes.number", { number: d.number })} · {d.regionName}
                  {d.dueAt && timeLimitRuns(d.status) && (
                    <>
                      <br />
                      <span
                        style={{ color: d.overdue ? DEADLINE_COLOURS.overdue : undefined, fontWeight: 600 }}
                      >
                        {d.overdue
                          ? t("grid.mediation.overdue")
                          : t("grid.mediation.due", { time: formatTime(d.dueAt, lang) })}
                      </span>
                    </>
                  )}
                </span>
              }
              extra={
                <>
                  <OutboxTag state={marks.get(d.number)} />
                  <Tag fill="outline">{t(DISPUTE_STATUS_WORDS[d.status])}</Tag>
                </>
              }
            >
              <span style={{ fontSize: 17, fontWeight: 600 }}>{typeNameIn(d, lang)}</span>
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
