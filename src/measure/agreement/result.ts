// What every agreement statistic returns: a value or null with the reason it is undefined, and the
// counts a reader needs to judge it. Never NaN or ±Infinity: those become null with a reason.

export interface StatisticBase {
  statistic: string;
  /** null when the statistic is undefined for this data (see undefinedReason). */
  value: number | null;
  undefinedReason?: string;
  /** Units that entered the statistic. */
  units: number;
  /** Units left out, and why (the rule is the statistic's own: see each function). */
  unitsDropped: number;
  /** Coders in the matrix (not all of them need to have coded a used unit). */
  coders: number;
}

/** A finite number, or null: so a bug in arithmetic shows up as "undefined", never as NaN in a table. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Set value, or null with a reason; guards against a non-finite value slipping through. */
export function withValue<T extends StatisticBase>(base: T, value: number | null, reason?: string): T {
  if (value === null || reason !== undefined) return { ...base, value: null, undefinedReason: reason ?? 'undefined' };
  const v = finiteOrNull(value);
  return v === null ? { ...base, value: null, undefinedReason: `not a finite number (${value}): a bug, please report` } : { ...base, value: v };
}
