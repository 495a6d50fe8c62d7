// Coded units per period, one line (with a point per period) per code. Periods are categories in
// the order given (ISO labels like 2018, 2024-Q2, 2024-05 sort as text, but a caller may mix
// precisions), so the x axis never invents dates between them. A period with no unit of a code is
// a real zero: pass it as a row with units 0, or the line skips it.
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render.ts';
import { CATEGORICAL, CONFIG } from './theme.ts';

export interface PeriodUnits {
  period: string;
  code: string;
  units: number;
}

export interface TimelineChartOptions {
  title?: string;
  periodTitle?: string;
  valueTitle?: string;
  codeTitle?: string;
  /** Orders; default: periods sorted as text, codes by first appearance. */
  periods?: string[];
  codes?: string[];
  codeLabels?: Record<string, string>;
  width?: number;
  height?: number;
}

/** Names of the points' and the lines' marks in the SVG (for countMarks). */
export const POINT_MARKS = 'timeline_points_marks';
export const LINE_MARKS = 'timeline_lines_marks';

export function timelineChartSpec(counts: readonly PeriodUnits[], opts: TimelineChartOptions = {}): TopLevelSpec {
  const periods = opts.periods ?? [...new Set(counts.map((c) => c.period))].sort();
  const codes = opts.codes ?? [...new Set(counts.map((c) => c.code))];
  const label = (c: string) => opts.codeLabels?.[c] ?? c;
  const codeName = new Set(codes.map(label)).size === codes.length ? label : (c: string) => c;
  const values = counts.map((c) => ({ period: c.period, code: codeName(c.code), units: c.units }));
  const x = { field: 'period', type: 'ordinal' as const, sort: periods, title: opts.periodTitle ?? 'period', axis: { labelAngle: periods.length > 8 ? -45 : 0 } };
  const y = { field: 'units', type: 'quantitative' as const, title: opts.valueTitle ?? 'units' };
  const names = codes.map(codeName);
  const color = { field: 'code', type: 'nominal' as const, title: opts.codeTitle ?? 'code', scale: { domain: names, range: names.map((_, i) => CATEGORICAL[i % CATEGORICAL.length]!) } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    ...(opts.title ? { title: opts.title } : {}),
    width: opts.width ?? Math.max(480, Math.min(900, periods.length * 60)),
    height: opts.height ?? 220,
    data: { values },
    encoding: { x, y, color },
    layer: [
      { name: 'timeline_lines', mark: { type: 'line', strokeWidth: 2 } },
      // Shapes as well as colours: the series stay apart in greyscale and for every reader.
      { name: 'timeline_points', mark: { type: 'point', filled: true, size: 60 }, encoding: { shape: { field: 'code', type: 'nominal', scale: { domain: names }, title: opts.codeTitle ?? 'code' } } },
    ],
  } as TopLevelSpec;
}

export function timelineChart(counts: readonly PeriodUnits[], opts: TimelineChartOptions & { id?: string } = {}): Promise<string> {
  return renderSvg(timelineChartSpec(counts, opts), opts.id ?? 'timeline');
}
