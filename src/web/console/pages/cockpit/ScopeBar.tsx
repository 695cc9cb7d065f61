/** Scope (region subtree or department, within the person's visibility) and period pickers. */
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { DatePicker, Flex, Segmented, Select, TreeSelect } from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import type { CockpitScope, OrganisationList, Region, RegionList } from "../../../shared/contracts.js";
import { getQuery, useGet } from "../../../shared/query.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { PRESETS, presetRange, type PeriodPreset } from "./period.js";

const PRESET_NAMES = {
  month: "cockpit.period.month",
  quarter: "cockpit.period.quarter",
  year: "cockpit.period.year",
  last12: "cockpit.period.last12",
  custom: "cockpit.period.custom",
} as const satisfies Record<PeriodPreset, ConsoleKey>;

interface TreeNode {
  id: string;
  pId?: string;
  value: string;
  title: string;
  isLeaf: boolean;
}

/** Regions deeper than a township are not offered: the cockpit ranks down to townships. */
const leaf = (level: Region["level"]) => !["city", "county"].includes(level);

export interface ScopeBarProps {
  scope: CockpitScope;
  preset: PeriodPreset;
  onChange(scope: CockpitScope, preset: PeriodPreset): void;
  dark?: boolean;
}

export function ScopeBar({ scope, preset, onChange }: ScopeBarProps) {
  const { t } = useI18n();
  const { session } = useSession();
  const roots = useMemo(
    () =>
      (session?.roles ?? [])
        .filter((r) => r.scope.kind === "region")
        .filter((r, i, all) => all.findIndex((o) => o.scope.code === r.scope.code) === i),
    [session],
  );
  const client = useQueryClient();
  // A grid is below the public region tree: it is named by the session and has no children.
  const rootRegions = useQueries({
    queries: roots.map((r) => ({
      ...getQuery<Region>(`/regions/${r.scope.code}`),
      enabled: r.scope.level !== "grid",
    })),
  });
  const departments = useGet<OrganisationList>("/organisations", { kind: "department", pageSize: 200 });
  const [children, setChildren] = useState<TreeNode[]>([]);
  // A root the server could not describe is offered as a place without children.
  const nodes: TreeNode[] = [
    ...roots.map((r, i) => {
      const found = rootRegions[i];
      const level = r.scope.level ?? found?.data?.level ?? (found?.isError ? "village" : "county");
      const code = r.scope.code;
      return { id: code, value: code, title: found?.data?.name ?? r.scope.name, isLeaf: leaf(level) };
    }),
    ...children,
  ];

  const loadChildren = async (node: { value?: string | number; id?: string }) => {
    const code = String(node.value ?? node.id);
    const { items } = await client.fetchQuery(getQuery<RegionList>(`/regions/${code}/children`));
    setChildren((old) => [
      ...old,
      ...items
        .filter((i) => !old.some((o) => o.id === i.code))
        .map((i) => ({ id: i.code, pId: code, value: i.code, title: i.name, isLeaf: leaf(i.level) })),
    ]);
  };

  const setPreset = (next: PeriodPreset) => {
    if (next === "custom") onChange(scope, "custom");
    else {
      const [from, to] = presetRange(next);
      onChange({ ...scope, from, to }, next);
    }
  };

  return (
    <Flex wrap gap={12} align="center">
      <label htmlFor="cockpit-region">{t("cockpit.scope")}</label>
      <TreeSelect
        id="cockpit-region"
        treeDataSimpleMode
        treeData={nodes}
        loadData={loadChildren}
        value={scope.region}
        allowClear
        placeholder={t("cockpit.scope.all")}
        onChange={(value?: string) => onChange({ ...scope, region: value || undefined }, preset)}
        style={{ minWidth: 220 }}
        aria-label={t("cockpit.scope")}
        data-testid="cockpit-region"
      />
      <Select
        aria-label={t("cockpit.department")}
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        placeholder={t("cockpit.department.any")}
        value={scope.department}
        options={(departments.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
        onChange={(value?: string) => onChange({ ...scope, department: value || undefined }, preset)}
        style={{ minWidth: 200 }}
      />
      <span id="cockpit-period-label">{t("cockpit.period")}</span>
      <Segmented
        aria-labelledby="cockpit-period-label"
        value={preset}
        options={PRESETS.map((p) => ({ value: p, label: t(PRESET_NAMES[p]) }))}
        onChange={(value) => setPreset(value as PeriodPreset)}
      />
      {preset === "custom" && (
        <DatePicker.RangePicker
          aria-label={t("cockpit.period")}
          value={scope.from && scope.to ? [dayjs(scope.from), dayjs(scope.to)] : null}
          onChange={(range) => {
            const [a, b] = range ?? [];
            if (a && b)
              onChange({ ...scope, from: a.format("YYYY-MM-DD"), to: b.format("YYYY-MM-DD") }, "custom");
          }}
        />
      )}
    </Flex>
  );
}
