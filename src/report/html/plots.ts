// The report's plots, from its data: which numbers go into which plot (src/report/plots draws).
import { ALL } from '../compare/index.ts';
import { heatmap, rateBars, timelineChart } from '../plots/index.ts';
import type { ReportData } from './data.ts';
import { UNDATED } from './data.ts';

export interface Plot {
  /** File name stem and id prefix, e.g. `code-by-actor-group`. */
  name: string;
  svg: string;
}

const fix = (x: number, d: number) => x.toFixed(d);

export async function reportPlots(r: ReportData): Promise<Plot[]> {
  const label = Object.fromEntries(r.data.codes.map((c) => [c.code_id, c.label]));
  const unit = r.data.unit;
  const plots: Plot[] = [];

  plots.push({
    name: 'code-by-actor-group',
    svg: await heatmap(
      r.codeGroups.map((c) => ({
        row: c.code,
        column: c.actorGroup,
        value: c.ratePer1000,
        label: c.ratePer1000 === null ? 'n/a' : `${fix(c.ratePer1000, 2)} (${c.unitsCoded})`,
      })),
      {
        id: 'code-by-actor-group',
        rows: r.data.codes.map((c) => c.code_id),
        columns: r.groups,
        rowLabels: label,
        valueTitle: `${unit}s per 1,000 words`,
      },
    ),
  });

  const all = r.comparison.cells.filter((c) => c.by === 'all');
  if (all.length) {
    plots.push({
      name: 'principle-rates',
      svg: await rateBars(
        all.map((c) => ({ code: c.principle, group: c.actorGroup, rate: c.ratePer1000, lo: c.ci.ratePer1000.lower, hi: c.ci.ratePer1000.upper })),
        {
          id: 'principle-rates',
          codes: r.comparison.principles.map((p) => p.code_id),
          groups: r.groups,
          codeLabels: label,
          valueTitle: `${unit}s per 1,000 words`,
          groupTitle: 'actor group',
        },
      ),
    });
  }

  const overall = r.cooccurrence.find((m) => m.actorGroup === ALL);
  if (overall && overall.codes.length) {
    plots.push({
      name: 'cooccurrence',
      svg: await heatmap(
        overall.pairs.map((p) => ({ row: p.a, column: p.b, value: p.jaccard, label: String(p.both) })),
        { id: 'cooccurrence', rows: overall.codes, columns: overall.codes, valueTitle: 'Jaccard', cellWidth: 54, cellHeight: 24 },
      ),
    });
  }

  const dated = r.timeline.flatMap((t) => t.counts.filter((c) => c.period !== UNDATED).map((c) => ({ period: c.period, code: t.code, units: c.units })));
  if (dated.length) {
    plots.push({
      name: 'timeline',
      svg: await timelineChart(dated, {
        id: 'timeline',
        codes: r.timeline.map((t) => t.code),
        codeLabels: label,
        periodTitle: 'year (document date)',
        valueTitle: `${unit}s coded`,
        codeTitle: 'principle',
      }),
    });
  }
  return plots;
}
