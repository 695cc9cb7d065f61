/**
 * 一张图: the open cases of the person's area on one map (GET /cases/map, scoped by the server),
 * each a dot coloured by its deadline state. Zoomed out to the city or a county, nearby cases
 * merge into clusters (supercluster) coloured by the most pressing state inside and counted; a
 * click on a cluster zooms into it, a click on a dot opens the case. Tooltips are text nodes
 * (names come from data); the clusters' labels are elements built with textContent. Filters (in the
 * address, so a link keeps them): a region of the tree and a deadline state.
 */
import { Alert, Flex, Form, Segmented, Space, Typography } from "antd";
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useMemo, useRef } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import Supercluster from "supercluster";
import type { CaseMap, GridList } from "../../../shared/contracts.js";
import { addBaseMap, mapTiles } from "../../../shared/map-tiles.js";
import { plainTextNode } from "../../../shared/plain-text.js";
import { useGet } from "../../../shared/query.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import { useHomeArea } from "../../homeArea.js";
import { ringsOf } from "../../components/rings.js";
import { RegionPicker } from "../../components/RegionPicker.js";
import { LoadState } from "./ui.js";

type MapItem = CaseMap["items"][number];
type DeadlineState = MapItem["deadlineState"];

/** Fill colours of the states (the legend shows the same), dark enough for a white outline. */
export const STATE_COLOUR: Record<DeadlineState, string> = {
  ok: "#389e0d",
  warning: "#d48806",
  overdue: "#cf1322",
};

/** The words of the states. */
const STATES: readonly DeadlineState[] = ["overdue", "warning", "ok"];
const isState = (v: string | null): v is DeadlineState =>
  v !== null && (STATES as readonly string[]).includes(v);

const STATE_WORD = {
  ok: "maps.state.ok",
  warning: "maps.state.warning",
  overdue: "maps.state.overdue",
} as const satisfies Record<DeadlineState, ConsoleKey>;

/** Langfang's middle: where the map opens before it knows the cases. */
const CITY_CENTRE: L.LatLngTuple = [39.52, 116.7];
/** Up to this zoom nearby cases merge; from the next one on (street level) each case is a dot. */
const CLUSTER_MAX_ZOOM = 14;

interface PointProps {
  item: MapItem;
}
interface ClusterProps {
  overdue: number;
  warning: number;
}

/** The most pressing state among a cluster's cases. */
function clusterState(p: ClusterProps): DeadlineState {
  return p.overdue > 0 ? "overdue" : p.warning > 0 ? "warning" : "ok";
}

/** A cluster's circle: an element with its count as text (Leaflet takes it as a node, not HTML). */
function clusterIcon(count: number, state: DeadlineState): L.DivIcon {
  const size = count < 10 ? 30 : count < 100 ? 38 : 46;
  const circle = document.createElement("div");
  circle.className = "mg-cluster";
  circle.dataset.state = state;
  circle.style.cssText =
    `width:${size}px;height:${size}px;border-radius:50%;display:flex;align-items:center;` +
    `justify-content:center;background:${STATE_COLOUR[state]};color:#fff;font-weight:600;` +
    "border:3px solid rgba(255,255,255,.85);box-shadow:0 0 0 1px rgba(0,0,0,.25);font-size:13px";
  circle.textContent = String(count);
  return L.divIcon({ html: circle, className: "", iconSize: [size, size] });
}

