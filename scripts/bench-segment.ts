// Throughput of segmentDocument vs compromise's sentence split, plus their boundary agreement.
//   npx tsx scripts/bench-segment.ts [MB]        (default 20; reads ../shared/seed)
// The text is the seed article repeated to ~MB megabytes. compromise runs on a 1 MB slice only
// (it is ~1 MB/s) and its rate is extrapolated. Figures are printed, never asserted.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { boundaryAgreement } from '../src/segment/agreement.ts';
import { segmentDocument, splitSentences } from '../src/segment/index.ts';
import { compromiseSentences } from '../src/segment/reference.ts';
import type { PageRange } from '../src/types.ts';

const seedPath = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/seed/emerging-technologies-global-south.txt');
const targetMB = Number(process.argv[2] ?? 20);
if (!(targetMB > 0)) throw new Error(`Unexpected size ${JSON.stringify(process.argv[2])}, expected a number of MB > 0`);

const seed = readFileSync(seedPath, 'utf8').trim();
const parts: string[] = [];
let size = 0;
while (size < targetMB * 1e6) {
  parts.push(seed);
  size += seed.length + 2;
}
const text = parts.join('\n\n');
// One page per copy of the seed, so that page lookup is exercised too.
const pages: PageRange[] = [];
for (let p = 0, start = 0; p < parts.length; p++) {
  const end = p === parts.length - 1 ? text.length : start + seed.length + 2;
  pages.push({ page: p + 1, start, end });
  start = end;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, (performance.now() - t0) / 1000];
}

const mb = text.length / 1e6;
segmentDocument('warmup', text.slice(0, 1_000_000), pages); // let the JIT settle
const runs: number[] = [];
let segments = 0;
for (let r = 0; r < 3; r++) {
  const [segs, s] = time(() => segmentDocument('bench', text, pages));
  segments = segs.length;
  runs.push(s);
}
const best = Math.min(...runs);
const [sentences, sSplit] = time(() => splitSentences(text));
console.log(`text: ${mb.toFixed(1)} MB (${parts.length} copies of the seed), ${segments} segments, ${sentences.length} sentences`);
console.log(`segmentDocument: ${(mb / best).toFixed(1)} MB/s (best of 3: ${best.toFixed(2)} s; ids and pages included)`);
console.log(`splitSentences:  ${(mb / sSplit).toFixed(1)} MB/s (${sSplit.toFixed(2)} s; offsets only)`);

// compromise on a 1 MB slice cut at a paragraph break.
const cut = text.indexOf('\n\n', 1_000_000);
const slice = cut > 0 ? text.slice(0, cut) : text;
const [theirs, sComp] = time(() => compromiseSentences(slice));
const sliceMB = slice.length / 1e6;
console.log(
  `compromise:      ${(sliceMB / sComp).toFixed(2)} MB/s (${sComp.toFixed(2)} s on ${sliceMB.toFixed(2)} MB; ` +
    `~${((mb / sliceMB) * sComp).toFixed(0)} s extrapolated to ${mb.toFixed(1)} MB)`,
);
const a = boundaryAgreement(slice, splitSentences(slice), theirs);
console.log(
  `agreement on the slice (interior sentence ends, compromise as reference): ` +
    `P=${a.precision.toFixed(3)} R=${a.recall.toFixed(3)} F1=${a.f1.toFixed(3)} ` +
    `(${a.onlyOurs.length} ends only ours, ${a.onlyReference.length} only compromise's)`,
);
