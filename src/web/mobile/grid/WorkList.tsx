/**
 * The grid's open cases, nearest deadline first, each with a live countdown. Online it also
 * keeps each case's page on the phone (the first 30), so a worker can act on them off the network.
 */
import { Button, DotLoading, ErrorBlock, PullToRefresh, Tag } from "antd-mobile";
import { Link } from "react-router";
import { ApiError } from "../../shared/api.js";
import type { WorkList as WorkListAnswer } from "../../shared/contracts.js";
import { useErrorText, useNames } from "../../shared/i18n/names.js";
import { useI18n } from "../i18n/index.js";
import { useKeptQuery } from "../offline/kept-query.js";
import { itemsOf, outboxMarks, useOutbox } from "../offline/outbox.js";
import { keepPages, loadWithSnapshot } from "../offline/snapshots.js";
import { gridSignOut, useIdentity } from "./grid-session.js";
import { snapshotKeys } from "./phone.js";
import { BIG, Countdown, formatTime, OutboxTag, useNow } from "./ui.js";

export default function WorkList() {
  const { t, lang } = useI18n();
  const name = useNames();
  const errorText = useErrorText();
  const identity = useIdentity();
  const outbox = useOutbox();
  const now = useNow();
  const list = useKeptQuery(["worklist", identity.userId], async () => {
    const loaded = await loadWithSnapshot<WorkListAnswer>(
      snapshotKeys.workList(identity.userId),
      "/worklist",
    );
    if (loaded.savedAt === null) {
      void keepPages(loaded.data.items, (item) => ({
        key: snapshotKeys.case(identity.userId, item.id),
        path: `/cases/${item.id}`,
      }));
    }
    return loaded;
  });
  const items = list.data?.data.items ?? null;
  const savedAt = list.data?.savedAt ?? null;
  const error = list.error;
  const nothingKept = error instanceof ApiError && error.status === 0;
  const load = async () => {
    await list.refetch();
  };

  const marks = outboxMarks(itemsOf(outbox, identity.userId), (i) => i.caseId);

  return (
    <PullToRefresh
      onRefresh={load}
      pullingText={t("grid.pull.pulling")}
      canReleaseText={t("grid.pull.release")}
      refreshingText={t("state.loading")}
      completeText={t("grid.pull.done")}
    >
      <div style={{ padding: "12px 12px 0" }} data-testid="worklist">
        <h2 style={{ fontSize: 20, margin: "4px 4px 8px" }}>{t("grid.worklist.title")}</h2>
        {savedAt && (
          <p role="status" data-testid="saved-copy" style={{ margin: "0 4px 8px", color: "#595959" }}>
            {t("grid.savedCopy", { time: formatTime(savedAt, lang) })}
          </p>
        )}
        {error && (
          <ErrorBlock
            status="disconnected"
            title={t("state.error")}
            description={nothingKept ? t("grid.offline.nothingKept") : errorText(error)}
          >
            <Button style={BIG} onClick={() => void load()}>
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
          <ErrorBlock
            status="empty"
            title={t("grid.worklist.empty")}
            description={t("grid.worklist.emptyHint")}
          />
        )}
        <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {items?.map((item) => (
            <li key={item.id} style={{ marginBottom: 10 }}>
              <Link
                to={`/grid/case/${item.id}`}
                state={{ item }}
                data-testid="worklist-item"
                data-number={item.number}
                style={{
                  display: "block",
                  background: "#fff",
                  borderRadius: 12,
                  padding: 16,
                  color: "#262626",
                  textDecoration: "none",
                  borderLeft: `6px solid ${item.deadlineState === "overdue" ? "#cf1322" : item.deadlineState === "warning" ? "#ad4e00" : "#237804"}`,
                }}
              >
                <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
                  <span style={{ fontFamily: "monospace", fontSize: 15 }}>{item.number}</span>
                  <Tag color="primary" fill="outline" style={{ fontSize: 13 }}>
                    {name("caseStatus", item.status)}
                  </Tag>
                  {item.urgent && (
                    <Tag color="danger" style={{ fontSize: 13 }}>
                      {t("grid.urgent")}
                    </Tag>
                  )}
                  <OutboxTag state={marks.get(item.id)} />
                </div>
                <p
                  style={{
                    margin: "8px 0",
                    fontSize: 17,
                    lineHeight: 1.4,
                    display: "-webkit-box",
                    WebkitLineClamp: 2,
                    WebkitBoxOrient: "vertical",
                    overflow: "hidden",
                  }}
                >
                  {item.description}
                </p>
                {item.address && <p style={{ margin: "0 0 6px", color: "#595959" }}>{item.address}</p>}
                <Countdown dueAt={item.dueAt} kind={item.deadlineKind} state={item.deadlineState} now={now} />
              </Link>
            </li>
          ))}
        </ul>
        <p style={{ textAlign: "center", color: "#595959", margin: "24px 0 8px" }}>
          {t("grid.signedInAs", { name: identity.displayName })}
        </p>
        <Button block fill="outline" style={{ ...BIG, marginBottom: 16 }} onClick={() => void gridSignOut()}>
          {t("grid.signOut")}
        </Button>
      </div>
    </PullToRefresh>
  );
}
