// One look for every plot: colour-blind-safe colours, readable type, generous label limits.
// Categorical colours are Okabe & Ito's palette (distinguishable with every common colour-vision
// deficiency), reordered so the yellow, hard to see on white, comes last. Sequential colours are a
// single hue (light → dark blue), which reads the same in greyscale.
import type { Config } from 'vega-lite';

export const CATEGORICAL = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'] as const;
/** ColorBrewer Blues from its lightest step, so a zero reads as (nearly) empty. */
export const SEQUENTIAL = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'] as const;
/** Fill of a cell without a value (0/0). */
export const MISSING = '#f0f0f0';
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

export const CONFIG: Config = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: {
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: 'bold',
    labelColor: '#222',
    titleColor: '#222',
    domainColor: '#888',
    tickColor: '#888',
    gridColor: '#e4e4e4',
    // Estimated text widths run wide (see render.ts): a large limit keeps labels whole.
    labelLimit: 400,
  },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 400, titleLimit: 400, orient: 'bottom', direction: 'horizontal', columns: 4 },
  title: { fontSize: 14, anchor: 'start', color: '#222' },
  range: { category: [...CATEGORICAL] },
};
