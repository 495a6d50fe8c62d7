// Dictionary import: content-analysis dictionaries (LIWC, quanteda YAML, Lexicoder, WordStat,
// Yoshikoder, word lists, AFINN, eMFD) → codebook YAML with rules.
export { readAfinn } from './afinn.ts';
export { EMFD_DEFAULT_THRESHOLD, readEmfdCsv } from './emfd.ts';
export { readLexicoderLc3 } from './lexicoder.ts';
export { readLiwcDic } from './liwc.ts';
export {
  DictionaryError,
  FORMAT_LABELS,
  splitLines,
  type Category,
  type Dictionary,
  type DictionaryFormat,
  type DictionaryWarning,
  type Source,
} from './model.ts';
export { readQuantedaYaml } from './quanteda-yaml.ts';
export { detectFormat, dictionaryName, FORMATS, parseDictionary, readDictionary, type ReadOptions } from './read.ts';
export {
  assignIds,
  classifyEntry,
  convertDictionary,
  slug,
  writeCodebookYaml,
  type CodebookOptions,
  type ImportResult,
  type ImportStats,
} from './to-codebook.ts';
export { readWordList } from './wordlist.ts';
export { readWordstatCat } from './wordstat.ts';
export { readYoshikoderYkd } from './yoshikoder.ts';
