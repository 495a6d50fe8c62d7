// The codings tables count. `final`: adjudicated where there is an adjudication, else what the
// coders agree on, else the rules' suggestion (v_final_codings; `source` says which). `auto`: the
// rules alone. `coder`: one coder's own codings (current decisions; for agreement and audits).
// Current documents only, one row per unit x code that is coded (present).
import type { Store, Unit } from '../store/index.ts';
import { ReviewError } from './errors.ts';
import { requireCoder } from './coders.ts';
import { reviewSql } from './sql.ts';

export interface FinalCoding {
  sha256: string;
  file: string;
  actorGroup: string;
  segmentId: string;
  codeId: string;
  negated: number;
  source: 'adjudicated' | 'coders' | 'auto' | 'coder';
  /** Spans a coder or adjudicator drew; null: the rules' hits (`hits`). */
  spans: string | null;
  hits: string | null;
  coders: number;
  adjudicationId: number | null;
}

export function finalCodings(
  store: Store,
  opts: { mode: 'final' | 'auto' | 'coder'; coder?: string; codebookVersion?: string; unit?: Unit },
): FinalCoding[] {
  const q = reviewSql(store.db);
  const version = opts.codebookVersion ?? store.latestCodebookVersion();
  if (!version) throw new ReviewError('Unexpected database without a coded run, expected `codeframe run` or `codeframe code` first');
  const unit = opts.unit ?? ((q.codedUnit.pluck().get(version) as Unit | undefined) ?? 'sentence');
  switch (opts.mode) {
    case 'final':
      return q.finalRows.all({ version, unit }) as FinalCoding[];
    case 'auto':
      return q.autoRows.all({ version, unit }) as FinalCoding[];
    case 'coder':
      if (!opts.coder) throw new ReviewError('Unexpected mode `coder` without `coder`, expected a coder name');
      requireCoder(store, opts.coder);
      return q.coderRows.all({ version, unit, coder: opts.coder }) as FinalCoding[];
    default:
      throw new ReviewError(`Unexpected mode \`${String(opts.mode)}\`, expected final, auto or coder`);
  }
}
