// `codeframe <command>`: a thin layer that parses flags, calls one function per command and maps
// outcomes to exit codes. Command names and flags are a contract that scripts rely on.
// Commands are defined in ./define/ by area and import their implementation only when they run,
// so `--help` and `--version` do not load pdf.js, SQLite and the codebook schema.
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../version.ts';
import { defineAnalysisCommands } from './define/analysis.ts';
import { defineCodebookCommands } from './define/codebook.ts';
import { definePipelineCommands } from './define/pipeline.ts';
import { defineReviewCommands } from './define/review.ts';
import { describeEnvironmentError, type ErrorContext } from './env-errors.ts';
import { EXIT } from './errors.ts';
import { DEFAULTS } from './options.ts';

export { DEFAULTS };

/** Errors that are the user's to fix (flags, paths, config files): a message, no stack trace, exit 2. */
const USER_ERRORS = new Set(['UsageError', 'ManifestError', 'StoreError']);

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('codeframe')
    .description('Directed qualitative content analysis of policy documents: ingest, segment, code, review, compare.')
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Defaults: --corpus ${DEFAULTS.corpus}  --codebook ${DEFAULTS.codebook}  --db ${DEFAULTS.db}  --out ${DEFAULTS.out}
Exit codes: 0 ok, 1 some documents failed (reasons recorded), 2 usage, configuration or environment error
(a read-only or full disk, a damaged database), 70 internal error.
Example: codeframe run && codeframe status --json`,
    )
    .exitOverride();
  definePipelineCommands(program, setExit);
  defineCodebookCommands(program, setExit);
  defineAnalysisCommands(program, setExit);
  defineReviewCommands(program, setExit);
  return program;
}

/** Runs the CLI and returns the exit code (bin.mjs sets it; tests call this directly). */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  // The database the command works on, so a disk or database fault can name it.
  const context: ErrorContext = {};
  program.hook('preAction', (_root, action) => {
    const db = (action.opts() as { db?: unknown }).db;
    if (typeof db === 'string') context.db = db;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    return reportError(err, context);
  }
}

function reportError(err: unknown, context: ErrorContext): number {
  if (err instanceof CommanderError) {
    // --help and --version end here too, with exit code 0.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const name = (err as Error | undefined)?.name;
  if (name === 'CodebookError') {
    process.stderr.write(`codeframe: the codebook is invalid; no document was processed.\n${(err as Error).message}\n`);
    return EXIT.usage;
  }
  if (name && USER_ERRORS.has(name)) {
    process.stderr.write(`codeframe: ${(err as Error).message}\n`);
    return EXIT.usage;
  }
  // A read-only or full disk, a damaged or foreign database, a path that is a folder: the
  // environment's fault, not a bug; a message that says what to do, and no stack trace.
  const environment = describeEnvironmentError(err, context);
  if (environment) {
    process.stderr.write(`codeframe: ${environment}\n`);
    return EXIT.usage;
  }
  const e = err as Error;
  process.stderr.write(`codeframe: internal error (this is a bug, please report it):\n${e?.stack ?? String(err)}\n`);
  return EXIT.internal;
}
