// Boundary agreement between two sentence splits of the same text: how many sentence ends
// they share, as precision/recall/F1 of `ours` against `reference`. Ends are compared after
// stepping back over whitespace (one splitter may keep the trailing space, the other not), and
// paragraph ends are left out: both splitters always agree there, which would flatter the score.
import { isSpace } from './chars.ts';
import { splitParagraphs } from './paragraphs.ts';

export interface BoundaryAgreement {
  precision: number;
  recall: number;
  f1: number;
  /** Interior ends only ours has / only the reference has. */
  onlyOurs: number[];
  onlyReference: number[];
  shared: number;
}

export function boundaryAgreement(
  text: string,
  ours: Array<[number, number]>,
  reference: Array<[number, number]>,
): BoundaryAgreement {
  const paragraphEnds = new Set(splitParagraphs(text).map(([, e]) => e));
  const ends = (spans: Array<[number, number]>): Set<number> => {
    const set = new Set<number>();
    for (const [, end] of spans) {
      let e = end;
      while (e > 0 && isSpace(text.charCodeAt(e - 1))) e--;
      if (e > 0 && !paragraphEnds.has(e)) set.add(e);
    }
    return set;
  };
  const a = ends(ours);
  const b = ends(reference);
  const onlyOurs = [...a].filter((e) => !b.has(e)).sort((x, y) => x - y);
  const onlyReference = [...b].filter((e) => !a.has(e)).sort((x, y) => x - y);
  const shared = a.size - onlyOurs.length;
  const precision = a.size === 0 ? 1 : shared / a.size;
  const recall = b.size === 0 ? 1 : shared / b.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, onlyOurs, onlyReference, shared };
}
