// `codeframe agreement [--db FILE] [--queue ID]`: agreement from the review log. Per code, each unit
// is 1 / 0 / missing for each coder (see src/measure/from-reviews.ts); then percent agreement (both
// definitions), Cohen's kappa, Fleiss' kappa, Krippendorff's alpha (nominal); coder x coder with the
// rules as one more coder; and the rules scored per code and rule (precision, recall, Wilson CIs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRows, PERCENT_DEFINITIONS, type StatisticBase } from '../../measure/agreement/index.ts';
import { reviewAgreement, RULES_CODER, type ReviewAgreement } from '../../measure/from-reviews.ts';
import type { Proportion } from '../../measure/rule-quality.ts';
import { csv, type Cell } from '../../report/format.ts';
import { EXIT } from '../errors.ts';
import { withStore } from './queue.ts';

export interface AgreementDbFlags {
  db: string;
  queue?: string;
  codebookVersion?: string;
  json?: boolean;
  out?: string;
}

export const BY_CODE_HEADER = [
  'code_id', 'coders', 'units', 'with_code', 'without_code', 'missing', 'percent_all_agree', 'percent_mean_pairwise',
  'cohen_kappa', 'cohen_units', 'fleiss_kappa', 'fleiss_units', 'krippendorff_alpha', 'alpha_units', 'alpha_units_dropped', 'note',
] as const;
export const PAIRS_HEADER = ['code_id', 'coder_a', 'coder_b', 'units', 'percent_agreement', 'cohen_kappa', 'note'] as const;
export const RULES_HEADER = [
  'code_id', 'rule_id', 'suggested', 'accepted', 'coded', 'added_by_coders',
  'precision', 'precision_lower', 'precision_upper', 'recall', 'recall_lower', 'recall_upper', 'note',
] as const;

const undefinedNote = (name: string, s: StatisticBase) => (s.undefinedReason ? `${name} undefined: ${s.undefinedReason}` : null);
const notes = (...xs: Array<string | null>) => xs.filter(Boolean).join('; ');

export function agreementTables(r: ReviewAgreement): { byCode: Cell[][]; pairs: Cell[][]; rules: Cell[][] } {
  const byCode = r.byCode.map((c): Cell[] => [
    c.code, c.coders, c.units, c.withCode, c.withoutCode, c.missing,
    c.percentAgreement.allAgree.value, c.percentAgreement.meanPairwise.value,
    c.cohenKappa.value, c.cohenKappa.units, c.fleissKappa.value, c.fleissKappa.units, c.alpha.value, c.alpha.units, c.alpha.unitsDropped,
    notes(undefinedNote('percent', c.percentAgreement.allAgree), undefinedNote('cohen', c.cohenKappa), undefinedNote('fleiss', c.fleissKappa), undefinedNote('alpha', c.alpha)),
  ]);
  const pairs = r.pairs.map((p): Cell[] => [p.code, p.coderA, p.coderB, p.units, p.percentAgreement, p.cohenKappa.value, undefinedNote('cohen', p.cohenKappa) ?? '']);
  const prop = (p: Proportion): Cell[] => [p.value, p.lower, p.upper];
  const rules: Cell[][] = [];
  for (const c of r.rules.codes) {
    rules.push([c.codeId, '*', c.suggested, c.accepted, c.coded, c.addedByCoders, ...prop(c.precision), ...prop(c.recall), 'all rules of the code']);
    for (const x of c.rules) rules.push([c.codeId, x.ruleId, x.suggested, x.accepted, c.coded, null, ...prop(x.precision), ...prop(x.recall), '']);
  }
  return { byCode, pairs, rules };
}

