// Throughput of the code stage: MB/s of Matcher.codeUnits over ~50 MB of real policy text
// (the seed study repeated), with the study codebook (or the sample fixture) topped up to
// ~300 term patterns. Sentences come from a simple splitter; only codeUnits is timed.
//   npx tsx scripts/bench-code.ts [MB] [codebook.yml]
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileCodebook } from '../src/code/index.ts';
import { loadCodebook, parseCodebook, type Codebook } from '../src/codebook/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SEED = resolve(ROOT, '../shared/seed/emerging-technologies-global-south.txt');
const targetMb = Number(process.argv[2] ?? 50);
const cbFile = process.argv[3] ?? [resolve(ROOT, 'codebook/study.yml'), resolve(ROOT, 'test/fixtures/codebooks/sample.yml')].find(existsSync)!;

if (!existsSync(SEED)) {
  console.error(`bench-code: ${SEED} not found (needs ../shared beside the repository)`);
  process.exit(1);
}
const seed = readFileSync(SEED, 'utf8').normalize('NFC');

let cb: Codebook = loadCodebook(cbFile);
const patternCount = (c: Codebook) =>
  c.codes.flatMap((code) => code.rules).reduce((n, r) => {
    const lists = [
      'terms' in r ? r.terms : [], 'phrases' in r ? r.phrases : [], 'patterns' in r ? r.patterns : [],
      'a' in r ? [...r.a, ...r.b] : [], 'cues' in r ? r.cues : [], 'pattern' in r ? [r.pattern] : [],
    ];
    return n + lists.reduce((m, l) => m + l.length, 0);
  }, 0);

// Top up with real words of the seed (frequent ones hit often, which is the expensive case).
let patterns = patternCount(cb);
if (patterns < 300) {
  const counts = new Map<string, number>();
  for (const w of seed.toLowerCase().match(/\p{L}{5,}/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  const extra = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 300 - patterns).map(([w]) => w);
  const half = Math.ceil(extra.length / 2);
  const yaml = readFileSync(cbFile, 'utf8').replace(/\n*$/, '\n') + [
    '  - id: bench_extra',
    '    label: Bench',
    `    group: ${cb.groups[0].id}`,
    '    definition: Extra terms for the benchmark.',
    '    rules:',
    `      - {id: bench-terms, type: term, terms: ${JSON.stringify(extra.slice(0, half))}}`,
    `      - {id: bench-globs, type: glob, patterns: ${JSON.stringify(extra.slice(half).map((w) => w.slice(0, 5) + '*'))}}`,
    '',
  ].join('\n');
  cb = parseCodebook(yaml, cbFile);
  patterns = patternCount(cb);
}

const copies = Math.ceil((targetMb * 1024 * 1024) / seed.length);
const text = Array.from({ length: copies }, () => seed).join('\n\n');
const units: Array<{ id: string; start: number; end: number }> = [];
const re = /[^.!?\n]+[.!?]?/g;
for (let m = re.exec(text); m !== null; m = re.exec(text)) {
  if (m[0].trim()) units.push({ id: `s${units.length}`, start: m.index, end: m.index + m[0].length });
}

// Calibration: the brief's reference point, one combined regex over the text (~100 MB/s on
// the reference machine). Compare the matcher's figure with this one on a busy machine.
const reference = new RegExp(`\\b(?:${['transparen', 'accountab', 'interoperab', 'security', 'disclos', 'label', 'watermark', 'sovereign'].join('|')})\\w*`, 'giu');
const r0 = process.cpuUsage();
let refHits = 0;
for (const _ of text.matchAll(reference)) refHits++;
const r1 = process.cpuUsage(r0);
const refSeconds = (r1.user + r1.system) / 1e6;

// Three passes: the first includes compiling the plan, filling the word table and JIT warm-up.
const matcher = compileCodebook(cb);
const passes: Array<{ wall: number; cpu: number; codings: number }> = [];
const BATCH = 2000; // like a pipeline: one document's sentences at a time
for (let pass = 0; pass < 3; pass++) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let codings = 0;
  for (let i = 0; i < units.length; i += BATCH) codings += matcher.codeUnits(text, units.slice(i, i + BATCH), 'en').length;
  const cpu = process.cpuUsage(cpu0);
  passes.push({ wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, codings });
}
const mb = Buffer.byteLength(text, 'utf8') / 1024 / 1024;
console.log(`codebook ${cb.id} (${cb.version}) from ${cbFile}: ${cb.codes.length} codes, ${patterns} patterns`);
console.log(`${mb.toFixed(1)} MB, ${units.length} sentences, ${passes[0].codings} codings per pass`);
console.log(`reference: one combined regex, ${refHits} hits, cpu ${refSeconds.toFixed(2)} s: ${(mb / refSeconds).toFixed(1)} MB/s`);
// CPU time as well as wall time: on a shared machine the wall clock measures the neighbours.
const load = (await import('node:os')).loadavg()[0].toFixed(1);
passes.forEach((p, i) =>
  console.log(`codeUnits pass ${i + 1}: wall ${p.wall.toFixed(2)} s = ${(mb / p.wall).toFixed(1)} MB/s; cpu ${p.cpu.toFixed(2)} s = ${(mb / p.cpu).toFixed(1)} MB/s`),
);
console.log(`best: ${(mb / Math.min(...passes.map((p) => p.wall))).toFixed(1)} MB/s wall (load average ${load})`);
