/**
 * A unit (centre, committee, grid post, department) found by typing part of its name; the
 * organisations the person may see (GET /organisations?q=). Shows the unit's name and region.
 */
import { Select } from "antd";
import { useState } from "react";
import type { Organisation, OrganisationList } from "../../shared/contracts.js";
import { useGet } from "../../shared/query.js";
import { usePunctuation, type Punctuation } from "../../shared/i18n/punctuation.js";

export interface UnitPickerProps {
  id?: string;
  value?: string;
  onChange?: (id: string | undefined) => void;
  style?: React.CSSProperties;
  "aria-label"?: string;
}

const label = (o: Pick<Organisation, "name" | "regionName">, punct: Punctuation) =>
  o.regionName && !o.name.startsWith(o.regionName) ? punct.aside(o.name, o.regionName) : o.name;

export function UnitPicker({ id, value, onChange, style, ...rest }: UnitPickerProps) {
  const punct = usePunctuation();
  const [typed, setTyped] = useState("");
  const found = useGet<OrganisationList>(
    "/organisations",
    { q: typed || undefined, pageSize: 30 },
    {
      keepPrevious: true,
    },
  );
  const items = found.data?.items ?? [];
  // The chosen unit by its id when it is not among the matches (a saved filter, a link).
  const chosen = useGet<Organisation>(
    value !== undefined && !items.some((o) => o.id === value) ? `/organisations/${value}` : null,
  );
  const options = [...items, ...(chosen.data ? [chosen.data] : [])].map((o) => ({
    value: o.id,
    label: label(o, punct),
  }));
  return (
    <Select
      id={id}
      aria-label={rest["aria-label"]}
      allowClear
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={found.isFetching}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v ?? undefined)}
      options={options}
      style={style}
      popupMatchSelectWidth={false}
    />
  );
}
