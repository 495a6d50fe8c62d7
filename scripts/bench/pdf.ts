// Measure 3: PDF extraction (pages/s) over the PDFs of ../shared/corpus on both cores: the
// extractor pool (src/ingest/pool.ts, 2 worker threads), a fresh pool per run. Its warm-up
// (starting the workers, loading pdf.js, one small PDF on each thread) is timed separately and
// NOT in the figure; the batch is timed from submitting every file to the last result. Anchor:
// pdftotext (poppler-utils), 2 processes at a time over the same files. Both get the files
// largest first; the file bytes are read outside the clock.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createExtractorPool } from '../../src/ingest/pool.ts';
import { SHARED_CORPUS, figure, hasCommand, rates, row, runCommand, timed, type BenchContext, type MeasureResult } from './lib.ts';

const THREADS = 2;

/** pdftotext over `files`, `parallel` processes at a time; resolves when all are done. */
async function pdftotextAll(files: string[], parallel: number): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++]!;
      await runCommand('pdftotext', ['-q', file, '/dev/null'], { okCodes: [0, 1, 3] });
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

export async function measurePdf(ctx: BenchContext): Promise<MeasureResult> {
  // PDFs that extract (encrypted-without-password or image-only ones would only measure refusals).
  const all = ctx.texts
    .filter((t) => t.format === 'pdf')
    .map((t) => ({ file: t.file, path: join(SHARED_CORPUS, t.file), pages: t.pages.length }))
    .map((p) => ({ ...p, bytes: statSync(p.path).size }))
    .sort((a, b) => a.bytes - b.bytes);
  const chosen: typeof all = [];
  let pages = 0;
  for (const p of all) {
    if (pages + p.pages > ctx.sizes.pdfMaxPages && chosen.length > 0) break;
    chosen.push(p);
    pages += p.pages;
  }
  if (chosen.length === 0) throw new Error('Unexpected corpus without readable PDFs, expected some in ../shared/corpus');
  const smallest = chosen[0]!;
  const batch = [...chosen].reverse(); // largest first: the long file does not end up alone at the end
  ctx.log(`  ${batch.length} PDFs, ${pages} pages; warm-up on ${smallest.file} (${smallest.pages} pages) per thread`);

  const warmups: number[] = [];
  const ours: number[] = [];
  const theirs: number[] = [];
  const havePdftotext = hasCommand('pdftotext');
  let failures: string[] = [];
  for (let r = 0; r < ctx.runs; r++) {
    const pool = createExtractorPool({ threads: THREADS });
    try {
      const [, w] = await timed(() =>
        Promise.all(Array.from({ length: THREADS }, () => pool.extract(readFileSync(smallest.path), smallest.file))),
      );
      warmups.push(w);
      const inputs = batch.map((p) => ({ p, bytes: readFileSync(p.path) }));
      const [outcomes, s] = await timed(() => Promise.all(inputs.map(({ p, bytes }) => pool.extract(bytes, p.file))));
      failures = outcomes.flatMap((o, i) => (o.ok ? [] : [`${batch[i]!.file}: ${o.code}`]));
      ours.push(s);
    } finally {
      await pool.close();
    }
    if (havePdftotext) theirs.push((await timed(() => pdftotextAll(batch.map((p) => p.path), THREADS)))[1]);
    ctx.log(`  run ${r + 1}: pool ${(pages / ours[r]!).toFixed(1)} pages/s (warm-up ${warmups[r]!.toFixed(2)} s)` +
      (havePdftotext ? `, pdftotext ×${THREADS} ${(pages / theirs[r]!).toFixed(1)} pages/s` : ''));
  }
  return {
    id: 'pdf',
    title: `PDF extraction (${THREADS} threads)`,
    rows: [row('PDF extraction', rates(pages, ours, 'pages/s'), `pdftotext ×${THREADS} processes`, havePdftotext ? rates(pages, theirs, 'pages/s') : null, 'ratio ≥ 1.0')],
    details: {
      files: batch.map((p) => ({ file: p.file, pages: p.pages, bytes: p.bytes })),
      pages,
      failures,
      warmupSeconds: figure(warmups, 's'),
      seconds: { codeframe: ours, pdftotext: theirs },
    },
    notes: [
      `codeframe: fresh extractor pool per run; its warm-up (workers start, pdf.js loads, ${smallest.file} once per thread) is excluded from pages/s and reported as warmupSeconds (median ${figure(warmups, 's').median.toFixed(2)} s)`,
      havePdftotext ? `pdftotext: ${THREADS} processes at a time, output to /dev/null; each process start is included` : 'pdftotext not installed (apt-get install -y poppler-utils): no anchor',
      ...(failures.length ? [`files that did not extract: ${failures.join('; ')}`] : []),
    ],
  };
}
