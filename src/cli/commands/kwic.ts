// `codeframe kwic PATTERN`: keyword in context over the stored corpus, in the codebook's pattern
// language, with the codes and rules already coding each hit's unit.
import { formatKwic, kwic, KwicError, kwicCsv, type KwicOptions, type KwicPatternType } from '../../report/kwic.ts';
import { EXIT, UsageError } from '../errors.ts';
import { openExistingStore } from './open-db.ts';

export interface KwicFlags {
  db: string;
  width?: number;
  limit?: number;
  code?: string;
  uncoded?: boolean;
  lang?: string;
  unit?: 'sentence' | 'paragraph';
  patternType?: KwicPatternType;
  match?: 'stem' | 'exact';
  maxGap?: number;
  flags?: string;
  codebookVersion?: string;
  json?: boolean;
  csv?: boolean;
}

export function kwicCommand(pattern: string, flags: KwicFlags): number {
  if (flags.json && flags.csv) throw new UsageError('Unexpected --json with --csv, expected one output format');
  const store = openExistingStore(flags.db);
  try {
    const opts: KwicOptions = {
      width: flags.width, limit: flags.limit, code: flags.code, uncoded: flags.uncoded, lang: flags.lang, unit: flags.unit,
      patternType: flags.patternType, match: flags.match, maxGap: flags.maxGap, flags: flags.flags, codebookVersion: flags.codebookVersion,
    };
    for (const k of Object.keys(opts) as Array<keyof KwicOptions>) if (opts[k] === undefined) delete opts[k];
    let result;
    try {
      result = kwic(store, pattern, opts);
    } catch (err) {
      if (err instanceof KwicError) throw new UsageError(err.message);
      throw err;
    }
    if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else if (flags.csv) process.stdout.write(kwicCsv(result));
    else process.stdout.write(formatKwic(result, { width: opts.width, bold: process.stdout.isTTY === true }));
    return EXIT.ok;
  } finally {
    store.close();
  }
}
