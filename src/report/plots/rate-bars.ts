// Grouped horizontal bars of a rate (e.g. units per 1,000 words) per code and group, with the
// interval [lo, hi] as a whisker over each bar (one rule per row that has an interval). Bars of one
// code sit together, one colour per group; the group's colour is the same in every plot that uses
// the same `groups` order.
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render.ts';
import { CATEGORICAL, CONFIG } from './theme.ts';

export interface RateRow {
  code: string;
  group: string;
  rate: number | null;
  lo: number | null;
  hi: number | null;
}

export interface RateBarsOptions {
  title?: string;
  valueTitle?: string;
  codeTitle?: string;
  groupTitle?: string;
  /** Orders; default: first appearance. */
  codes?: string[];
  groups?: string[];
  codeLabels?: Record<string, string>;
  /** Height of one bar. */
  barHeight?: number;
  width?: number;
}

/** Names of the bars' and the intervals' marks in the SVG (for countMarks). */
export const BAR_MARKS = 'rate_bars_marks';
export const INTERVAL_MARKS = 'rate_intervals_marks';

export function rateBarsSpec(rows: readonly RateRow[], opts: RateBarsOptions = {}): TopLevelSpec {
  const codes = opts.codes ?? [...new Set(rows.map((r) => r.code))];
  const groups = opts.groups ?? [...new Set(rows.map((r) => r.group))];
  const label = (c: string) => opts.codeLabels?.[c] ?? c;
  const labelsUnique = new Set(codes.map(label)).size === codes.length;
  const codeName = labelsUnique ? label : (c: string) => c;
  const num = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);
  const values = rows.map((r) => ({ code: codeName(r.code), group: r.group, rate: num(r.rate), lo: num(r.lo), hi: num(r.hi) }));
  const y = { field: 'code', type: 'nominal' as const, sort: codes.map(codeName), title: opts.codeTitle ?? null, scale: { paddingInner: 0.25 } };
  const yOffset = { field: 'group', type: 'nominal' as const, sort: groups };
  const color = {
    field: 'group',
    type: 'nominal' as const,
    title: opts.groupTitle ?? 'group',
    // The full domain in a fixed order: a group keeps its colour when another has no data.
    scale: { domain: groups, range: groups.map((_, i) => CATEGORICAL[i % CATEGORICAL.length]!) },
  };
  const bar = opts.barHeight ?? 14;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    ...(opts.title ? { title: opts.title } : {}),
    width: opts.width ?? 520,
    // With an offset channel the step is one bar's slot (vega-lite's default `for: offset`).
    height: { step: bar + 2 },
    data: { values },
    encoding: { y, yOffset },
    layer: [
      {
        name: 'rate_bars',
        transform: [{ filter: 'datum.rate !== null' }],
        mark: { type: 'bar', height: bar - 2 },
        encoding: {
          x: { field: 'rate', type: 'quantitative', title: opts.valueTitle ?? 'rate', scale: { zero: true } },
          color,
        },
      },
      {
        name: 'rate_intervals',
        transform: [{ filter: 'datum.lo !== null && datum.hi !== null' }],
        mark: { type: 'rule', color: '#222', strokeWidth: 1.5 },
        encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
      },
    ],
  } as TopLevelSpec;
}

export function rateBars(rows: readonly RateRow[], opts: RateBarsOptions & { id?: string } = {}): Promise<string> {
  return renderSvg(rateBarsSpec(rows, opts), opts.id ?? 'rates');
}
