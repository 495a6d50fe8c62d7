// Seeded, stratified sampling of units. Each unit's rank is sha256(seed, segment id): it depends
// on nothing else, so the same seed picks the same units on every machine and in any candidate
// order, and a unit added to the corpus does not reshuffle the others.
import { createHash } from 'node:crypto';

export interface Candidate {
  id: string;
  stratum: string;
}

export function rankOf(seed: string, id: string): string {
  return createHash('sha256').update(`${seed}\u0000${id}`).digest('hex');
}

/** How many units each stratum gets: proportional to its size, remainders to the largest
 *  fractions (Hamilton), ties by stratum name; never more than the stratum holds. */
export function allocate(sizes: Map<string, number>, size: number): Map<string, number> {
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const n = Math.min(size, total);
  const out = new Map<string, number>();
  if (total === 0) return out;
  const rows = [...sizes.entries()].map(([k, v]) => {
    const exact = (n * v) / total;
    return { k, v, floor: Math.floor(exact), frac: exact - Math.floor(exact) };
  });
  let left = n - rows.reduce((a, r) => a + r.floor, 0);
  rows.sort((a, b) => b.frac - a.frac || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  for (const r of rows) {
    const extra = left > 0 && r.floor < r.v ? 1 : 0;
    left -= extra;
    out.set(r.k, r.floor + extra);
  }
  return out;
}

/** The sampled ids: per stratum, the allocated number of lowest-ranked units. */
export function stratifiedSample(candidates: Candidate[], size: number, seed: string): Set<string> {
  const strata = new Map<string, Candidate[]>();
  for (const c of candidates) {
    let list = strata.get(c.stratum);
    if (!list) strata.set(c.stratum, (list = []));
    list.push(c);
  }
  const quota = allocate(new Map([...strata].map(([k, v]) => [k, v.length])), size);
  const picked = new Set<string>();
  for (const [k, list] of strata) {
    const ranked = list.map((c) => ({ id: c.id, rank: rankOf(seed, c.id) })).sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
    for (const r of ranked.slice(0, quota.get(k) ?? 0)) picked.add(r.id);
  }
  return picked;
}
