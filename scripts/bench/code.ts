// Measure 1: code stage throughput (MB/s of text, one core) with the full study codebook, over
// files made by repeating the real documents of ../shared/corpus to the target size. Anchor:
// ripgrep, one thread (`rg -j1 -c -i -w -f KEYWORDS`), over the same files with the codebook's
// plain keywords (term and phrase patterns without wildcards). Both read the files from the page
// cache; codeframe's time is reading + Matcher.codeUnits per file (segmentation is measure 2 and
// is done once per source document, outside the clock). Runs alternate codeframe / rg so a
// neighbour's load hits both.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileCodebook } from '../../src/code/index.ts';
import { loadCodebook, type Codebook } from '../../src/codebook/index.ts';
import { segmentDocument } from '../../src/segment/index.ts';
import type { Segment } from '../../src/types.ts';
import { MB, escapeRegex, hasCommand, rates, row, runCommand, timed, utf8Bytes, type BenchContext, type MeasureResult } from './lib.ts';

/** The codebook's plain keywords: every term and phrase (any language) with no glob characters,
 *  lowercased and deduplicated, in first-seen order. Stems are matched by codeframe; rg gets the
 *  written forms. */
export function plainKeywords(cb: Codebook): string[] {
  const out = new Set<string>();
  for (const code of cb.codes) {
    for (const rule of code.rules) {
      const words = rule.type === 'term' ? rule.terms : rule.type === 'phrase' ? rule.phrases : [];
      for (const w of words) if (!/[*?]/.test(w)) out.add(w.toLowerCase().trim());
    }
  }
  return [...out].filter((w) => w !== '');
}

export async function measureCode(ctx: BenchContext): Promise<MeasureResult> {
  const cb = loadCodebook(ctx.codebook);
  const matcher = compileCodebook(cb);
  const keywords = plainKeywords(cb);
  const dir = join(ctx.outDir, 'code-corpus');
  const keywordFile = join(ctx.outDir, 'code-keywords.txt');
  writeFileSync(keywordFile, keywords.map(escapeRegex).join('\n') + '\n');

  // Files: copy k of document d is `k-d.txt`; same bytes as the cached normalized text.
  const target = ctx.sizes.codeMb * MB;
  const docs = ctx.texts.map((t, i) => ({
    ...t,
    index: i,
    bytes: utf8Bytes(t.text),
    units: segmentDocument(`bench${i}`, t.text, t.pages).filter((s: Segment) => matcher.unitKinds.includes(s.kind)),
  }));
  const perCopy = docs.reduce((n, d) => n + d.bytes, 0);
  const copies = Math.max(1, Math.ceil(target / perCopy));
  const files: Array<{ path: string; doc: (typeof docs)[number] }> = [];
  const stamp = JSON.stringify({ copies, docs: docs.map((d) => [d.file, d.bytes]) });
  const fresh = existsSync(join(dir, 'stamp.json')) && readFileSync(join(dir, 'stamp.json'), 'utf8') === stamp;
  if (!fresh) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'files'), { recursive: true });
  }
  for (let k = 0; k < copies; k++) {
    for (const d of docs) {
      const path = join(dir, 'files', `${String(k).padStart(4, '0')}-${String(d.index).padStart(2, '0')}.txt`);
      if (!fresh) writeFileSync(path, d.text);
      files.push({ path, doc: d });
    }
  }
  if (!fresh) writeFileSync(join(dir, 'stamp.json'), stamp);
  const bytes = perCopy * copies;
  const mb = bytes / MB;
  ctx.log(`  code corpus: ${files.length} files, ${mb.toFixed(1)} MB (${copies} copies of ${docs.length} documents); ${keywords.length} plain keywords for rg`);

  const codeAll = (): number => {
    let codings = 0;
    for (const f of files) {
      const text = readFileSync(f.path, 'utf8');
      codings += matcher.codeUnits(text, f.doc.units, f.doc.language).length;
    }
    return codings;
  };
  // Warm-up outside the clock: JIT, the matcher's word table, the page cache (for rg too).
  for (const d of docs) matcher.codeUnits(d.text, d.units, d.language);
  const rgArgs = ['-j1', '-c', '-i', '-w', '-f', keywordFile, join(dir, 'files')];
  const haveRg = hasCommand('rg');
  if (haveRg) await runCommand('rg', rgArgs, { okCodes: [0, 1] });

  const cf: number[] = [];
  const rg: number[] = [];
  let codings = 0;
  for (let r = 0; r < ctx.runs; r++) {
    const [n, s] = await timed(codeAll);
    codings = n;
    cf.push(s);
    if (haveRg) rg.push((await runCommand('rg', rgArgs, { okCodes: [0, 1] })).seconds);
    ctx.log(`  run ${r + 1}: codeframe ${(mb / s).toFixed(1)} MB/s` + (haveRg ? `, rg ${(mb / rg[rg.length - 1]!).toFixed(1)} MB/s` : ''));
  }
  return {
    id: 'code',
    title: 'Code stage throughput (one core, codebook/study.yml)',
    rows: [
      row('code stage', rates(mb, cf, 'MB/s'), 'rg -j1 -c -i -w -f KEYWORDS', haveRg ? rates(mb, rg, 'MB/s') : null, '≥ 2× ripgrep'),
    ],
    details: {
      mb,
      files: files.length,
      copies,
      sourceDocuments: docs.length,
      codebook: { id: cb.id, version: cb.version, codes: cb.codes.length, rules: cb.codes.reduce((n, c) => n + c.rules.length, 0) },
      keywords: keywords.length,
      codingsPerRun: codings,
      unitsPerCopy: docs.reduce((n, d) => n + d.units.length, 0),
      seconds: { codeframe: cf, rg },
    },
    notes: [
      'codeframe: read each file + Matcher.codeUnits on its sentences (segmented once per source document, outside the clock); one thread',
      `rg: ${haveRg ? 'ripgrep with -j1 (one thread), same files, page cache warm' : 'not installed (apt-get install -y ripgrep): no anchor'}`,
    ],
  };
}

