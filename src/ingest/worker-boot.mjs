// Worker threads do not inherit the TypeScript loader of the main thread (`--import tsx` in a
// Worker's execArgv is ignored), so each thread registers tsx itself before loading worker.ts.
import { register } from 'tsx/esm/api';

register();
// tsx turns on Node's source-map support, and the first Error that pdf.js creates makes Node parse
// pdf.mjs's 9 MB inline source map into 1.4 M arrays: 150 MB of heap per thread, kept for the life
// of the thread (heap snapshot, scripts/bench). A worker's stack traces point into transpiled code
// instead (esbuild keeps the lines close); the main thread keeps source maps.
process.setSourceMapsEnabled(false);
await import('./worker.ts');
