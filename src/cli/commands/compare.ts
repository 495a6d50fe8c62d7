// `codeframe compare`: the study's structured comparison (principle × dimension / level × actor
// group, with bootstrap intervals and chi-square tests) and the co-occurrence matrices, written to
// OUT/tables/compare_*.{csv,md} and cooccurrence*.{csv,md}.
import { writeCompare, type CodingsMode } from '../../report/compare/index.ts';
import { EXIT, UsageError } from '../errors.ts';
import { asUsageError, codebookVersionOf, openExistingStore } from './open-db.ts';

export interface CompareFlags {
  db: string;
  out: string;
  codings?: CodingsMode;
  bootstrap?: number;
  seed?: number;
  codebookVersion?: string;
  json?: boolean;
}

export function compareCommand(flags: CompareFlags): number {
  const store = openExistingStore(flags.db);
  try {
    let result;
    try {
      result = writeCompare(store, flags.out, {
        codings: flags.codings ?? 'final',
        codebookVersion: codebookVersionOf(store, flags.codebookVersion),
        bootstrap: flags.bootstrap ?? 1000,
        seed: flags.seed ?? 1,
      });
    } catch (err) {
      throw asUsageError(err);
    }
    const { comparison: c } = result;
    if (flags.json) {
      process.stdout.write(JSON.stringify({ files: result.files, ...c, cooccurrence: result.cooccurrence }, null, 2) + '\n');
      return EXIT.ok;
    }
    const flagged = c.tests.filter((t) => t.result.smallExpected).length;
    process.stdout.write(
      `${c.basis}\n${c.cells.length} cells, ${c.tests.length} chi-square tests` +
        (flagged ? ` (${flagged} flagged: expected counts below 5)` : '') +
        `; ${c.bootstrap.samples} bootstrap resamples, seed ${c.bootstrap.seed}.\n` +
        c.notes.map((n) => `${n}\n`).join('') +
        result.files.join('\n') +
        '\n',
    );
    return EXIT.ok;
  } finally {
    store.close();
  }
}
