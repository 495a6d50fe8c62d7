// Worker threads do not inherit the TypeScript loader of the main thread (`--import tsx` in a
// Worker's execArgv is ignored), so each thread registers tsx itself before loading worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
