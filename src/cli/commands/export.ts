// `codeframe export --format jsonl`: one line per segment, to a file or standard output.
import { exportJsonl } from '../../report/export-jsonl.ts';
import { writeFileAtomically } from '../../report/write-files.ts';
import { EXIT } from '../errors.ts';
import { codebookVersionOf, openExistingStore } from './open-db.ts';

export async function exportCommand(flags: { format: 'jsonl'; db: string; out?: string; codebookVersion?: string }): Promise<number> {
  const store = openExistingStore(flags.db);
  try {
    const codebookVersion = codebookVersionOf(store, flags.codebookVersion);
    if (flags.out) {
      // Write then rename (report/write-files.ts): a full disk never leaves half an export.
      const lines = writeFileAtomically(flags.out, (emit) => exportJsonl(store, emit, { codebookVersion }));
      process.stderr.write(`codeframe: ${lines} segments written to ${flags.out}\n`);
    } else {
      exportJsonl(store, process.stdout, { codebookVersion });
    }
    return EXIT.ok;
  } finally {
    store.close();
  }
}
