/**
 * The grid's open cases, nearest deadline first, each with a live countdown. Online it also
 * keeps each case's page on the phone (the first 30), so a worker can act on them off the network.
 */
import { Button, DotLoading, ErrorBlock, PullToRefresh, Tag } from "antd-mobile";
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { ApiError, api } from "../../shared/api.js";
import { useI18n } from "../i18n/index.js";
import { useOnline } from "../offline/online.js";
import { itemsOf, useOutbox } from "../offline/outbox.js";
import { loadWithSnapshot, readSnapshot, saveSnapshot } from "../offline/snapshots.js";
import { gridSignOut, useIdentity } from "./grid-session.js";
import { snapshotKeys, type CaseDetail, type WorkListItem } from "./types.js";
import { BIG, NOTHING_KEPT, Countdown, formatTime, useNow } from "./ui.js";

const PREFETCH = 30;

/** Keeps the pages of the listed cases on the phone, skipping those already kept at this version. */
async function keepCasePages(userId: string, items: WorkListItem[]): Promise<void> {
  for (const item of items.slice(0, PREFETCH)) {
    if (!navigator.onLine) return;
    const key = snapshotKeys.case(userId, item.id);
    const kept = await readSnapshot<CaseDetail>(key);
    if (kept && kept.value.version === item.version) continue;
    try {
      await saveSnapshot(key, await api<CaseDetail>(`/cases/${item.id}`));
    } catch (err) {
      if (err instanceof ApiError) return;
      throw err;
    }
  }
}

export default function WorkList() {
  const { t, lang } = useI18n();
  const identity = useIdentity();
  const online = useOnline();
  const outbox = useOutbox();
  const now = useNow();
  const [items, setItems] = useState<WorkListItem[] | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const loaded = await loadWithSnapshot<{ items: WorkListItem[] }>(
        snapshotKeys.workList(identity.userId),
        "/worklist",
      );
      setItems(loaded.data.items);
      setSavedAt(loaded.savedAt);
      setError(null);
      if (loaded.savedAt === null) void keepCasePages(identity.userId, loaded.data.items);
    } catch (err) {
      // A code, not words: `t` changes with every render and must not re-create `load`.
      setError(err instanceof ApiError && err.status === 0 ? NOTHING_KEPT : String((err as Error).message));
    }
  }, [identity.userId]);

  useEffect(() => {
    void load();
  }, [load, online]);

  const pending = new Set(itemsOf(outbox, identity.userId).map((i) => i.caseId));

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
            description={error === NOTHING_KEPT ? t("grid.offline.nothingKept") : error}
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
                    {t(`grid.status.${item.status}`)}
                  </Tag>
                  {item.urgent && (
                    <Tag color="danger" style={{ fontSize: 13 }}>
                      {t("grid.urgent")}
                    </Tag>
                  )}
                  {pending.has(item.id) && (
                    <Tag color="warning" fill="outline" style={{ fontSize: 13 }}>
                      {t("grid.outbox.pendingTag")}
                    </Tag>
                  )}
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
