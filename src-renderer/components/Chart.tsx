// One chart drawn by uPlot (canvas; ~50 KB, draws thousands of points in a few milliseconds): a
// time series of days (lines or bars), or categories (bars). The chart is a picture for sighted
// users (aria-hidden); every chart has a table of the same numbers beside it for keyboard and
// screen-reader users, and for printing.
import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * uPlot is evaluated when the first chart draws, not with the app: at load it builds Intl formatters,
 * and Intl's first use in a new renderer process loads ICU's data (30-40 ms measured here), which the
 * first screen, chartless, should not wait for.
 */
let loading: Promise<typeof uPlot> | null = null;
const loadUPlot = (): Promise<typeof uPlot> => (loading ??= import('uplot').then((m) => m.default));

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** Draw as bars (default: lines). */
  bars?: boolean;
  /** A second y axis on the right (e.g. hours beside counts). */
  right?: boolean;
}

export const CHART_COLORS = ['#1f5fbf', '#c0392b', '#2e8b57', '#b7791f', '#6b46c1', '#0e7490', '#be185d', '#4b5563', '#65a30d', '#9a3412'];

const canDraw = (): boolean => {
  try {
    return typeof document !== 'undefined' && !!document.createElement('canvas').getContext('2d');
  } catch {
    return false;
  }
};

/**
 * `x`: epoch seconds of each day (a time axis), or positions named by `ticks` (categories: grouped
 * bars sit at neighbouring positions, one series each, null elsewhere).
 */
export function Chart({
  x,
  series,
  ticks,
  height = 220,
  testId,
}: {
  x: number[];
  series: ChartSeries[];
  ticks?: { at: number[]; labels: string[] };
  height?: number;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el || !canDraw()) return;
    let plot: uPlot | null = null;
    let resize: ResizeObserver | null = null;
    let gone = false;
    void loadUPlot().then((uPlot) => {
      if (gone) return;
      const bars = uPlot.paths.bars?.({ size: [0.9, 80] });
      const right = series.some((s) => s.right);
      const zeroBased: uPlot.Scale = { range: (_u, _min, max) => [0, Math.max(1, max)] };
      const opts: uPlot.Options = {
        width: Math.max(320, el.clientWidth),
        height,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: !ticks, ...(ticks ? { range: (_u, min, max) => [min - 1, max + 1] as uPlot.Range.MinMax } : {}) }, y: zeroBased, ...(right ? { h: zeroBased } : {}) },
        axes: [
          ticks ? { splits: () => ticks.at, values: (_u, splits) => splits.map((v) => ticks.labels[ticks.at.indexOf(v)] ?? '') } : {},
          { size: 50 },
          ...(right ? [{ scale: 'h', side: 1, grid: { show: false }, size: 50 } as uPlot.Axis] : []),
        ],
        series: [
          {},
          ...series.map(
            (s): uPlot.Series => ({
              label: s.label,
              stroke: s.color,
              width: s.bars ? 1 : 2,
              scale: s.right ? 'h' : 'y',
              spanGaps: false,
              points: { show: !s.bars && x.length <= 60 },
              ...(s.bars ? { fill: s.color, ...(bars ? { paths: bars } : {}) } : {}),
            }),
          ),
        ],
      };
      const drawn = new uPlot(opts, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
      plot = drawn;
      resize = new ResizeObserver(() => drawn.setSize({ width: Math.max(320, el.clientWidth), height }));
      resize.observe(el);
    });
    return () => {
      gone = true;
      resize?.disconnect();
      plot?.destroy();
    };
  }, [x, series, ticks, height]);
  return <div ref={host} className="chart" aria-hidden="true" data-testid={testId} />;
}
