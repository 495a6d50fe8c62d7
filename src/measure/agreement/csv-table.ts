// The plain reliability table of `codeframe agreement --data FILE.csv`: a header row of coder names,
// then one row per unit, one column per coder; an empty cell = not coded. Problems in the file come
// back as messages with their line, not as exceptions.
import { parse } from 'csv-parse/sync';
import type { Level } from './krippendorff.ts';
import type { Cell, ReliabilityMatrix } from './matrix.ts';

export type TableRead = { ok: true; matrix: ReliabilityMatrix } | { ok: false; message: string };

/** Values stay strings for nominal data (so "01" and "1" are different categories); for the other
 *  levels every value must be a number ("1.5", "-2", "3e2"). */
export function readReliabilityTable(text: string, level: Level = 'nominal'): TableRead {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (e) {
    return { ok: false, message: `Unexpected CSV syntax: ${(e as Error).message}` };
  }
  if (records.length === 0) return { ok: false, message: 'Unexpected empty file, expected a header row of coder names' };
  const coders = records[0].map((c) => c.trim());
  const blank = coders.findIndex((c) => c === '');
  if (blank >= 0) return { ok: false, message: `Unexpected empty coder name in column ${blank + 1} of the header, expected a name per column` };
  const dup = coders.find((c, i) => coders.indexOf(c) !== i);
  if (dup !== undefined) return { ok: false, message: `Unexpected duplicate coder name \`${dup}\` in the header, expected one column per coder` };
  const matrix: Cell[][] = coders.map(() => []);
  for (let r = 1; r < records.length; r++) {
    const rec = records[r];
    if (rec.length > coders.length) {
      return { ok: false, message: `Unexpected ${rec.length} cells on data row ${r} (line ${r + 1}), expected at most ${coders.length} (one per coder)` };
    }
    for (let c = 0; c < coders.length; c++) {
      const raw = (rec[c] ?? '').trim();
      if (raw === '') matrix[c].push(null);
      else if (level === 'nominal') matrix[c].push(raw);
      else {
        const x = Number(raw);
        if (!Number.isFinite(x)) {
          return { ok: false, message: `Unexpected value \`${raw}\` for coder \`${coders[c]}\` on data row ${r} (line ${r + 1}), expected a number for the ${level} level` };
        }
        matrix[c].push(x);
      }
    }
  }
  const units = Array.from({ length: records.length - 1 }, (_, i) => String(i + 1));
  return { ok: true, matrix: { coders, units, matrix } };
}
