// Agreement statistics over plain data (no SQL): the reliability matrix, each statistic, the per-code
// view over review decisions, and the reliability-table reader for `codeframe agreement --data`.
export * from './matrix.ts';
export * from './result.ts';
export * from './percent.ts';
export * from './cohen.ts';
export * from './fleiss.ts';
export * from './krippendorff.ts';
export * from './bootstrap.ts';
export * from './report.ts';
export * from './by-code.ts';
export * from './csv-table.ts';
