/**
 * The address search box of the intake desk and triage: typing (two characters are enough) asks
 * the server for standard addresses (标准地址) in the person's scope, or, when none matches, for
 * regions by name; choosing one hands the place to the form (`onPick`), which fills the address,
 * the region and the point as picking on the map does. Names only: the whole address, the
 * community (village) and the grid.
 */
import { Select, Spin, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import type { AddressHit, AddressSearchResult } from "../../shared/contracts.js";
import { useGet } from "../../shared/query.js";
import { useI18n } from "../i18n/index.js";

/** The query once the typing has paused (no request per keystroke). */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export interface AddressSearchProps {
  id?: string;
  onPick: (hit: AddressHit) => void;
  disabled?: boolean;
  style?: React.CSSProperties;
}

export function AddressSearch({ id, onPick, disabled, style }: AddressSearchProps) {
  const { t } = useI18n();
  const [typed, setTyped] = useState("");
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const q = useSettled(typed.trim().slice(0, 100), 300);
  const found = useGet<AddressSearchResult>(q ? "/addresses/search" : null, { q });
  // The hit chosen stays listed (its label shown in the box) while the next search runs.
  const [picked, setPicked] = useState<AddressHit | null>(null);
  const hits = useMemo(() => {
    const items = found.data?.items ?? [];
    return picked && !items.some((h) => h.id === picked.id) ? [picked, ...items] : items;
  }, [found.data, picked]);
  const source = found.data?.source;

  const detail = (hit: AddressHit): string =>
    [
      hit.kind === "region" ? t("maps.addressSearch.region") : null,
      hit.grid ? t("maps.addressSearch.grid", { name: hit.grid.name }) : null,
      hit.point ? null : t("maps.addressSearch.noPoint"),
    ]
      .filter(Boolean)
      .join(" · ");

  return (
    <Select<string>
      id={id}
      data-testid="address-search"
      aria-label={t("maps.addressSearch.label")}
      placeholder={t("maps.addressSearch.placeholder")}
      disabled={disabled}
      allowClear
      style={style}
      value={chosen}
      showSearch={{
        filterOption: false,
        searchValue: typed,
        autoClearSearchValue: false,
        onSearch: setTyped,
      }}
      options={hits.map((hit) => ({ value: hit.id, label: hit.fullAddress, hit }))}
      optionRender={(option) => {
        const hit = (option.data as { hit: AddressHit }).hit;
        const more = detail(hit);
        return (
          <div data-testid={`address-hit-${hit.id}`}>
            <div>{hit.fullAddress}</div>
            {more && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {more}
              </Typography.Text>
            )}
          </div>
        );
      }}
      notFoundContent={
        !q ? null : found.isFetching ? (
          <Spin size="small" aria-label={t("maps.addressSearch.searching")} />
        ) : source !== undefined ? (
          t("maps.addressSearch.none")
        ) : null
      }
      onChange={(value) => {
        setChosen(value);
        if (value === undefined) {
          setPicked(null);
          setTyped("");
        }
      }}
      onSelect={(_value, option) => {
        const hit = (option as { hit: AddressHit }).hit;
        setPicked(hit);
        setTyped("");
        onPick(hit);
      }}
      popupMatchSelectWidth={false}
    />
  );
}
