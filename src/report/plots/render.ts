// Vega-Lite spec → SVG string, headless (no DOM, no canvas, no network, no fonts).
//
// Three things make the output safe to inline in a self-contained report and byte-stable:
//   - data is inline only: the loader refuses every URL and file, so a spec can never fetch;
//   - text widths are always vega's estimate (0.8 em per character), never a canvas
//     measurement, so the layout does not change when the `canvas` package or fonts appear;
//   - vega numbers clip paths and gradients from process-wide counters (clip1, gradient_0, ...):
//     ids are renumbered per plot with the plot's own prefix, so the second render of a plot in
//     one process gives the same bytes as the first and two plots in one HTML page never share an id.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

// Estimates everywhere (see above); textMetrics.canvas is vega's own switch for this (exported
// by vega-scenegraph, missing from vega's type declarations).
(vega as unknown as { textMetrics: { canvas(use: boolean): void } }).textMetrics.canvas(false);

export class PlotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlotError';
  }
}

/** A vega loader that loads nothing and remembers what it was asked for. Vega logs a failed load
 *  and draws the plot without the data, so the caller checks `asked` afterwards. */
function refusingLoader(): { loader: vega.Loader; asked: string[] } {
  const asked: string[] = [];
  const refuse = (uri: unknown) => {
    asked.push(String(uri));
    return Promise.reject(new PlotError(`Unexpected \`${String(uri)}\` in a plot spec, expected inline data`));
  };
  return { loader: { load: refuse, sanitize: refuse, http: refuse, file: refuse } as unknown as vega.Loader, asked };
}

/** Renders a Vega-Lite spec to an SVG string. `idPrefix` ([A-Za-z][\w-]*) names the plot's
 *  internal ids (clip paths, gradients): use a different prefix for each plot of one page. */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  if (!/^[A-Za-z][\w-]*$/.test(idPrefix)) throw new PlotError(`Unexpected id prefix \`${idPrefix}\`, expected a letter then letters, digits, _ or -`);
  const { spec: vgSpec } = compile(spec);
  const { loader, asked } = refusingLoader();
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', loader, logLevel: vega.None });
  try {
    const svg = await view.toSVG();
    if (asked.length) throw new PlotError(`Unexpected external resource ${asked.map((a) => `\`${a}\``).join(', ')} in a plot spec, expected inline data (plots never load anything)`);
    return renumberIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}

/** Gives every id="..." of the SVG the name `${prefix}-N` (N in document order) and rewrites
 *  the references to it (url(#id), href="#id"). */
export function renumberIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size + 1}`);
  if (ids.size === 0) return svg;
  const to = (id: string) => ids.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => a + to(id) + b)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${to(id)})`)
    .replace(/(href=")#([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}#${to(id)}${b}`);
}

/** The items a named mark drew: vega writes one element per item inside
 *  <g class="mark-TYPE role-mark NAME"> (several such groups for a faceted line). For tests. */
export function countMarks(svg: string, name: string): number {
  const open = new RegExp(`<g class="mark-[a-z]+ role-mark ${name.replace(/[^\w-]/g, '')}"[^>]*>`, 'g');
  let n = 0;
  for (const m of svg.matchAll(open)) {
    // Items of a non-group mark are its direct children, with no nested <g>: count to the close.
    const rest = svg.slice(m.index + m[0].length);
    n += (rest.slice(0, rest.indexOf('</g>')).match(/<(path|line|text|circle|rect)\b/g) ?? []).length;
  }
  return n;
}
