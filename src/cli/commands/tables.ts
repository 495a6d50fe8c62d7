// `codeframe tables`: the comparison tables from what is stored.
import { writeTables } from '../../report/tables.ts';
import { EXIT } from '../errors.ts';
import { codebookVersionOf, openExistingStore } from './open-db.ts';

export function tablesCommand(flags: { db: string; out: string; codebookVersion?: string; json?: boolean }): number {
  const store = openExistingStore(flags.db);
  try {
    const result = writeTables(store, flags.out, { codebookVersion: codebookVersionOf(store, flags.codebookVersion) });
    process.stdout.write(flags.json ? JSON.stringify(result, null, 2) + '\n' : result.files.join('\n') + '\n');
    return EXIT.ok;
  } finally {
    store.close();
  }
}
