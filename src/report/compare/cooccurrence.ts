// Co-occurrence of codes in the same unit: for each pair of codes, the units coded with both, and
// Jaccard's index |A ∩ B| / |A ∪ B| (A, B: the units coded with each); overall and per actor group.
// The diagonal holds the units coded with the code (Jaccard 1 when there are any).
import type { CodeRow } from '../../store/index.ts';
import { actorGroupsOf, codesByUnit, type CodedData } from './units.ts';

export interface CooccurrencePair {
  a: string;
  b: string;
  unitsA: number;
  unitsB: number;
  both: number;
  /** null when neither code is coded (0/0). */
  jaccard: number | null;
}

export interface CooccurrenceMatrix {
  /** `(all)` or an actor group. */
  actorGroup: string;
  documents: number;
  units: number;
  codes: string[];
  /** Every ordered pair (a, b), a and b in codebook order, the diagonal included. */
  pairs: CooccurrencePair[];
}

export const ALL = '(all)';

export function cooccurrence(data: CodedData, codes: readonly CodeRow[] = data.codes): CooccurrenceMatrix[] {
  const ids = codes.map((c) => c.code_id);
  const groupOfDoc = new Map(data.documents.map((d) => [d.sha256, d.actor_group]));
  const unitDoc = new Map(data.units.map((u) => [u.segment_id, u.sha256]));
  const unitCodes = [...codesByUnit(data.units)].map(([segment, set]) => ({ group: groupOfDoc.get(unitDoc.get(segment)!), set }));
  const matrix = (group: string, selected: typeof unitCodes): CooccurrenceMatrix => {
    const docs = data.documents.filter((d) => group === ALL || d.actor_group === group);
    const n = ids.map(() => ids.map(() => 0));
    for (const { set } of selected) {
      const present = ids.flatMap((id, i) => (set.has(id) ? [i] : []));
      for (const i of present) for (const j of present) n[i]![j]!++;
    }
    const pairs: CooccurrencePair[] = [];
    ids.forEach((a, i) =>
      ids.forEach((b, j) => {
        const both = n[i]![j]!;
        const union = n[i]![i]! + n[j]![j]! - both;
        pairs.push({ a, b, unitsA: n[i]![i]!, unitsB: n[j]![j]!, both, jaccard: union > 0 ? both / union : null });
      }),
    );
    return { actorGroup: group, documents: docs.length, units: docs.reduce((s, d) => s + d.units, 0), codes: ids, pairs };
  };
  return [
    matrix(ALL, unitCodes.filter((u) => u.group !== undefined)),
    ...actorGroupsOf(data.documents).map((g) => matrix(g, unitCodes.filter((u) => u.group === g))),
  ];
}
