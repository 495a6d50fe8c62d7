#!/usr/bin/env node
// Entry point for `codeframe` (package.json "bin" and `npm start`).
// The project runs its TypeScript sources directly through tsx, so a fresh clone needs no build
// step: `npm ci` is the whole set-up.
import { register } from 'tsx/esm/api';

// `codeframe export --format jsonl | head` closes the pipe early: that is the reader's choice, not an error.
// Any other write error (a full disk under `> FILE`) is the environment's: say so and exit 2.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`codeframe: cannot write to standard output: ${err.code ?? err.message}; free space, or write to a file with --out FILE\n`);
  process.exit(2);
});

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
