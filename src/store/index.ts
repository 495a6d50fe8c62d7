// The store's public face: open a project database, and the read-only queries the reports use.
export { openStore, StoreError } from './store.ts';
export type { CodebookRecord, DocumentRecord, StatusReport, Store, StoreDocumentInput, Unit } from './store.ts';
export { countWords } from './word-count.ts';
export * from './queries.ts';
