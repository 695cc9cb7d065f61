/**
 * An ECharts chart: only the parts the console uses are imported (line and bar charts, grid,
 * tooltip, legend, aria), so the chunk stays small. Resizes with its box; `onPick` gets the
 * series and data index of a clicked point or bar.
 */
import { BarChart, LineChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { plainTextNode } from "../../shared/plain-text.js";

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * ECharts puts a tooltip formatter's string into `innerHTML`. Its own default markup encodes
 * series, axis and data names, but a formatter of ours would not: each function formatter's
 * string is handed over as a text node, so a name from data can never become markup.
 */
export function withTextTooltips(option: ChartOption): ChartOption {
  const tooltip = option.tooltip as { formatter?: unknown } | undefined;
  const formatter = tooltip?.formatter;
  if (typeof formatter !== "function") return option;
  const asText = (...args: unknown[]): unknown => {
    const out: unknown = (formatter as (...a: unknown[]) => unknown)(...args);
    return typeof out === "string" ? plainTextNode(out) : out;
  };
  return { ...option, tooltip: { ...tooltip, formatter: asText } };
}

export interface EChartProps {
  option: ChartOption;
  height: number | string;
  /** What the chart shows, for screen readers (the canvas gets role img and this label). */
  label: string;
  onPick?: (pick: { seriesIndex: number; dataIndex: number; seriesName: string }) => void;
  testId?: string;
}

export function EChart({ option, height, label, onPick, testId }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!box.current) return;
    const instance = echarts.init(box.current, undefined, { renderer: "canvas" });
    chart.current = instance;
    instance.on("click", (params) => {
      const p = params as { seriesIndex?: number; dataIndex?: number; seriesName?: string };
      if (p.seriesIndex !== undefined && p.dataIndex !== undefined) {
        pick.current?.({
          seriesIndex: p.seriesIndex,
          dataIndex: p.dataIndex,
          seriesName: p.seriesName ?? "",
        });
      }
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...withTextTooltips(option) }, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: "100%", height, cursor: onPick ? "pointer" : undefined }}
    />
  );
}
