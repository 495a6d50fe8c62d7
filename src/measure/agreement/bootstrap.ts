// A percentile bootstrap confidence interval for Krippendorff's alpha that resamples units with
// replacement (the unit is what was sampled from the corpus; Zapf et al. 2016, BMC Med Res Methodol
// 16:93). Not Hayes & Krippendorff's (2007) algorithm, which resamples pairs of values. Seeded, so a
// report is reproducible.
import type { ReliabilityMatrix } from './matrix.ts';
import { alphaFromCoincidence, coincidenceMatrix, prepareUnits, type AlphaOptions, type Level } from './krippendorff.ts';

export interface AlphaInterval {
  level: Level;
  confidence: number;
  lower: number | null;
  upper: number | null;
  samples: number;
  /** Resamples in which alpha was undefined (e.g. only one value drawn); left out of the percentiles. */
  undefinedSamples: number;
  seed: number;
  undefinedReason?: string;
}

export function alphaBootstrap(
  m: ReliabilityMatrix,
  level: Level = 'nominal',
  options: AlphaOptions & { samples?: number; confidence?: number; seed?: number } = {},
): AlphaInterval {
  const samples = options.samples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? 1;
  const out: AlphaInterval = { level, confidence, lower: null, upper: null, samples, undefinedSamples: 0, seed };
  const prep = prepareUnits(m, level, options);
  if (prep.problem) return { ...out, undefinedReason: prep.problem };
  const U = prep.units.length;
  if (U === 0) return { ...out, undefinedReason: 'no pairable units' };
  const random = mulberry32(seed);
  const alphas: number[] = [];
  const weights = new Array<number>(U);
  for (let b = 0; b < samples; b++) {
    weights.fill(0);
    for (let i = 0; i < U; i++) weights[Math.floor(random() * U)]++;
    const r = alphaFromCoincidence(level, prep.values, coincidenceMatrix(prep.values.length, prep.units, weights));
    if (r.value === null || !Number.isFinite(r.value)) out.undefinedSamples++;
    else alphas.push(r.value);
  }
  if (alphas.length === 0) return { ...out, undefinedReason: 'alpha was undefined in every resample' };
  alphas.sort((a, b) => a - b);
  const q = (p: number) => alphas[Math.min(alphas.length - 1, Math.max(0, Math.ceil(p * alphas.length) - 1))];
  return { ...out, lower: q((1 - confidence) / 2), upper: q(1 - (1 - confidence) / 2) };
}

/** Small, fast, seedable PRNG (public domain); Math.random cannot be seeded. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
