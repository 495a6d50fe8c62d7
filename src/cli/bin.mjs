#!/usr/bin/env node
// Entry point for `codeframe` (package.json "bin" and `npm start`).
// The project runs its TypeScript sources directly through tsx, so a fresh clone needs no build
// step: `npm ci` is the whole set-up.
import { register } from 'tsx/esm/api';

// `codeframe export --format jsonl | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
