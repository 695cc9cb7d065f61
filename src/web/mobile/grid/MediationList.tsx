/**
 * 调解: the disputes of the committees I mediate for, by deadline (the server's order: new ones
 * first, then the nearest time limit, then follow-ups), each opening its page.
 */
import { DotLoading, ErrorBlock, List, Tag } from "antd-mobile";
import { useNavigate } from "react-router";
import { ApiError } from "../../shared/api.js";
import type { DisputeList } from "../../shared/contracts.js";
import { useGet } from "../../shared/query.js";
import { useI18n } from "../i18n/index.js";
import { DISPUTE_STATUS_WORDS } from "./mediation-words.js";
import { DEADLINE_COLOURS, Section, formatTime } from "./ui.js";

export default function MediationList() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const found = useGet<DisputeList>("/mediation/disputes", { mine: "true", pageSize: 50 });
  if (found.error && !found.data) {
    const network = found.error instanceof ApiError && found.error.status === 0;
    return <ErrorBlock status="default" title={t(network ? "error.network" : "state.error")} />;
  }
  if (!found.data) return <DotLoading />;
  const { items, isMediator } = found.data;
  return (
    <div data-testid="grid-mediation-list">
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
                  {d.dueAt && (
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
              extra={<Tag fill="outline">{t(DISPUTE_STATUS_WORDS[d.status])}</Tag>}
            >
              <span style={{ fontSize: 17, fontWeight: 600 }}>{d.typeName}</span>
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
