// The review status of each exported rule coding, from the final codings (v_final_codings:
// adjudicated, else what the coders agree on, else the rules). A coding the coders rejected or an
// adjudicator ruled absent is left out, as in the tables; one they kept says so.
import type { Store } from '../../store/index.ts';
import { stmt } from '../../store/statements.ts';
import type { ReviewHook } from './model.ts';

interface FinalRow {
  source: 'adjudicated' | 'coders' | 'auto';
  present: number;
}

export function finalReviewHook(store: Store, codebookVersion: string): ReviewHook {
  const q = stmt(
    store.db,
    `SELECT source, present FROM v_final_codings WHERE codebook_version = ? AND segment_id = ? AND code_id = ?`,
  );
  return (subject) => {
    const rows = subject.segmentIds.map((id) => q.get(codebookVersion, id, subject.codeId) as FinalRow | undefined).filter((r) => r !== undefined);
    const reviewed = rows.filter((r) => r.source !== 'auto');
    if (reviewed.length === 0) return { status: 'auto' };
    if (reviewed.every((r) => r.present === 0)) return null;
    return { status: reviewed.some((r) => r.source === 'adjudicated') ? 'adjudicated' : 'accepted' };
  };
}
