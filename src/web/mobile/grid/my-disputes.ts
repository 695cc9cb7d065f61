/**
 * The disputes of the committees I mediate for (调解), and whether I mediate at all: one kept
 * query, shared by the shell (which offers the 调解 tab only to a mediator) and the tab's list,
 * so the answer the tab needs anyway decides the tab, and the list and the pages of its first
 * disputes are kept on the phone for offline use.
 */
import type { DisputeList } from "../../shared/contracts.js";
import { useKeptQuery } from "../offline/kept-query.js";
import { keepPages, loadWithSnapshot } from "../offline/snapshots.js";
import { snapshotKeys } from "./phone.js";

export function useMyDisputes(userId: string | undefined, options: { enabled?: boolean } = {}) {
  return useKeptQuery(
    ["disputes", userId],
    async () => {
      const id = userId ?? "";
      const loaded = await loadWithSnapshot<DisputeList>(snapshotKeys.disputes(id), "/mediation/disputes", {
        mine: "true",
        pageSize: 50,
      });
      if (loaded.savedAt === null) {
        void keepPages(loaded.data.items, (d) => ({
          key: snapshotKeys.dispute(id, d.number),
          path: `/mediation/disputes/${encodeURIComponent(d.number)}`,
        }));
      }
      return loaded;
    },
    { enabled: userId !== undefined && (options.enabled ?? true) },
  );
}
