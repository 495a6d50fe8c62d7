// `codeframe tables`: the comparison tables from what is stored.
import { parseCodings } from '../../report/final-tables.ts';
import { writeTables } from '../../report/tables.ts';
import { EXIT, UsageError } from '../errors.ts';
import { codebookVersionOf, openExistingStore } from './open-db.ts';

export function tablesCommand(flags: { db: string; out: string; codebookVersion?: string; codings?: string; json?: boolean }): number {
  const codings = parseCodings(flags.codings);
  if (!codings) throw new UsageError(`unexpected --codings ${flags.codings}, expected auto, final or coder:NAME`);
  const store = openExistingStore(flags.db);
  try {
    const result = writeTables(store, flags.out, { codebookVersion: codebookVersionOf(store, flags.codebookVersion), codings });
    process.stdout.write(flags.json ? JSON.stringify(result, null, 2) + '\n' : result.files.join('\n') + '\n');
    return EXIT.ok;
  } finally {
    store.close();
  }
}
