/**
 * A region chosen from the tree (county → township → village), opened a level at a time from the
 * person's own region scopes (the city for someone scoped to a department). Names, never codes.
 * Typing part of a name asks the server (`/regions/search`) and lists the regions found in the
 * person's scopes, each with the regions above it, so a village is found by name without opening
 * its township first.
 */
import { useQueryClient } from "@tanstack/react-query";
import { TreeSelect } from "antd";
import { useEffect, useMemo, useState } from "react";
import type { Region, RegionList, RegionSearch } from "../../shared/contracts.js";
import { getQuery, useGet } from "../../shared/query.js";
import { useSession } from "../session.js";

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

const STAFF_REGION_ROLES = new Set([
  "operator",
  "grid_worker",
  "grid_assistant",
  "village_staff",
  "township_dispatcher",
  "department_handler",
  "supervisor",
  "admin",
]);

function nodeOf(r: Pick<Region, "code" | "name" | "childCount">, parent: string | null): Node {
  return { id: r.code, pId: parent, value: r.code, title: r.name, isLeaf: r.childCount === 0 };
}

export interface RegionPickerProps {
  id?: string;
  value?: string;
  onChange?: (code: string | undefined) => void;
  style?: React.CSSProperties;
  /** Shown while nothing is chosen, e.g. the area a page shows without a region filter. */
  placeholder?: string;
  "aria-label"?: string;
  /** Set by a Form.Item: a required field says so, an invalid one says so and points at its message. */
  "aria-required"?: boolean | "true" | "false";
  "aria-invalid"?: boolean | "true" | "false";
  "aria-describedby"?: string;
}

export function RegionPicker({ id, value, onChange, style, placeholder, ...rest }: RegionPickerProps) {
  const { session } = useSession();
  const client = useQueryClient();
  const scopes = useMemo(() => {
    const seen = new Map<string, { code: string; name: string }>();
    for (const r of session?.roles ?? []) {
      if (r.scope.kind === "region" && STAFF_REGION_ROLES.has(r.role)) seen.set(r.scope.code, r.scope);
    }
    // A scope inside another scope is reached by opening the outer one.
    return [...seen.values()].filter(
      (s) => ![...seen.values()].some((o) => o.code !== s.code && s.code.startsWith(o.code)),
    );
  }, [session]);
  const cities = useGet<RegionList>(scopes.length === 0 ? "/regions" : null);
  const [nodes, setNodes] = useState<Node[]>([]);

  useEffect(() => {
    const roots =
      scopes.length > 0
        ? scopes.map((s) => ({ id: s.code, pId: null, value: s.code, title: s.name, isLeaf: false }))
        : (cities.data?.items ?? []).map((r) => nodeOf(r, null));
    setNodes(roots);
  }, [scopes, cities.data]);

  // A region named by the URL (a saved filter, a link) before its branch was opened: its name.
  const unknown = value !== undefined && !nodes.some((n) => n.id === value) ? value : null;
  const named = useGet<Region>(unknown === null ? null : `/regions/${unknown}`);
  useEffect(() => {
    const r = named.data;
    if (!r) return;
    setNodes((prev) => (prev.some((n) => n.id === r.code) ? prev : [...prev, nodeOf(r, null)]));
  }, [named.data]);

  // A name typed: the regions found (in the person's scopes), listed flat with what lies above them.
  const [typed, setTyped] = useState("");
  const searching = typed.trim() !== "";
  const found = useGet<RegionSearch>(
    searching ? "/regions/search" : null,
    { q: typed.trim() },
    { keepPrevious: true },
  );
  const foundNodes = useMemo(() => {
    const roots = nodes.filter((n) => n.pId === null).map((n) => n.id);
    return (found.data?.items ?? [])
      .filter((r) => r.path.split(".").some((c) => roots.includes(c)))
      .map((r) => ({
        ...nodeOf(r, null),
        isLeaf: true,
        // "惠民社区 · 银河南路街道 · 安次区": namesakes told apart by where they lie.
        title: [r.name, ...r.above.slice(-2).reverse()].join(" · "),
      }));
  }, [found.data, nodes]);
  // While searching the chosen region stays among the nodes (hidden by the filter unless its name
  // matches), so its name, not its code, is what the field shows.

  const loadData = async (node: { value?: string | number }) => {
    const code = String(node.value);
    const children = await client.fetchQuery(getQuery<RegionList>(`/regions/${code}/children`));
    setNodes((prev) => {
      const known = new Set(prev.map((n) => n.id));
      const added = children.items.filter((r) => !known.has(r.code)).map((r) => nodeOf(r, code));
      return added.length === 0
        ? prev.map((n) => (n.id === code && children.items.length === 0 ? { ...n, isLeaf: true } : n))
        : [...prev, ...added];
    });
  };

  return (
    <TreeSelect
      id={id}
      aria-label={rest["aria-label"]}
      aria-required={rest["aria-required"]}
      aria-invalid={rest["aria-invalid"]}
      aria-describedby={rest["aria-describedby"]}
      allowClear
      placeholder={placeholder}
      showSearch={{ treeNodeFilterProp: "title", onSearch: setTyped }}
      treeDataSimpleMode
      treeData={
        searching
          ? [...foundNodes, ...nodes.filter((n) => n.id === value && !foundNodes.some((f) => f.id === n.id))]
          : nodes
      }
      loadData={loadData}
      value={value}
      onChange={(v: string | undefined) => {
        // A region picked from the names found: kept among the tree's nodes, so its name (not
        // its code) shows once the search is cleared.
        const picked = found.data?.items.find((r) => r.code === v);
        if (picked && !nodes.some((n) => n.id === picked.code))
          setNodes((prev) => [...prev, nodeOf(picked, null)]);
        onChange?.(v ?? undefined);
      }}
      style={style}
      popupMatchSelectWidth={false}
    />
  );
}
