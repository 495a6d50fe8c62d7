// Stemmers by primary language subtag, from natural's submodules (never natural's root, which
// runs dotenv and prints). A language without a stemmer matches words on their exact form.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const DIR = 'natural/lib/natural/stemmers/';

const MODULES: Readonly<Record<string, string>> = {
  de: 'porter_stemmer_de.js',
  en: 'porter_stemmer.js',
  es: 'porter_stemmer_es.js',
  fa: 'porter_stemmer_fa.js',
  fr: 'porter_stemmer_fr.js',
  id: 'indonesian/stemmer_id.js',
  it: 'porter_stemmer_it.js',
  nl: 'porter_stemmer_nl.js',
  no: 'porter_stemmer_no.js',
  pt: 'porter_stemmer_pt.js',
  ru: 'porter_stemmer_ru.js',
  sv: 'porter_stemmer_sv.js',
  uk: 'porter_stemmer_uk.js',
};

export type StemFn = (form: string) => string;

const identity: StemFn = (form) => form;
const loaded = new Map<string, StemFn>();

/** The stemmer key a language uses: its subtag when natural has a stemmer, else "exact". */
export function stemmerKey(lang: string): string {
  return lang in MODULES ? lang : 'exact';
}

/** Stem a lowercase NFC form. Deterministic; a stemmer that throws leaves the form as is. */
export function stemmerFor(key: string): StemFn {
  let fn = loaded.get(key);
  if (fn) return fn;
  const file = MODULES[key];
  if (!file) {
    fn = identity;
  } else {
    const mod = require(DIR + file) as { stem(token: string): string };
    fn = (form) => {
      try {
        const s = mod.stem(form);
        return typeof s === 'string' && s.length > 0 ? s.toLowerCase() : form;
      } catch {
        return form;
      }
    };
  }
  loaded.set(key, fn);
  return fn;
}

export const STEMMER_LANGUAGES = Object.keys(MODULES).sort();
