// File → Dictionary: pick the reader from --format, else from the content, else from the
// extension, and say why when none fits.
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { readAfinn } from './afinn.ts';
import { readEmfdCsv } from './emfd.ts';
import { readLexicoderLc3 } from './lexicoder.ts';
import { readLiwcDic } from './liwc.ts';
import { DictionaryError, splitLines, type Dictionary, type DictionaryFormat, type Source } from './model.ts';
import { readQuantedaYaml } from './quanteda-yaml.ts';
import { readWordList } from './wordlist.ts';
import { readWordstatCat } from './wordstat.ts';
import { readYoshikoderYkd } from './yoshikoder.ts';

export const FORMATS: readonly DictionaryFormat[] = ['liwc', 'quanteda', 'lexicoder', 'wordstat', 'yoshikoder', 'wordlist', 'afinn', 'emfd'];

/** Dictionaries are small (the largest staged one, the eMFD table, is 0.6 MB). */
export const MAX_DICTIONARY_BYTES = 20 * 1024 * 1024;

const BY_EXTENSION: Record<string, DictionaryFormat> = {
  '.dic': 'liwc',
  '.yml': 'quanteda',
  '.yaml': 'quanteda',
  '.lc3': 'lexicoder',
  '.cat': 'wordstat',
  '.ykd': 'yoshikoder',
  '.lcd': 'yoshikoder',
  '.csv': 'emfd',
};

export interface ReadOptions {
  format?: DictionaryFormat;
  /** The dictionary's name (default: the file name without extension). */
  name?: string;
  /** eMFD: minimum probability for membership. */
  threshold?: number;
}

/** The format the content shows, or null when it could be several. */
export function detectFormat(text: string, file = ''): DictionaryFormat | null {
  const lines = splitLines(text).map((l) => l.text).filter((l) => l.trim() !== '');
  const first = lines[0]?.trim() ?? '';
  if (/^%/.test(first)) return 'liwc';
  if (/^<(\?xml|dictionary)\b/.test(first)) return 'yoshikoder';
  if (/^\+/.test(lines[0] ?? '')) return 'lexicoder';
  if (/^word,.*_p\b/.test(first)) return 'emfd';
  const body = lines.filter((l) => !/^\s*[;#]/.test(l));
  if (body.length > 0 && body.every((l) => /^[^\t]+\t\s*[+-]?\d+[ \t]*$/.test(l))) return 'afinn';
  const ext = extname(file).toLowerCase();
  if (BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  if (body.some((l) => /^[\t ]+\S.*\(\s*-?[\d.]+\s*\)\s*$/.test(l))) return 'wordstat';
  if (body.some((l) => /^[^\s#][^:]*:(\s|$)/.test(l))) return 'quanteda';
  if (body.length > 0 && body.every((l) => !/^\s/.test(l) && !l.includes('\t'))) return 'wordlist';
  return null;
}

export function parseDictionary(text: string, source: Source, options: ReadOptions = {}): Dictionary {
  const format = options.format ?? detectFormat(text, source.file);
  if (format === null) {
    throw new DictionaryError(
      source.file,
      1,
      `expected a dictionary in one of the formats ${FORMATS.join(', ')}, got a file none of them fits (pass --format)`,
    );
  }
  switch (format) {
    case 'liwc':
      return readLiwcDic(text, source);
    case 'quanteda':
      return readQuantedaYaml(text, source);
    case 'lexicoder':
      return readLexicoderLc3(text, source);
    case 'wordstat':
      return readWordstatCat(text, source);
    case 'yoshikoder':
      return readYoshikoderYkd(text, source);
    case 'wordlist':
      return readWordList(text, source);
    case 'afinn':
      return readAfinn(text, source);
    case 'emfd':
      return readEmfdCsv(text, source, options.threshold);
  }
}

/** The stem of a file name: "HuLiu_positive-words.txt" → "HuLiu_positive-words", "AFINN-111.tsv.txt" → "AFINN-111". */
export function dictionaryName(file: string): string {
  let name = basename(file);
  for (let i = 0; i < 2; i++) {
    const ext = extname(name);
    if (ext === '' || ext === name) break;
    if (i === 1 && !/^\.(tsv|csv|txt)$/i.test(ext)) break;
    name = name.slice(0, -ext.length);
  }
  return name;
}

export function readDictionary(file: string, options: ReadOptions = {}): Dictionary {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new DictionaryError(file, 1, `expected a readable dictionary file, got ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (size > MAX_DICTIONARY_BYTES) {
    throw new DictionaryError(file, 1, `expected a dictionary of at most ${MAX_DICTIONARY_BYTES / 1024 / 1024} MB, got ${(size / 1024 / 1024).toFixed(1)} MB`);
  }
  const bytes = readFileSync(file);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const source: Source = { file, name: options.name ?? dictionaryName(file) };
  const dict = parseDictionary(text, source, options);
  if (text.includes('\uFFFD')) dict.warnings.unshift({ line: 1, message: 'the file is not valid UTF-8; undecodable bytes became U+FFFD' });
  return dict;
}
