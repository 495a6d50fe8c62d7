#!/usr/bin/env node
// Entry point for `codeframe` (package.json "bin" and `npm start`).
// The project runs its TypeScript sources directly through tsx, so a fresh
// clone needs no build step: `npm ci` is the whole set-up.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
