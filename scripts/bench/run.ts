// `npm run bench`: every measure of issue 5 with its anchor; see scripts/bench/bench.ts.
//   npm run bench [-- --quick | --full | --only code,pdf | --runs 5 | ...]   (--help for all)
import { parseBenchArgs, runBench } from './bench.ts';

const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  try { parseBenchArgs(['--bad']); } catch (e) { console.log((e as Error).message.split('\n').slice(1).join('\n')); }
  process.exit(0);
}
let opts;
try {
  opts = parseBenchArgs(argv);
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
await runBench(opts, argv);
