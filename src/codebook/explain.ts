// Wording of diagnostics: what was found ("got ...") and what might have been meant.

/** Describe a YAML value the way a person would name it in "expected X, got Y". */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the key is missing)';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    const s = value.length > 60 ? value.slice(0, 57) + '...' : value;
    return JSON.stringify(s);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** The candidate closest to `word` when it is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const limit = Math.max(1, Math.floor(Math.max(word.length, 3) / 3));
  // The distance is at least the difference in length: skip what cannot be close (and a
  // megabyte-long word, whose distance table alone would not fit in memory).
  // Past a few hundred candidates a suggestion costs more than it helps (a crafted codebook
  // with 50,000 groups would spend minutes here).
  if (word.length > 200 || candidates.length > 500) return null;
  const w = word.toLowerCase();
  for (const c of candidates) {
    if (Math.abs(c.length - w.length) > limit || c.length > 200) continue;
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= limit ? best : null;
}

export function suggestion(word: string, candidates: readonly string[]): string {
  const s = didYouMean(word, candidates);
  return s === null ? '' : ` (did you mean "${s}"?)`;
}

/** Optimal string alignment distance: edits, with a swap of neighbours counted as one.
 *  Three rolling rows: no table of (a.length + 1) x (b.length + 1). */
function editDistance(a: string, b: string): number {
  let prev2 = new Uint32Array(b.length + 1);
  let prev = Uint32Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j], prev2[j - 2] + 1);
      }
    }
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[b.length];
}

/** `codes[3].rules[0].within` */
export function formatPath(path: ReadonlyArray<string | number | symbol>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}
