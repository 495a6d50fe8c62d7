// Scale test on real crowd codings: 16,806 judgements of 2,545 sentences by 208 coders (Benoit et al.
// 2016, EP coal debate; ../shared/coded/SOURCES.md quotes no alpha for it, so there is no published
// figure to compare with). Nominal alpha over sentence_id × coder_id for crowd_subsidy_label.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { agreementReport, alphaBootstrap, krippendorffAlpha, matrixFromRows, matrixFromUnitValues } from '../../../src/measure/agreement/index.ts';
import { needShared, shared } from '../../helpers/shared.ts';

describe.runIf(needShared('crowd-coding scale test'))('EP coal debate crowd codings', () => {
  const records: Array<Record<string, string>> = parse(readFileSync(shared('coded/EPcoaldebate_crowd_codings_6lang.csv')), { columns: true });
  const rows = records.map((r) => ({ unit: r.sentence_id, coder: r.coder_id, value: r.crowd_subsidy_label === 'NA' ? null : r.crowd_subsidy_label }));

  it('computes nominal alpha over sentence × coder', () => {
    const { matrix, duplicates, conflictingDuplicates } = matrixFromRows(rows);
    // Counted here without the library: sentences judged by two or more different coders.
    const codersPerUnit = new Map<string, Set<string>>();
    for (const r of rows) {
      if (r.value === null) continue;
      if (!codersPerUnit.has(r.unit)) codersPerUnit.set(r.unit, new Set());
      codersPerUnit.get(r.unit)!.add(r.coder);
    }
    const pairableUnits = [...codersPerUnit.values()].filter((s) => s.size >= 2).length;
    const coders = new Set(rows.map((r) => r.coder)).size;

    const alpha = krippendorffAlpha(matrix, 'nominal');
    const report = agreementReport(matrix);
    const ci = alphaBootstrap(matrix, 'nominal', { samples: 200, seed: 1 });
    // Every judgement as a value of its sentence, a coder's repeat included (what a tool that ignores
    // coder ids would compute), for comparison.
    const byUnit = new Map<string, string[]>();
    for (const r of rows) if (r.value !== null) byUnit.set(r.unit, [...(byUnit.get(r.unit) ?? []), r.value]);
    const allJudgements = krippendorffAlpha(matrixFromUnitValues([...byUnit.values()]), 'nominal');

    console.log(
      [
        `EP coal debate: ${records.length} judgements, ${matrix.units.length} sentences, ${matrix.coders.length} coders`,
        `  repeated (sentence, coder) judgements: ${duplicates} (first kept), ${conflictingDuplicates} with a different label`,
        `  nominal alpha = ${alpha.value?.toFixed(4)} over ${alpha.units} units (${alpha.unitsDropped} dropped, < 2 values), ${alpha.pairableValues} pairable values; bootstrap 95% CI [${ci.lower?.toFixed(4)}, ${ci.upper?.toFixed(4)}]`,
        `  D_o = ${alpha.observedDisagreement?.toFixed(4)}, D_e = ${alpha.expectedDisagreement?.toFixed(4)}`,
        `  Fleiss kappa = ${report.fleissKappa.value?.toFixed(4)} (${report.fleissKappa.ratingsPerUnit} ratings/unit, ${report.fleissKappa.units} units)`,
        `  percent agreement: all_agree ${report.percentAgreement.allAgree.value?.toFixed(4)}, mean_pairwise ${report.percentAgreement.meanPairwise.value?.toFixed(4)}`,
        `  alpha with every judgement as a value (repeats kept): ${allJudgements.value?.toFixed(4)} over ${allJudgements.units} units`,
      ].join('\n'),
    );

    expect(records.length).toBe(16806);
    expect(matrix.units.length).toBe(2545);
    expect(matrix.coders.length).toBe(coders);
    expect(alpha.units).toBe(pairableUnits);
    expect(alpha.unitsDropped).toBe(2545 - pairableUnits);
    expect(alpha.value).not.toBeNull();
    expect(Number.isFinite(alpha.value)).toBe(true);
    expect(alpha.value!).toBeGreaterThanOrEqual(-1);
    expect(alpha.value!).toBeLessThanOrEqual(1);
    expect(alpha.pairableValues).toBe([...byUnit.entries()].filter(([u]) => (codersPerUnit.get(u)?.size ?? 0) >= 2).reduce((a, [u]) => a + codersPerUnit.get(u)!.size, 0));
    expect(ci.lower!).toBeLessThan(alpha.value!);
    expect(ci.upper!).toBeGreaterThan(alpha.value!);
    expect(alpha.values).toEqual(['Anti-Subsidy', 'Neutral or inapplicable', 'Pro-Subsidy']);
  });
});
