import { describe, expect, it } from "vitest";
import {
  MAX_SAVED_FILTERS,
  deleteSavedFilter,
  readSavedFilters,
  saveFilter,
  storageKey,
} from "./savedFilters.js";

/** localStorage's interface over a Map. */
function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, v),
  };
}

describe("saved case filters", () => {
  it("keep categories, places and dates per user, never the phone or the tracking code", () => {
    const storage = memoryStorage();
    saveFilter(storage, "u1", {
      name: "  超期环卫 ",
      filters: { category: "sanitation.garbage", overdue: "true", status: "dispatched,handling" },
    });
    // A caller's phone and a tracking code typed into the search are dropped on saving.
    saveFilter(storage, "u1", {
      name: "来电",
      filters: { q: "油烟", phone: "13812345678", trackingCode: "ABCD-EFGH", page: "3" } as never,
    });
    expect(readSavedFilters(storage, "u1")).toEqual([
      { name: "来电", filters: { q: "油烟" } },
      {
        name: "超期环卫",
        filters: { category: "sanitation.garbage", overdue: "true", status: "dispatched,handling" },
      },
    ]);
    expect(storage.getItem(storageKey("u1"))).not.toContain("13812345678");
    expect(readSavedFilters(storage, "u2")).toEqual([]);
  });

  it("replace by name, delete, hold at most the limit, and survive damaged storage", () => {
    const storage = memoryStorage();
    for (let i = 0; i < MAX_SAVED_FILTERS + 3; i++)
      saveFilter(storage, "u", { name: `f${i}`, filters: { q: `${i}` } });
    const all = readSavedFilters(storage, "u");
    expect(all).toHaveLength(MAX_SAVED_FILTERS);
    expect(all[0]).toEqual({ name: `f${MAX_SAVED_FILTERS + 2}`, filters: { q: `${MAX_SAVED_FILTERS + 2}` } });
    saveFilter(storage, "u", { name: "f5", filters: { region: "131002" } });
    expect(readSavedFilters(storage, "u").filter((f) => f.name === "f5")).toEqual([
      { name: "f5", filters: { region: "131002" } },
    ]);
    expect(deleteSavedFilter(storage, "u", "f5").some((f) => f.name === "f5")).toBe(false);
    storage.setItem(storageKey("bad"), "{not json");
    expect(readSavedFilters(storage, "bad")).toEqual([]);
    storage.setItem(
      storageKey("odd"),
      JSON.stringify([{ name: 1 }, { name: "ok", filters: { q: 2, address: "幸福路" } }]),
    );
    expect(readSavedFilters(storage, "odd")).toEqual([{ name: "ok", filters: { address: "幸福路" } }]);
  });
});
