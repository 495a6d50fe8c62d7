// Tidy export: one JSON line per segment of the documents coded with a codebook version, with the
// segment's exact text and its auto codings. Ordered by file, start, kind; keys in a fixed order,
// so the same database gives the same bytes.
import { exportRows, StoreError, type Store } from '../store/index.ts';

export interface JsonlCode {
  code: string;
  rule: string;
  negated: boolean;
  spans: Array<[number, number]>;
  status: 'auto';
}

export interface JsonlSegment {
  file: string;
  sha256: string;
  segment_id: string;
  kind: string;
  start: number;
  end: number;
  page: number;
  text: string;
  codes: JsonlCode[];
}

/** Writes the lines (each ending in "\n") to a stream or hands them to a callback; returns how many. */
export function exportJsonl(
  store: Store,
  out: NodeJS.WritableStream | ((line: string) => void),
  opts: { codebookVersion?: string } = {},
): number {
  const version = opts.codebookVersion ?? store.latestCodebookVersion();
  if (!version) throw new StoreError('Unexpected database without a coded run, expected `codeframe run` or `codeframe code` first');
  const emit = typeof out === 'function' ? out : (line: string) => void out.write(line);
  let lines = 0;
  let current = null as JsonlSegment | null;
  const flush = () => {
    if (current) {
      emit(JSON.stringify(current) + '\n');
      lines++;
    }
  };
  for (const r of exportRows(store.db, version)) {
    if (current?.segment_id !== r.segment_id) {
      flush();
      current = {
        file: r.file, sha256: r.sha256, segment_id: r.segment_id, kind: r.kind,
        start: r.start, end: r.end, page: r.page, text: r.text, codes: [],
      };
    }
    if (r.code_id !== null) {
      current.codes.push({
        code: r.code_id, rule: r.rule_id!, negated: r.negated === 1,
        spans: JSON.parse(r.spans!) as Array<[number, number]>, status: 'auto',
      });
    }
  }
  flush();
  return lines;
}
