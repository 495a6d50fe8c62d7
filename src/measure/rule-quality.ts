// The rules scored as a coder. Per code and per rule, over the units coders reviewed:
//   precision = suggestions coders accepted / suggestions made,
//   recall    = accepted suggestions / every coding coders kept or added (the codings they would want),
// each with a Wilson 95% interval. Recall is an estimate: it only sees what coders added on units they
// reviewed, so the caller must pass rows from reviewed units only (and, to estimate what the rules
// miss, include reviewed units the rules never tagged). Counting is per unit: several matches of one
// rule in a unit are one suggestion.
import { byCodeUnit } from './agreement/matrix.ts';

export interface RuleQualityRow {
  unit: string;
  codeId: string;
  /** null = a coding a coder added that no rule suggested. */
  ruleId: string | null;
  suggested: boolean;
  /** The coders kept (or added) this code on this unit. */
  accepted: boolean;
}

export interface Proportion {
  value: number | null;
  numerator: number;
  denominator: number;
  /** Wilson score interval at `confidence`; null when the denominator is 0. */
  lower: number | null;
  upper: number | null;
  confidence: number;
  undefinedReason?: string;
}

export interface RuleScore {
  codeId: string;
  ruleId: string;
  /** Units the rule suggested the code on, and of those, units where coders accepted the suggestion. */
  suggested: number;
  accepted: number;
  precision: Proportion;
  /** Of the units coders coded with this code, the share this rule found. */
  recall: Proportion;
}

export interface CodeScore {
  codeId: string;
  /** Units any rule suggested the code on / of those accepted / units with the code in the end
   *  (kept or added) / units coders added it to without any rule suggesting it. */
  suggested: number;
  accepted: number;
  coded: number;
  addedByCoders: number;
  precision: Proportion;
  recall: Proportion;
  rules: RuleScore[];
}

export interface RuleQuality {
  codes: CodeScore[];
  /** (unit, code) pairs where rows disagree on `accepted` for suggestions of different rules; the
   *  code counts as coded there (some suggestion was kept). */
  inconsistentUnits: number;
}

const Z95 = 1.959963984540054;

/** Wilson score interval for x successes out of n (Wilson 1927); undefined (null, with reason) when n = 0. */
export function wilson(x: number, n: number, confidence = 0.95): Proportion {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || x > n) {
    throw new Error(`Unexpected counts ${x}/${n}, expected integers 0 <= x <= n`);
  }
  const base = { numerator: x, denominator: n, confidence };
  if (n === 0) return { ...base, value: null, lower: null, upper: null, undefinedReason: 'nothing to count: denominator is 0 (0/0)' };
  const z = confidence === 0.95 ? Z95 : normalQuantile(1 - (1 - confidence) / 2);
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { ...base, value: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

export function ruleQuality(rows: Iterable<RuleQualityRow>, options: { confidence?: number } = {}): RuleQuality {
  const confidence = options.confidence ?? 0.95;
  // code → unit → { any suggestion, any accepted, flags of suggestions }, and code → rule → unit → accepted.
  const units = new Map<string, Map<string, { suggested: boolean; accepted: boolean; suggestionFlags: Set<boolean> }>>();
  const rules = new Map<string, Map<string, Map<string, boolean>>>();
  for (const r of rows) {
    let byUnit = units.get(r.codeId);
    if (!byUnit) units.set(r.codeId, (byUnit = new Map()));
    const u = byUnit.get(r.unit) ?? { suggested: false, accepted: false, suggestionFlags: new Set<boolean>() };
    byUnit.set(r.unit, u);
    u.accepted ||= r.accepted;
    if (r.suggested) {
      u.suggested = true;
      u.suggestionFlags.add(r.accepted);
      if (r.ruleId !== null) {
        let byRule = rules.get(r.codeId);
        if (!byRule) rules.set(r.codeId, (byRule = new Map()));
        let ruleUnits = byRule.get(r.ruleId);
        if (!ruleUnits) byRule.set(r.ruleId, (ruleUnits = new Map()));
        ruleUnits.set(r.unit, (ruleUnits.get(r.unit) ?? false) || r.accepted);
      }
    }
  }
  let inconsistentUnits = 0;
  const codes = [...units.keys()].sort(byCodeUnit).map((codeId): CodeScore => {
    const byUnit = [...units.get(codeId)!.values()];
    inconsistentUnits += byUnit.filter((u) => u.suggestionFlags.size > 1).length;
    const suggested = byUnit.filter((u) => u.suggested).length;
    const accepted = byUnit.filter((u) => u.suggested && u.accepted).length;
    const coded = byUnit.filter((u) => u.accepted).length;
    const ruleScores = [...(rules.get(codeId) ?? new Map<string, Map<string, boolean>>()).entries()]
      .sort((a, b) => byCodeUnit(a[0], b[0]))
      .map(([ruleId, ruleUnits]): RuleScore => {
        const ok = [...ruleUnits.values()].filter(Boolean).length;
        return { codeId, ruleId, suggested: ruleUnits.size, accepted: ok, precision: wilson(ok, ruleUnits.size, confidence), recall: wilson(ok, coded, confidence) };
      });
    return {
      codeId,
      suggested,
      accepted,
      coded,
      addedByCoders: coded - accepted,
      precision: wilson(accepted, suggested, confidence),
      recall: wilson(accepted, coded, confidence),
      rules: ruleScores,
    };
  });
  return { codes, inconsistentUnits };
}

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`Unexpected probability ${p}, expected 0 < p < 1`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
