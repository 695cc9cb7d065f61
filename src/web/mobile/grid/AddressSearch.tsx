/**
 * The address search of the patrol form on the phone (GET /addresses/search, as the console's
 * intake desk uses it): typing asks, once the typing pauses, for the standard addresses (标准地址)
 * of the worker's scope, or, when none matches, for regions by name; tapping one hands it to the
 * form, which takes its address and point. A server read: offline it says so and the position
 * stays as it was. Names only: the whole address, the grid.
 */
import { Input } from "antd-mobile";
import { useEffect, useState } from "react";
import type { AddressHit, AddressSearchResult } from "../../shared/contracts.js";
import { useGet } from "../../shared/query.js";
import { useI18n } from "../i18n/index.js";
import { useOnline } from "../offline/online.js";

/** The text once the typing has paused (no request per keystroke). */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function AddressSearch({ onPick }: { onPick: (hit: AddressHit) => void }) {
  const { t } = useI18n();
  const online = useOnline();
  const [typed, setTyped] = useState("");
  const q = useSettled(typed.trim().slice(0, 100), 300);
  const found = useGet<AddressSearchResult>(q && online ? "/addresses/search" : null, { q });
  const hits = q && online ? (found.data?.items ?? []) : [];

  return (
    <div>
      <label htmlFor="patrol-address" style={{ display: "block", fontWeight: 600, marginBottom: 8 }}>
        {t("grid.patrol.address")}
      </label>
      <div style={{ border: "1px solid #8c8c8c", borderRadius: 8, padding: "8px 10px" }}>
        <Input
          id="patrol-address"
          type="search"
          value={typed}
          onChange={setTyped}
          maxLength={100}
          placeholder={t("grid.patrol.addressHint")}
          style={{ "--font-size": "17px" } as React.CSSProperties}
        />
      </div>
      {q && !online && (
        <p role="status" style={{ margin: "8px 0 0", color: "#595959" }}>
          {t("grid.patrol.addressOffline")}
        </p>
      )}
      {q && online && found.data && hits.length === 0 && (
        <p role="status" style={{ margin: "8px 0 0", color: "#595959" }}>
          {t("grid.patrol.addressNone")}
        </p>
      )}
      {hits.length > 0 && (
        <ul
          aria-label={t("grid.patrol.addressHits")}
          style={{ listStyle: "none", margin: "8px 0 0", padding: 0 }}
        >
          {hits.map((hit) => (
            <li key={hit.id}>
              <button
                type="button"
                data-testid="patrol-address-hit"
                onClick={() => {
                  setTyped("");
                  onPick(hit);
                }}
                style={{
                  display: "block",
                  width: "100%",
                  minHeight: 48,
                  textAlign: "left",
                  padding: "8px 4px",
                  border: 0,
                  borderBottom: "1px solid #f0f0f0",
                  background: "none",
                  fontSize: 16,
                  color: "#262626",
                }}
              >
                {hit.fullAddress}
                {(hit.grid || hit.kind === "region") && (
                  <span style={{ display: "block", fontSize: 14, color: "#595959" }}>
                    {hit.kind === "region"
                      ? t("grid.patrol.addressRegion")
                      : t("grid.patrol.addressGrid", { name: hit.grid?.name ?? "" })}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
