// `codeframe report`: one self-contained HTML report (OUT/report/index.html, with the plots also
// as OUT/report/*.svg): method, comparison tables with intervals and tests, co-occurrence,
// timeline, plots and the run manifest.
import { CODINGS_MODES, type CodingsMode } from '../../report/compare/index.ts';
import { writeReport } from '../../report/html/index.ts';
import { EXIT, UsageError } from '../errors.ts';
import { asUsageError, codebookVersionOf, openExistingStore } from './open-db.ts';

export interface ReportFlags {
  db: string;
  out: string;
  codings?: string;
  codebookVersion?: string;
  bootstrap?: number;
  seed?: number;
  json?: boolean;
}

export async function reportCommand(flags: ReportFlags): Promise<number> {
  const codings = flags.codings ?? 'final';
  if (!(CODINGS_MODES as readonly string[]).includes(codings)) {
    throw new UsageError(`Unexpected --codings \`${codings}\`, expected one of: ${CODINGS_MODES.join(', ')}`);
  }
  const store = openExistingStore(flags.db);
  try {
    let result;
    try {
      result = await writeReport(store, flags.out, {
        codings: codings as CodingsMode,
        codebookVersion: codebookVersionOf(store, flags.codebookVersion),
        bootstrap: flags.bootstrap ?? 1000,
        seed: flags.seed ?? 1,
      });
    } catch (err) {
      throw asUsageError(err);
    }
    const { report } = result;
    process.stdout.write(
      flags.json
        ? JSON.stringify({ files: result.files, codebookVersion: report.data.codebook.version, codings: report.data.data.codings, documents: report.data.data.documents.length, corpusHash: report.data.corpusHash }, null, 2) + '\n'
        : `${report.data.data.basis}\n${report.data.data.documents.length} document(s); corpus hash ${report.data.corpusHash}\n${result.files.join('\n')}\n`,
    );
    return EXIT.ok;
  } finally {
    store.close();
  }
}
