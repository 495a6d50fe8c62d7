// `codeframe codebook import FILE`: a content-analysis dictionary → codebook YAML on stdout or
// --out; counts and whatever was dropped go to stderr, so stdout stays a clean codebook.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCodebook } from '../../codebook/index.ts';
import {
  convertDictionary,
  DictionaryError,
  FORMAT_LABELS,
  FORMATS,
  readDictionary,
  type Dictionary,
  type DictionaryFormat,
} from '../../interchange/dictionaries/index.ts';
import { EXIT, UsageError } from '../errors.ts';

export interface CodebookImportFlags {
  format?: string;
  out?: string;
  lang?: string;
  id?: string;
  /** eMFD only: minimum probability (default 0.2). */
  threshold?: string | number;
}

/** Warnings shown per kind before "... and N more". */
const SHOWN = 20;

export function codebookImportCommand(file: string, flags: CodebookImportFlags): number {
  const format = flags.format?.toLowerCase();
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown dictionary format "${flags.format}", expected one of ${FORMATS.join(', ')}`);
  }
  if (flags.lang !== undefined && !/^[a-z]{2,3}$/.test(flags.lang)) {
    throw new UsageError(`expected --lang to be a language subtag such as "en" or "ru", got "${flags.lang}"`);
  }
  if (flags.id !== undefined && !/^[a-z0-9_-]+$/.test(flags.id)) {
    throw new UsageError(`expected --id of lowercase letters, digits, "_" and "-", got "${flags.id}"`);
  }
  const threshold = flags.threshold === undefined ? undefined : Number(flags.threshold);
  if (threshold !== undefined && !(threshold > 0 && threshold <= 1)) {
    throw new UsageError(`expected --threshold to be a probability in (0, 1], got "${flags.threshold}"`);
  }
  if (flags.out !== undefined && resolve(flags.out) === resolve(file)) {
    throw new UsageError(`expected --out to differ from the dictionary file, got "${flags.out}" for both`);
  }

  let dict: Dictionary;
  try {
    dict = readDictionary(file, { format: format as DictionaryFormat | undefined, threshold });
  } catch (e) {
    if (e instanceof DictionaryError) throw new UsageError(e.message);
    throw e;
  }
  const result = convertDictionary(dict, { file, id: flags.id, lang: flags.lang });
  try {
    parseCodebook(result.yaml, flags.out ?? '<stdout>');
  } catch (e) {
    throw new Error(`bug: the codebook imported from ${file} does not load:\n${(e as Error).message}`);
  }

  if (flags.out !== undefined) writeFileSync(flags.out, result.yaml);
  else process.stdout.write(result.yaml);

  const s = result.stats;
  const lines = [
    `${file}: ${FORMAT_LABELS[dict.format]}: ${s.categories} categories in ${s.groups} group(s), ${s.entries} entries → ` +
      `${s.patterns} patterns; ${s.dropped} dropped, ${s.merged} merged${flags.out ? `; wrote ${flags.out}` : ''}`,
    ...dict.notes.map((n) => `  note: ${n}`),
    ...capped(dict.warnings.map((w) => `  ${file}:${w.line}: ${w.message}`)),
    ...capped(result.warnings.map((w) => `  ${w}`)),
  ];
  process.stderr.write(lines.join('\n') + '\n');
  return EXIT.ok;
}

function capped(lines: string[]): string[] {
  return lines.length <= SHOWN ? lines : [...lines.slice(0, SHOWN), `  ... and ${lines.length - SHOWN} more`];
}
