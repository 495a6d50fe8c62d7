// Measure 2: segmentation (MB/s of text): segmentDocument (paragraphs + sentences + ids + pages)
// over the normalized texts of ../shared/corpus, repeated to the target size, document by
// document. Anchor: compromise's sentence splitting, tokenizer only (nlp.tokenize, no tagging),
// on a slice of the English documents only (it runs at ~1 MB/s; its rate on the slice is its
// figure, and the time it would take on the whole text is extrapolated). Boundary agreement
// (interior sentence ends, compromise as reference) is computed on the same slice.
import { boundaryAgreement } from '../../src/segment/agreement.ts';
import { segmentDocument, splitSentences } from '../../src/segment/index.ts';
import { compromiseSentences } from '../../src/segment/reference.ts';
import { MB, fmt, rates, row, timed, utf8Bytes, type BenchContext, type CachedText, type MeasureResult } from './lib.ts';

/** Whole English documents (the last one cut at a paragraph break) until `bytes` is reached. */
export function englishSlice(texts: CachedText[], bytes: number): string[] {
  const out: string[] = [];
  let size = 0;
  for (const t of texts) {
    if (size >= bytes) break;
    if (!(t.language ?? '').toLowerCase().startsWith('en')) continue;
    let text = t.text;
    if (utf8Bytes(text) > bytes - size) {
      const cut = text.indexOf('\n\n', bytes - size);
      if (cut > 0) text = text.slice(0, cut);
    }
    out.push(text);
    size += utf8Bytes(text);
  }
  return out;
}

export async function measureSegment(ctx: BenchContext): Promise<MeasureResult> {
  const perCopy = ctx.texts.reduce((n, t) => n + utf8Bytes(t.text), 0);
  const copies = Math.max(1, Math.ceil((ctx.sizes.segmentMb * MB) / perCopy));
  const mb = (perCopy * copies) / MB;
  const segmentAll = (): number => {
    let segments = 0;
    for (let k = 0; k < copies; k++) {
      for (const [i, t] of ctx.texts.entries()) segments += segmentDocument(`bench${k}-${i}`, t.text, t.pages).length;
    }
    return segments;
  };
  for (const [i, t] of ctx.texts.entries()) segmentDocument(`warm${i}`, t.text, t.pages); // JIT, outside the clock

  const slice = englishSlice(ctx.texts, ctx.sizes.compromiseMb * MB);
  const sliceMb = slice.reduce((n, s) => n + utf8Bytes(s), 0) / MB;
  const ours: number[] = [];
  const theirs: number[] = [];
  let segments = 0;
  let reference: Array<Array<[number, number]>> = [];
  for (let r = 0; r < ctx.runs; r++) {
    const [n, s] = await timed(segmentAll);
    segments = n;
    ours.push(s);
    const [ref, c] = await timed(() => slice.map((text) => compromiseSentences(text)));
    reference = ref;
    theirs.push(c);
    ctx.log(`  run ${r + 1}: segmentDocument ${(mb / s).toFixed(1)} MB/s, compromise ${(sliceMb / c).toFixed(2)} MB/s`);
  }

  // Agreement summed over the slice's documents.
  let shared = 0;
  let oursEnds = 0;
  let refEnds = 0;
  for (const [i, text] of slice.entries()) {
    const a = boundaryAgreement(text, splitSentences(text), reference[i]!);
    shared += a.shared;
    oursEnds += a.shared + a.onlyOurs.length;
    refEnds += a.shared + a.onlyReference.length;
  }
  const precision = oursEnds === 0 ? 1 : shared / oursEnds;
  const recall = refEnds === 0 ? 1 : shared / refEnds;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const compromiseFigure = rates(sliceMb, theirs, 'MB/s');
  const extrapolated = mb / compromiseFigure.median;
  return {
    id: 'segment',
    title: 'Segmentation (paragraphs + sentences + ids + pages, one core)',
    rows: [row('segmentation', rates(mb, ours, 'MB/s'), 'compromise tokenize (slice, extrapolated)', compromiseFigure, '≥ 20 MB/s')],
    details: {
      mb,
      copies,
      segmentsPerRun: segments,
      compromiseSliceMb: sliceMb,
      compromiseSliceDocuments: slice.length,
      compromiseExtrapolatedSeconds: extrapolated,
      agreement: { precision, recall, f1, sharedEnds: shared, oursEnds, compromiseEnds: refEnds },
      seconds: { codeframe: ours, compromise: theirs },
    },
    notes: [
      `compromise (nlp.tokenize, no tagging) ran on ${fmt(sliceMb)} MB of the English documents; on all ${fmt(mb)} MB it would take ~${fmt(extrapolated)} s (extrapolated)`,
      `boundary agreement on that slice (interior sentence ends, compromise as reference): P=${precision.toFixed(3)} R=${recall.toFixed(3)} F1=${f1.toFixed(3)}`,
    ],
  };
}
