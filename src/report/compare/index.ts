// The study's comparison: which codings count (units.ts), the cells and tests (cells.ts, stats.ts),
// co-occurrence (cooccurrence.ts), and the files (write.ts).
export { actorGroupsOf, byteOrder, codesByUnit, CODINGS_MODES, loadCodedData, UNASSIGNED, type CodedData, type CodingsMode, type LoadOptions, type UnitCode } from './units.ts';
export { buildComparison, hash32, type CellFlag, type CompareCell, type CompareOptions, type CompareTest, type Comparison, type Context, type ContextKind, type Interval } from './cells.ts';
export { ALL, cooccurrence, type CooccurrenceMatrix, type CooccurrencePair } from './cooccurrence.ts';
export { chiSquareCdf, chiSquareSf, chiSquareTest, logGamma, nearestRank, regularizedGammaP, regularizedGammaQ, type ChiSquareResult } from './stats.ts';
export { buildCompareTables, writeCompare, type CompareResult } from './write.ts';
export { writeTableFiles } from '../tables.ts';
