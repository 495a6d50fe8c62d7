// `codeframe report`: one self-contained HTML file (OUT/report/index.html: CSS inline, plots as
// inline SVG, no script, no external URL) with the method, the tables, the plots and the run
// manifest, and each plot again as OUT/report/NAME.svg. The bytes depend only on the database and
// the options: the only times shown are the ones stored in `runs` and `codebooks`.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../store/index.ts';
import { gatherReportData, type ReportData, type ReportOptions } from './data.ts';
import { esc } from './escape.ts';
import { reportPlots, type Plot } from './plots.ts';
import {
  codesSection,
  cooccurrenceSection,
  documentsSection,
  manifestSection,
  methodSection,
  principlesSection,
  summarySection,
  testsSection,
  timelineSection,
  type Section,
} from './sections.ts';
import { page } from './template.ts';

export interface Report {
  html: string;
  plots: Plot[];
  data: ReportData;
  sections: { id: string; title: string }[];
}

export async function buildReport(store: Store, opts: ReportOptions = {}): Promise<Report> {
  const data = gatherReportData(store, opts);
  const plots = await reportPlots(data);
  const sections: Section[] = [
    methodSection(data),
    codesSection(data, plots),
    principlesSection(data, plots),
    testsSection(data),
    cooccurrenceSection(data, plots),
    timelineSection(data, plots),
    documentsSection(data),
    manifestSection(data),
  ];
  const nav = `<nav><ol>${sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a></li>`).join('')}</ol></nav>`;
  const body = [
    '<header>',
    summarySection(data),
    nav,
    '</header>',
    '<main>',
    ...sections.map((s) => `<section id="${s.id}">\n<h2>${esc(s.title)}</h2>\n${s.html}\n</section>`),
    '</main>',
  ];
  return {
    html: page(`codeframe report: ${data.codebook.title} (${data.codebook.version})`, body),
    plots,
    data,
    sections: sections.map(({ id, title }) => ({ id, title })),
  };
}

/** Writes OUT/report/index.html and OUT/report/NAME.svg (write then rename: never half a file). */
export async function writeReport(store: Store, outDir: string, opts: ReportOptions = {}): Promise<{ files: string[]; report: Report }> {
  const report = await buildReport(store, opts);
  const dir = join(outDir, 'report');
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [name, content] of [['index.html', report.html] as const, ...report.plots.map((p) => [`${p.name}.svg`, p.svg] as const)]) {
    const file = join(dir, name);
    writeFileSync(`${file}.tmp`, content);
    renameSync(`${file}.tmp`, file);
    files.push(file);
  }
  return { files, report };
}
