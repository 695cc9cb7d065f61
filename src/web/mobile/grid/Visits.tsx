/**
 * The grid worker's visits (走访): to visit (nearest deadline first, overdue marked), overdue, and
 * visited (the latest first), each with the person as the register shows them (masked numbers,
 * only the tags the role may see) and their home. Online it keeps the list and the pages of the
 * first visits to do on the phone, so a worker can record them where there is no signal.
 */
import { Button, DotLoading, ErrorBlock, PullToRefresh, Tabs, Tag } from "antd-mobile";
import { useState } from "react";
import { Link } from "react-router";
import { ApiError } from "../../shared/api.js";
import type { VisitList } from "../../shared/contracts.js";
import { useErrorText } from "../../shared/i18n/names.js";
import { useI18n } from "../i18n/index.js";
import { useKeptQuery } from "../offline/kept-query.js";
import { itemsOf, outboxMarks, useOutbox } from "../offline/outbox.js";
import { keepPages, loadWithSnapshot } from "../offline/snapshots.js";
import { useIdentity } from "./grid-session.js";
import { snapshotKeys } from "./phone.js";
import { BIG, formatTime, OutboxTag } from "./ui.js";
import { VISIT_LIST_WORDS, typeName } from "./visit-words.js";

const STATES = ["planned", "overdue", "done"] as const;
type ListState = (typeof STATES)[number];
export default function Visits() {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const identity = useIdentity();
  const outbox = useOutbox();
  const [state, setState] = useState<ListState>("planned");
  const list = useKeptQuery(["visits", identity.userId, state], async () => {
    const loaded = await loadWithSnapshot<VisitList>(snapshotKeys.visits(identity.userId, state), "/visits", {
      state,
      pageSize: 100,
    });
    if (loaded.savedAt === null && state !== "done") {
      void keepPages(loaded.data.items, (item) => ({
        key: snapshotKeys.visit(identity.userId, item.id),
        path: `/visits/${item.id}`,
      }));
    }
    return loaded;
  });
  const items = list.data?.data.items ?? null;
  const savedAt = list.data?.savedAt ?? null;
  const error = list.error;
  const nothingKept = error instanceof ApiError && error.status === 0;
  const marks = outboxMarks(itemsOf(outbox, identity.userId), (i) => i.visitId);

  return (
    <PullToRefresh
      onRefresh={async () => {
        await list.refetch();
      }}
      pullingText={t("grid.pull.pulling")}
      canReleaseText={t("grid.pull.release")}
      refreshingText={t("state.loading")}
      completeText={t("grid.pull.done")}
    >
      <div style={{ padding: "12px 12px 0" }} data-testid="visits">
        <h2 style={{ fontSize: 20, margin: "4px 4px 8px" }}>{t("grid.visits.title")}</h2>
        <Link
          to="/grid/homes"
          data-testid="homes-link"
          style={{ display: "block", margin: "0 4px 8px", padding: "10px 0", fontSize: 16 }}
        >
          {t("homes.link")}
        </Link>
        <Tabs activeKey={state} onChange={(k) => setState(k as ListState)}>
          {STATES.map((s) => (
            <Tabs.Tab key={s} title={t(VISIT_LIST_WORDS[s])} />
          ))}
        </Tabs>
        {savedAt && (
          <p role="status" data-testid="saved-copy" style={{ margin: "8px 4px", color: "#595959" }}>
            {t("grid.savedCopy", { time: formatTime(savedAt, lang) })}
          </p>
        )}
        {error && (
          <ErrorBlock
            status="disconnected"
            title={t("state.error")}
            description={nothingKept ? t("grid.offline.nothingKept") : errorText(error)}
          >
            <Button style={BIG} onClick={() => void list.refetch()}>
              {t("state.retry")}
            </Button>
          </ErrorBlock>
        )}
        {!items && !error && (
          <div style={{ padding: 48, textAlign: "center" }} role="status" aria-label={t("state.loading")}>
            <DotLoading />
          </div>
        )}
        {items && items.length === 0 && (
          <ErrorBlock status="empty" title={t("grid.visits.empty")} description="" />
        )}
        <ul style={{ listStyle: "none", margin: "8px 0 0", padding: 0 }}>
          {items?.map((item) => (
            <li key={item.id} style={{ marginBottom: 10 }}>
              <Link
                to={`/grid/visit/${item.id}`}
                state={{ item }}
                data-testid="visit-item"
                style={{
                  display: "block",
                  background: "#fff",
                  borderRadius: 12,
                  padding: 16,
                  color: "#262626",
                  textDecoration: "none",
                  borderLeft: `6px solid ${item.overdue ? "#cf1322" : item.status === "done" ? "#8c8c8c" : "#237804"}`,
                }}
              >
                <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
                  <strong style={{ fontSize: 18 }}>
                    {item.person?.name ?? t("grid.visits.hiddenPerson")}
                  </strong>
                  <Tag color="primary" fill="outline" style={{ fontSize: 13 }}>
                    {typeName(item.type, lang)}
                  </Tag>
                  {item.overdue && (
                    <Tag color="danger" style={{ fontSize: 13 }}>
                      {t("grid.visits.overdue")}
                    </Tag>
                  )}
                  <OutboxTag state={marks.get(item.id)} />
                </div>
                {item.person?.address && <p style={{ margin: "8px 0 4px" }}>{item.person.address}</p>}
                {item.person?.phone && (
                  <p style={{ margin: "0 0 4px", color: "#595959" }}>
                    {t("grid.visits.phone")} {item.person.phone}
                  </p>
                )}
                <p style={{ margin: 0, color: item.overdue ? "#cf1322" : "#595959" }}>
                  {item.visitedAt
                    ? t("grid.visits.visitedAt", { time: formatTime(item.visitedAt, lang) })
                    : t("grid.visits.due", { time: formatTime(item.dueAt, lang) })}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </PullToRefresh>
  );
}
