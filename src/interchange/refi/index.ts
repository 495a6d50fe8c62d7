// REFI-QDA interchange: export a project (.qdpx) and a codebook (.qdc) that NVivo, ATLAS.ti,
// MAXQDA and QualCoder read, and read them back.
export { RefiError } from './errors.ts';
export { buildCodebook, buildProject, exportQdc, exportQdpx, qdpxBytes, VARIABLES, type ExportSummary } from './export.ts';
export { importQdc, importQdpx, readCodebookXml, readProject, restoreCodings } from './import.ts';
export type { ImportedCode, ImportedProject, ImportedSelection, ImportedSource, RestoredCoding } from './import.ts';
export { buildModel, RULES_USER, type RefiModel, type RefiOptions, type ReviewHook, type ReviewInfo, type ReviewSubject } from './model.ts';
export { codePointIndex, type CodePointIndex } from './offsets.ts';
export { compareRoundTrip, type RoundTripReport } from './roundtrip.ts';