export default function CaseMapPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const open = useRef(navigate);
  open.current = navigate;
  const [params, setParams] = useSearchParams();
  const region = params.get("region") ?? undefined;
  const stateParam = params.get("state");
  const state = isState(stateParam) ? stateParam : undefined;
  const setFilter = (key: "region" | "state", value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    // A new selection: frame its cases anew.
    fitted.current = false;
    setParams(next, { replace: true });
  };
  const data = useGet<CaseMap>(
    "/cases/map",
    { region, state },
    { refetchInterval: 60_000, keepPrevious: true },
  );
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const fitted = useRef(false);

  const items = data.data?.items;
  const homeArea = useHomeArea();
  const home = homeArea?.extent ?? null;
  // Without map tiles (a closed network), the grids of a township's or village's own area are
  // drawn beneath the cases for orientation (a county or city has too many to draw).
  const outline = mapTiles() === null && (homeArea?.level === "township" || homeArea?.level === "village");
  const grids = useGet<GridList>(outline ? "/grids" : null, {
    region: homeArea?.code,
    geometry: "true",
    pageSize: 200,
  }).data?.items;
  const gridLayer = useRef<L.LayerGroup | null>(null);
  const index = useMemo(() => {
    const clusters = new Supercluster<PointProps, ClusterProps>({
      radius: 56,
      maxZoom: CLUSTER_MAX_ZOOM,
      map: (p) => ({
        overdue: p.item.deadlineState === "overdue" ? 1 : 0,
        warning: p.item.deadlineState === "warning" ? 1 : 0,
      }),
      reduce: (total, p) => {
        total.overdue += p.overdue;
        total.warning += p.warning;
      },
    });
    clusters.load(
      (items ?? []).map((item) => ({
        type: "Feature" as const,
        geometry: { type: "Point" as const, coordinates: [item.lon, item.lat] },
        properties: { item },
      })),
    );
    return clusters;
  }, [items]);

  const words = useRef({ t, lang });
  words.current = { t, lang };

  /** Draws what the index holds for the view: clusters and single cases. */
  const draw = useRef(() => {});
  draw.current = () => {
    const m = map.current;
    const group = layer.current;
    if (!m || !group) return;
    group.clearLayers();
    const b = m.getBounds();
    const zoom = Math.round(m.getZoom());
    // The zoom level drawn last, on the map's box: what a test waits on after a zoom step.
    if (box.current) box.current.dataset.zoom = String(zoom);
    const { t: tr, lang: language } = words.current;
    for (const feature of index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom)) {
      const [lon = 0, lat = 0] = feature.geometry.coordinates;
      const props = feature.properties;
      if ("cluster" in props && props.cluster) {
        const state = clusterState(props);
        const marker = L.marker([lat, lon], {
          icon: clusterIcon(props.point_count, state),
          keyboard: true,
          title: tr("maps.caseMap.cluster", {
            n: props.point_count,
            overdue: props.overdue,
            warning: props.warning,
          }),
        });
        marker.on("click", () => {
          const to = Math.min(index.getClusterExpansionZoom(props.cluster_id), CLUSTER_MAX_ZOOM + 1);
          m.setView([lat, lon], to);
        });
        marker.addTo(group);
        continue;
      }
      const item = (props as PointProps).item;
      const category = item.categoryName
        ? language === "en"
          ? item.categoryNameEn || item.categoryName
          : item.categoryName
        : tr("maps.caseMap.uncategorised");
      const dot = L.circleMarker([lat, lon], {
        radius: item.urgent ? 9 : 7,
        color: "#fff",
        weight: 2,
        fillColor: STATE_COLOUR[item.deadlineState],
        fillOpacity: 1,
        className: `mg-case-dot mg-case-${item.deadlineState}`,
      });
      dot.bindTooltip(
        plainTextNode(
          `${tr("maps.caseMap.point", { number: item.number, category, region: item.regionName })} · ${tr(STATE_WORD[item.deadlineState])}`,
        ),
      );
      dot.on("click", () => void open.current(`/cases/${item.number}`));
      dot.addTo(group);
    }
  };

  useEffect(() => {
    if (!box.current) return;
    const m = L.map(box.current, { center: CITY_CENTRE, zoom: 9, attributionControl: false });
    addBaseMap(m);
    // The grids in a pane of their own beneath the cases (overlayPane is 400): arriving later,
    // they would otherwise be drawn over the dots.
    m.createPane("mg-grids").style.zIndex = "350";
    gridLayer.current = L.layerGroup().addTo(m);
    layer.current = L.layerGroup().addTo(m);
    map.current = m;
    m.on("moveend", () => draw.current());
    const observer = new ResizeObserver(() => m.invalidateSize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      map.current = null;
      m.remove();
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m || !items) return;
    // The first answer frames the area's cases; later refreshes keep the person's view.
    // Without open cases, the person's own area.
    if (!fitted.current && items.length > 0) {
      fitted.current = true;
      const bounds = L.latLngBounds(items.map((i) => [i.lat, i.lon] as L.LatLngTuple));
      m.fitBounds(bounds.pad(0.1), { maxZoom: CLUSTER_MAX_ZOOM + 1, animate: false });
    } else if (!fitted.current && home) {
      fitted.current = true;
      const [west, south, east, north] = home;
      m.fitBounds(
        [
          [south, west],
          [north, east],
        ],
        { animate: false },
      );
    }
    draw.current();
  }, [items, index, lang, home]);

  useEffect(() => {
    const group = gridLayer.current;
    if (!group) return;
    group.clearLayers();
    for (const grid of grids ?? []) {
      if (!grid.geometry) continue;
      L.polygon(ringsOf(grid.geometry), {
        color: "#8c8c8c",
        weight: 1,
        fillColor: "#ffffff",
        fillOpacity: 0.6,
        interactive: false,
        pane: "mg-grids",
      }).addTo(group);
    }
  }, [grids]);

  const counts = useMemo(() => {
    const c: Record<DeadlineState, number> = { ok: 0, warning: 0, overdue: 0 };
    for (const i of items ?? []) c[i.deadlineState] += 1;
    return c;
  }, [items]);

  const answer = data.data;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t("maps.nav.caseMap")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t("maps.caseMap.hint")}</Typography.Paragraph>
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }} data-testid="case-map-filters">
        <Form.Item label={t("maps.caseMap.region")} htmlFor="caseMap_region">
          <RegionPicker
            id="caseMap_region"
            style={{ width: 240 }}
            value={region}
            // No region chosen: the map shows one's own area, and the box says which.
            placeholder={homeArea?.name}
            onChange={(code) => setFilter("region", code)}
          />
        </Form.Item>
        <Form.Item label={t("maps.caseMap.state")}>
          <Segmented<string>
            data-testid="case-map-state"
            value={state ?? "all"}
            onChange={(v) => setFilter("state", v === "all" ? undefined : v)}
            options={[
              { value: "all", label: t("maps.caseMap.allStates") },
              ...STATES.map((s) => ({ value: s, label: t(STATE_WORD[s]) })),
            ]}
          />
        </Form.Item>
      </Form>
      <LoadState loading={false} error={data.error} reload={() => void data.refetch()}>
        <Flex gap={16} align="center" wrap style={{ marginBottom: 8 }}>
          <span data-testid="case-map-count">
            {answer?.truncated
              ? t("maps.caseMap.truncated", { total: answer.total, shown: answer.items.length })
              : t("maps.caseMap.shown", { shown: answer?.items.length ?? 0 })}
          </span>
          <Space size={12} aria-label={t("maps.legend")} data-testid="case-map-legend">
            {STATES.map((state) => (
              <Space key={state} size={4}>
                <span
                  aria-hidden
                  style={{
                    display: "inline-block",
                    width: 12,
                    height: 12,
                    borderRadius: "50%",
                    background: STATE_COLOUR[state],
                  }}
                />
                <span>
                  {t(STATE_WORD[state])} {counts[state]}
                </span>
              </Space>
            ))}
          </Space>
        </Flex>
        {answer && answer.withoutPoint > 0 && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 8 }}
            title={
              <>
                {t("maps.caseMap.withoutPoint", { n: answer.withoutPoint })}{" "}
                <Link
                  to={`/cases?${new URLSearchParams({
                    located: "false",
                    status: "triage,dispatched,handling,replied,supervisor_review",
                    ...(region ? { region } : {}),
                  }).toString()}`}
                  data-testid="case-map-without-point"
                >
                  {t("maps.caseMap.withoutPointList")}
                </Link>
              </>
            }
          />
        )}
      </LoadState>
      <div
        ref={box}
        role="region"
        aria-label={t("maps.caseMap.label")}
        aria-busy={data.isLoading}
        data-testid="case-map-all"
        style={{
          width: "100%",
          height: "calc(100vh - 260px)",
          minHeight: 420,
          background: "#eef2f6",
          borderRadius: 8,
        }}
      />
    </>
  );
}
