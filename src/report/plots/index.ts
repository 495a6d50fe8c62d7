// SVG plots for the report, from plain data arrays (no database): Vega-Lite specs rendered
// headless. Each `xxxSpec` returns the spec (to inspect or re-use), `xxx` the SVG string.
export { countMarks, PlotError, renderSvg, renumberIds } from './render.ts';
export { CATEGORICAL, CONFIG, SEQUENTIAL } from './theme.ts';
export { heatmap, HEATMAP_MARKS, heatmapSpec, type HeatmapCell, type HeatmapOptions } from './heatmap.ts';
export { BAR_MARKS, INTERVAL_MARKS, rateBars, rateBarsSpec, type RateBarsOptions, type RateRow } from './rate-bars.ts';
export { LINE_MARKS, POINT_MARKS, timelineChart, timelineChartSpec, type PeriodUnits, type TimelineChartOptions } from './timeline-chart.ts';
