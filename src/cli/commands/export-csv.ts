// `codeframe export --format csv|matrix`: the tidy unit x code CSV or the 0/1 unit-by-code matrix,
// to a file or standard output.
import { writeFileAtomically } from '../../report/write-files.ts';
import { writeMatrixCsv, writeTidyCsv, type CodingsMode, type CsvExportSummary } from '../../report/export-csv.ts';
import { EXIT, UsageError } from '../errors.ts';
import { asUsageError, codebookVersionOf, openExistingStore } from './open-db.ts';

export interface ExportCsvFlags {
  format: 'csv' | 'matrix';
  db: string;
  out?: string;
  codebookVersion?: string;
  codings?: CodingsMode;
  unit?: 'sentence' | 'paragraph';
  json?: boolean;
}

export function exportCsvCommand(flags: ExportCsvFlags): number {
  // As the tables: adjudicated where present, else the coders' agreed decision, else the rules.
  const codings = flags.codings ?? 'final';
  if (codings !== 'auto' && codings !== 'final') throw new UsageError(`Unexpected --codings \`${String(codings)}\`, expected auto or final`);
  const write = flags.format === 'matrix' ? writeMatrixCsv : writeTidyCsv;
  const store = openExistingStore(flags.db);
  try {
    const opts = { codebookVersion: codebookVersionOf(store, flags.codebookVersion), codings, ...(flags.unit ? { unit: flags.unit } : {}) };
    let summary: CsvExportSummary;
    try {
      if (flags.out) {
        // Write then rename (report/write-files.ts): a reader or a full disk never leaves half an export.
        summary = writeFileAtomically(flags.out, (emit) => write(store, emit, opts));
      } else {
        // Buffered: one write per MB keeps a large export fast on a pipe.
        let buffer = '';
        summary = write(store, (chunk) => {
          buffer += chunk;
          if (buffer.length > 1 << 20) process.stdout.write(buffer), (buffer = '');
        }, opts);
        process.stdout.write(buffer);
      }
    } catch (err) {
      throw asUsageError(err);
    }
    const what = `${summary.rows} ${flags.format === 'matrix' ? 'units' : 'unit x code rows'} (${summary.codings} codings, ${summary.unit}s, codebook ${summary.codebookVersion})`;
    // --json goes to stdout only when stdout is not the export itself.
    if (flags.json) (flags.out ? process.stdout : process.stderr).write(JSON.stringify({ ...summary, out: flags.out ?? null }) + '\n');
    else if (flags.out) process.stderr.write(`codeframe: ${what} written to ${flags.out}\n`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}
