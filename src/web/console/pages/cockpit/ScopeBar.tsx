/** Scope (region subtree or department, within the person's visibility) and period pickers. */
import { DatePicker, Flex, Segmented, Select, TreeSelect } from "antd";
import dayjs from "dayjs";
import { useEffect, useMemo, useState } from "react";
import { api } from "../../../shared/api.js";
import { useI18n } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { PRESETS, presetRange, type PeriodPreset } from "./period.js";
import type { CockpitScope } from "./types.js";

interface RegionItem {
  code: string;
  name: string;
  level: string;
}
interface TreeNode {
  id: string;
  pId?: string;
  value: string;
  title: string;
  isLeaf: boolean;
}

/** Regions deeper than a township are not offered: the cockpit ranks down to townships. */
const leaf = (level: string) => !["city", "county"].includes(level);

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
  const [nodes, setNodes] = useState<TreeNode[]>([]);
  const [departments, setDepartments] = useState<{ value: string; label: string }[]>([]);

  useEffect(() => {
    let live = true;
    void Promise.all(
      roots.map((r) =>
        api<RegionItem>(`/regions/${r.scope.code}`).catch(() => ({
          code: r.scope.code,
          name: r.scope.name,
          level: "village",
        })),
      ),
    ).then((items) => {
      if (live)
        setNodes(items.map((i) => ({ id: i.code, value: i.code, title: i.name, isLeaf: leaf(i.level) })));
    });
    api<{ items: { id: string; name: string }[] }>("/organisations", {
      query: { kind: "department", pageSize: 200 },
    })
      .then((r) => live && setDepartments(r.items.map((o) => ({ value: o.id, label: o.name }))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [roots]);

  const loadChildren = async (node: { value?: string | number; id?: string }) => {
    const code = String(node.value ?? node.id);
    const { items } = await api<{ items: RegionItem[] }>(`/regions/${code}/children`);
    setNodes((old) => [
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
        options={departments}
        onChange={(value?: string) => onChange({ ...scope, department: value || undefined }, preset)}
        style={{ minWidth: 200 }}
      />
      <span id="cockpit-period-label">{t("cockpit.period")}</span>
      <Segmented
        aria-labelledby="cockpit-period-label"
        value={preset}
        options={PRESETS.map((p) => ({ value: p, label: t(`cockpit.period.${p}`) }))}
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
