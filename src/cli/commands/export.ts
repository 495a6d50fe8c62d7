// `codeframe export --format jsonl`: one line per segment, to a file or standard output.
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { exportJsonl } from '../../report/export-jsonl.ts';
import { EXIT } from '../errors.ts';
import { codebookVersionOf, openExistingStore } from './open-db.ts';

export async function exportCommand(flags: { format: 'jsonl'; db: string; out?: string; codebookVersion?: string }): Promise<number> {
  const store = openExistingStore(flags.db);
  try {
    const codebookVersion = codebookVersionOf(store, flags.codebookVersion);
    if (flags.out) {
      const file = createWriteStream(flags.out);
      const lines = exportJsonl(store, file, { codebookVersion });
      file.end();
      await finished(file);
      process.stderr.write(`codeframe: ${lines} segments written to ${flags.out}\n`);
    } else {
      exportJsonl(store, process.stdout, { codebookVersion });
    }
    return EXIT.ok;
  } finally {
    store.close();
  }
}
