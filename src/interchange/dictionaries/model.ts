// The dictionary model every reader produces: named categories (nested ones keep their path)
// with their entries as written, plus what was skipped on the way, with line numbers.

export type DictionaryFormat = 'liwc' | 'quanteda' | 'lexicoder' | 'wordstat' | 'yoshikoder' | 'wordlist' | 'afinn' | 'emfd';

export const FORMAT_LABELS: Record<DictionaryFormat, string> = {
  liwc: 'LIWC .dic',
  quanteda: 'quanteda YAML',
  lexicoder: 'Lexicoder .lc3',
  wordstat: 'WordStat .cat',
  yoshikoder: 'Yoshikoder .ykd',
  wordlist: 'word list',
  afinn: 'AFINN word<TAB>score list',
  emfd: 'eMFD scoring CSV',
};

export interface Category {
  /** Names from the top-level category down to this one, as written in the file. */
  path: string[];
  /** Entries in file order, trimmed, exact duplicates removed. */
  entries: string[];
}

export interface DictionaryWarning {
  line: number;
  message: string;
}

export interface Dictionary {
  /** The dictionary's name: the file name without extension, or the caller's. */
  name: string;
  format: DictionaryFormat;
  /** In file order; every category that holds entries, or that has neither entries nor
   *  subcategories (an empty leaf). A parent with only subcategories is not listed. */
  categories: Category[];
  warnings: DictionaryWarning[];
  /** What the conversion decided (a threshold, a banding), said in the codebook. */
  notes: string[];
}

/** Where the text came from, for messages ("file:line: ...") and the dictionary's name. */
export interface Source {
  file: string;
  name: string;
}

export const DEFAULT_SOURCE: Source = { file: '<input>', name: 'dictionary' };

/** A problem that stops the import: `file:line: expected X, got Y`. */
export class DictionaryError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'DictionaryError';
  }
}

/** Lines of a text file with any mix of CRLF, CR and LF endings, without a BOM. `no` is 1-based. */
export function splitLines(text: string): Array<{ no: number; text: string }> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((t, i) => ({ no: i + 1, text: t }));
}

/** Collects categories by path in first-seen order; drops duplicate entries with a warning. */
export class DictionaryBuilder {
  private readonly byPath = new Map<string, { category: Category; seen: Set<string>; line: number }>();
  readonly warnings: DictionaryWarning[] = [];
  readonly notes: string[] = [];

  constructor(
    private readonly format: DictionaryFormat,
    private readonly source: Source,
  ) {}

  /** Declare a category (so that an empty one is kept, in declaration order). */
  category(path: string[], line = 0): Category {
    const key = JSON.stringify(path);
    let slot = this.byPath.get(key);
    if (!slot) {
      slot = { category: { path: [...path], entries: [] }, seen: new Set(), line };
      this.byPath.set(key, slot);
    }
    return slot.category;
  }

  entry(path: string[], raw: string, line: number): void {
    const cat = this.category(path, line);
    const entry = raw.trim();
    const slot = this.byPath.get(JSON.stringify(path))!;
    if (entry === '') {
      this.warn(line, `empty entry in "${path.join(' > ')}", dropped`);
      return;
    }
    if (slot.seen.has(entry)) {
      this.warn(line, `duplicate entry "${entry}" in "${path.join(' > ')}", kept once`);
      return;
    }
    slot.seen.add(entry);
    cat.entries.push(entry);
  }

  warn(line: number, message: string): void {
    this.warnings.push({ line, message });
  }

  fail(line: number, reason: string): never {
    throw new DictionaryError(this.source.file, line, reason);
  }

  build(): Dictionary {
    const slots = [...this.byPath.values()];
    const all = slots.map((s) => s.category);
    // A category that only groups subcategories is a path prefix, not a code.
    const isParent = (c: Category) =>
      all.some((o) => o.path.length > c.path.length && c.path.every((p, i) => o.path[i] === p));
    const kept = slots.filter((s) => s.category.entries.length > 0 || !isParent(s.category));
    for (const s of kept) {
      if (s.category.entries.length === 0) this.warn(s.line, `category ${q(s.category.path.join(' > '))} has no entries`);
    }
    const categories = kept.map((s) => s.category);
    return { name: this.source.name, format: this.format, categories, warnings: this.warnings, notes: this.notes };
  }
}

/** JSON-ish quoting for messages. */
export const q = (s: string): string => JSON.stringify(s);