export function agreementDbCommand(flags: AgreementDbFlags): number {
  return withStore(flags.db, (store) => {
    const r = reviewAgreement(store, { queue: flags.queue, codebookVersion: flags.codebookVersion });
    const t = agreementTables(r);
    if (flags.out) {
      mkdirSync(flags.out, { recursive: true });
      writeFileSync(join(flags.out, 'agreement_by_code.csv'), csv([...BY_CODE_HEADER], t.byCode));
      writeFileSync(join(flags.out, 'coder_pairs.csv'), csv([...PAIRS_HEADER], t.pairs));
      writeFileSync(join(flags.out, 'rule_quality.csv'), csv([...RULES_HEADER], t.rules));
    }
    if (flags.json) {
      process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      return EXIT.ok;
    }
    // A pair where neither side ever gave the code says nothing on screen (kappa 0/0 on all-0 data).
    const shownPairs = t.pairs.filter((_, i) => !/used only `0`/.test(r.pairs[i]!.cohenKappa.undefinedReason ?? ''));
    const lines = [
      `Agreement from the review log: codebook ${r.codebookVersion}, unit ${r.unit}${r.queue ? `, queue ${r.queue}` : ', every queue'}.`,
      `Coders: ${r.coders.join(', ') || '(none finished a unit)'}; ${r.units} unit(s) finished by at least one coder` +
        (r.unfinished ? `; ${r.unfinished} unit x coder started but not finished (missing, not "without the code")` : '') + '.',
      'Per unit and coder: 1 = kept or added the code, 0 = finished the unit without it, missing = did not finish the unit.',
      `Percent agreement: all_agree = ${PERCENT_DEFINITIONS.all_agree}; mean_pairwise = ${PERCENT_DEFINITIONS.mean_pairwise}.`,
      "Cohen's kappa: two coders, units both finished. Fleiss' kappa: units with the most common number of ratings. Alpha: nominal, units with 2+ values.",
      '',
      formatRows(
        ['code', 'coders', 'units', 'missing', 'pct_all', 'pct_pair', 'cohen', 'fleiss', 'alpha', 'alpha_units', 'note'],
        r.byCode.map((c, i) => [c.code, c.coders, c.units, c.missing, c.percentAgreement.allAgree.value, c.percentAgreement.meanPairwise.value,
          c.cohenKappa.value, c.fleissKappa.value, c.alpha.value, c.alpha.units,
          // The screen says it short where nobody gave the code; the CSV and --json keep every reason.
          c.withCode === 0 && c.withoutCode > 0 ? 'nobody gave this code: kappa and alpha are 0/0' : (t.byCode[i]![15] as string)]),
      ),
      `Coder x coder (units both finished; ${RULES_CODER} = the rules: 1 where a rule suggested the code):`,
      '',
      formatRows(['code', 'pair', 'units', 'pct', 'cohen', 'note'], shownPairs.map((p) => [p[0], `${p[1]} / ${p[2]}`, p[3], p[4], p[5], p[6]])) +
        (shownPairs.length < t.pairs.length ? `(${t.pairs.length - shownPairs.length} pair(s) that agree on absence throughout left off the screen: see coder_pairs.csv or --json)\n` : ''),
      `Rules scored as a coder (reference: the adjudication, else what every coder who finished the unit agrees on` +
        `${r.disputedLeftOut ? `; ${r.disputedLeftOut} disputed unit x code left out` : ''}). Precision = accepted / suggested; recall = accepted / units coded with the code; 95% Wilson intervals.`,
      '',
      formatRows(
        ['code', 'rule', 'suggested', 'accepted', 'coded', 'precision', 'recall', 'note'],
        t.rules.map((x) => [x[0], x[1], x[2], x[3], x[4], interval(x[6], x[7], x[8]), interval(x[9], x[10], x[11]), x[12]]),
      ),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return EXIT.ok;
  });
}

function interval(value: Cell, lower: Cell, upper: Cell): string {
  if (value === null) return '— (0/0)';
  return `${Number(value).toFixed(3)} [${Number(lower).toFixed(3)}, ${Number(upper).toFixed(3)}]`;
}
