// A heatmap of rows × columns (e.g. code × actor group, or code × code for co-occurrence): one
// rect per cell, coloured by value on a light-to-dark scale, with the cell's label written in it
// (dark text on light cells, white on dark). A cell without a value (null, e.g. 0/0) is grey and
// says "n/a": small or empty cells are shown, never dropped.
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render.ts';
import { CONFIG, MISSING, SEQUENTIAL } from './theme.ts';

export interface HeatmapCell {
  row: string;
  column: string;
  value: number | null;
  /** Text written in the cell; default: the value with up to 2 decimals. */
  label?: string;
}

export interface HeatmapOptions {
  title?: string;
  rowTitle?: string;
  columnTitle?: string;
  valueTitle?: string;
  /** Orders of the axes; default: first appearance in `cells`. */
  rows?: string[];
  columns?: string[];
  /** Display names for row and column ids (the ids stay the keys). */
  rowLabels?: Record<string, string>;
  columnLabels?: Record<string, string>;
  cellWidth?: number;
  cellHeight?: number;
}

/** The name of the cells' mark in the SVG (for countMarks). */
export const HEATMAP_MARKS = 'heatmap_cells_marks';

export function heatmapSpec(cells: readonly HeatmapCell[], opts: HeatmapOptions = {}): TopLevelSpec {
  const rows = opts.rows ?? unique(cells.map((c) => c.row));
  const columns = opts.columns ?? unique(cells.map((c) => c.column));
  const rowName = displayNames(rows, opts.rowLabels);
  const columnName = displayNames(columns, opts.columnLabels);
  const values = cells.map((c) => withDescription({
    row: c.row,
    column: c.column,
    rowLabel: rowName(c.row),
    columnLabel: columnName(c.column),
    // A missing value is drawn (grey, "n/a"), not filtered: vega-lite drops null quantities.
    missing: c.value === null || !Number.isFinite(c.value),
    value: c.value !== null && Number.isFinite(c.value) ? c.value : 0,
    label: c.label ?? (c.value === null || !Number.isFinite(c.value) ? 'n/a' : String(Math.round(c.value * 100) / 100)),
  }));
  const max = Math.max(0, ...values.map((v) => v.value));
  const rowOrder = rows.map(rowName);
  const columnOrder = columns.map(columnName);
  const x = { field: 'columnLabel', type: 'nominal' as const, sort: columnOrder, title: opts.columnTitle ?? null, axis: { orient: 'top' as const, labelAngle: columns.length > 4 ? -35 : 0, labelAlign: columns.length > 4 ? ('left' as const) : ('center' as const) } };
  const y = { field: 'rowLabel', type: 'nominal' as const, sort: rowOrder, title: opts.rowTitle ?? null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    ...(opts.title ? { title: opts.title } : {}),
    width: { step: opts.cellWidth ?? 96 },
    height: { step: opts.cellHeight ?? 28 },
    data: { values },
    layer: [
      {
        name: 'heatmap_cells',
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1.5 },
        encoding: {
          x,
          y,
          // What a screen reader says: the cell's label, not the 0 standing in for a missing value.
          description: { field: 'description' },
          color: {
            condition: { test: 'datum.missing', value: MISSING },
            field: 'value',
            type: 'quantitative',
            // Zero is the lightest colour (not the smallest observed value): an empty cell looks empty.
            // One domain stop per colour (a linear scale pairs them up), zero at the lightest.
            scale: { range: [...SEQUENTIAL], domain: SEQUENTIAL.map((_, i) => ((max > 0 ? max : 1) * i) / (SEQUENTIAL.length - 1)), interpolate: 'lab' },
            title: opts.valueTitle ?? 'value',
            legend: { orient: 'right', direction: 'vertical', gradientLength: Math.max(60, Math.min(200, rows.length * (opts.cellHeight ?? 28))) },
          },
        },
      },
      {
        name: 'heatmap_labels',
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          x,
          y,
          text: { field: 'label' },
          color: { condition: { test: `!datum.missing && datum.value > ${max * 0.55}`, value: 'white' }, value: '#111' },
        },
      },
    ],
  } as TopLevelSpec;
}

export function heatmap(cells: readonly HeatmapCell[], opts: HeatmapOptions & { id?: string } = {}): Promise<string> {
  return renderSvg(heatmapSpec(cells, opts), opts.id ?? 'heatmap');
}

function withDescription<T extends { rowLabel: string; columnLabel: string; label: string }>(v: T): T & { description: string } {
  return { ...v, description: `${v.rowLabel}, ${v.columnLabel}: ${v.label}` };
}

/** The axis is keyed on the display name: when two ids share one, show the ids instead. */
function displayNames(ids: string[], labels: Record<string, string> | undefined): (id: string) => string {
  if (!labels) return (id) => id;
  const names = ids.map((id) => labels[id] ?? id);
  return new Set(names).size === names.length ? (id) => labels[id] ?? id : (id) => id;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
