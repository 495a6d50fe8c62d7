// `codeframe export --format qdpx|qdc --out FILE`: the coded corpus as a REFI-QDA project, or the
// codebook alone, for NVivo, ATLAS.ti, MAXQDA and QualCoder.
import { exportQdc, exportQdpx, RefiError } from '../../interchange/refi/index.ts';
import { finalReviewHook } from '../../interchange/refi/review-status.ts';
import { EXIT, UsageError } from '../errors.ts';
import { codebookVersionOf, openExistingStore } from './open-db.ts';

export interface ExportQdpxFlags {
  format: 'qdpx' | 'qdc';
  db: string;
  out?: string;
  codebookVersion?: string;
  /** final (default): rule codings carry their review status, rejected ones are left out; auto: all, as 'auto'. */
  codings?: 'final' | 'auto';
  json?: boolean;
}

export function exportQdpxCommand(flags: ExportQdpxFlags): number {
  if (flags.format !== 'qdpx' && flags.format !== 'qdc') {
    throw new UsageError(`unexpected --format ${String(flags.format)}, expected qdpx or qdc`);
  }
  const ext = `.${flags.format}`;
  if (!flags.out) throw new UsageError(`--out FILE is required with --format ${flags.format} (a zip/XML file, not standard output)`);
  // QDA tools open these by extension (REFI-QDA: "must have the extension .QDC" / .QDPX).
  if (!flags.out.toLowerCase().endsWith(ext)) throw new UsageError(`unexpected --out ${flags.out}, expected a file name ending in ${ext}`);
  const store = openExistingStore(flags.db);
  try {
    const codebookVersion = codebookVersionOf(store, flags.codebookVersion);
    const review = flags.codings === 'auto' ? undefined : finalReviewHook(store, codebookVersion);
    const summary = flags.format === 'qdpx' ? exportQdpx(store, flags.out, { codebookVersion, review }) : exportQdc(store, flags.out, { codebookVersion });
    if (flags.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else if (flags.format === 'qdpx') {
      const left = summary.uncodedDocuments ? `; ${summary.uncodedDocuments} documents not coded with this version left out` : '';
      const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : 's'}`;
      process.stderr.write(
        `codeframe: ${n(summary.sources, 'source')}, ${n(summary.codes, 'code')}, ${n(summary.selections, 'coded selection')} (${n(summary.ruleCodings, 'rule coding')}), codebook ${summary.codebookVersion}${left} → ${summary.file}\n`,
      );
    } else {
      process.stderr.write(`codeframe: ${summary.codes} codes of codebook ${summary.codebookVersion} → ${summary.file}\n`);
    }
    return EXIT.ok;
  } catch (err) {
    // An unknown --codebook-version is the user's mistake, not a bug.
    if (err instanceof RefiError) throw new UsageError(err.message);
    throw err;
  } finally {
    store.close();
  }
}
