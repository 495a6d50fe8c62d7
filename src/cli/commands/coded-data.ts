// The coded units that quotes and timeline read. Apart from open-db.ts so that the other commands
// do not load the comparison and review modules at start.
import { loadCodedData, type CodedData, type CodingsMode } from '../../report/compare/index.ts';
import type { Store } from '../../store/index.ts';
import { asUsageError, codebookVersionOf } from './open-db.ts';

/** The coded units a reporting command reads (quotes, timeline): final codings unless asked
 *  otherwise, of the requested or latest codebook version; the store's refusals as usage errors. */
export function codedDataOf(store: Store, flags: { codings?: CodingsMode; codebookVersion?: string }): CodedData {
  try {
    return loadCodedData(store, { codings: flags.codings ?? 'final', codebookVersion: codebookVersionOf(store, flags.codebookVersion) });
  } catch (err) {
    throw asUsageError(err);
  }
}
