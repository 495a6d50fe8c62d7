// Options shared by several commands, so a flag means the same thing everywhere.
import { InvalidArgumentError, Option } from 'commander';

export const DEFAULTS = {
  corpus: 'corpus',
  codebook: 'codebook/study.yml',
  db: 'out/codeframe.db',
  out: 'out',
} as const;

export const corpusOpt = () => new Option('--corpus <dir>', 'corpus folder with documents and manifest.yml/.csv').default(DEFAULTS.corpus);
export const codebookOpt = () => new Option('--codebook <file>', 'codebook YAML').default(DEFAULTS.codebook);
export const dbOpt = () => new Option('--db <file>', 'SQLite database').default(DEFAULTS.db);
export const outOpt = () => new Option('--out <dir>', 'output folder (tables go to OUT/tables/)').default(DEFAULTS.out);
export const unitOpt = () => new Option('--unit <unit>', "coding unit (default: the codebook's)").choices(['sentence', 'paragraph']);
export const versionOpt = () => new Option('--codebook-version <hash>', "codings of this codebook version (default: the latest run's)");
/** Which codings a table or export counts. */
export const codingsOpt = () =>
  new Option('--codings <which>', "which codings count: final (adjudicated, else the coders' agreement, else the rules) or auto (rules alone)")
    .choices(['final', 'auto'])
    .default('final');

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}"`);
  return n;
}

/** Repeatable option whose values may also be comma-separated: `--code a --code b,c` → [a, b, c]. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

/** Repeatable option that keeps commas (file names may contain them). */
export function collectEach(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Runs a command action and reports its exit code; commands are imported lazily by the caller. */
export type SetExit = (code: number) => void;
