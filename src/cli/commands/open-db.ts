// Commands that read results need a database that exists; say so plainly when it does not.
import { existsSync } from 'node:fs';
import { openStore, StoreError, type Store } from '../../store/index.ts';
import { UsageError } from '../errors.ts';

export function openExistingStore(db: string): Store {
  if (!existsSync(db)) throw new UsageError(`no database at ${db}; run \`codeframe run\` first (or pass --db)`);
  return openStore(db);
}

export function codebookVersionOf(store: Store, requested: string | undefined): string {
  const version = requested ?? store.latestCodebookVersion();
  if (!version) throw new UsageError('the database has no coded run yet; run `codeframe run` or `codeframe code` first');
  return version;
}

/** What the store refuses about a request (an unknown codebook version, a database never coded)
 *  is the user's to fix: a UsageError; anything else passes through unchanged. */
export function asUsageError(err: unknown): unknown {
  return err instanceof StoreError ? new UsageError(err.message) : err;
}
