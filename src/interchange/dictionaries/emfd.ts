// The eMFD scoring table (Hopp et al. 2021): per word, the probability that annotators
// highlighted it for each moral foundation (care_p … sanctity_p) and its mean sentiment
// (care_sent …). It is a weighted lexicon, not a list of category members.
//
// A codebook rule codes or does not, so a word joins a foundation's code when its probability
// for that foundation is at least `threshold` (default 0.2: 281–532 words per foundation of
// 3270; 0.3 leaves 61–161, 0.1 takes half the vocabulary). The sentiment columns are dropped:
// they say how a foundation is evaluated, not whether it is present.
import { parse } from 'csv-parse/sync';
import { DEFAULT_SOURCE, DictionaryBuilder, q, type Dictionary, type Source } from './model.ts';

export const EMFD_DEFAULT_THRESHOLD = 0.2;

export function readEmfdCsv(text: string, source: Source = DEFAULT_SOURCE, threshold = EMFD_DEFAULT_THRESHOLD): Dictionary {
  const b: DictionaryBuilder = new DictionaryBuilder('emfd', source);
  if (!(threshold > 0 && threshold <= 1)) b.fail(1, `expected a threshold in (0, 1], got ${threshold}`);
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false, skip_empty_lines: true, trim: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    b.fail(line, `expected a CSV table: ${(e as Error).message}`);
  }
  const header = rows[0] ?? [];
  const wordCol = header.indexOf('word');
  const foundations = header.map((h, i) => ({ name: h.replace(/_p$/, ''), col: i })).filter((f) => header[f.col].endsWith('_p'));
  if (wordCol < 0 || foundations.length === 0) {
    b.fail(1, `expected a header with "word" and probability columns ending in "_p", got ${q(header.join(','))}`);
  }
  for (const f of foundations) b.category([f.name], 1);
  rows.slice(1).forEach((row, i) => {
    const no = i + 2;
    for (const f of foundations) {
      const p = Number(row[f.col]);
      if (row[f.col] === '' || !Number.isFinite(p)) b.fail(no, `expected a probability in column ${header[f.col]}, got ${q(row[f.col])}`);
      if (p >= threshold) b.entry([f.name], row[wordCol], no);
    }
  });
  b.notes.push(`eMFD probabilities became membership: a word belongs to a foundation when its probability is >= ${threshold}; sentiment columns are not used.`);
  return b.build();
}
