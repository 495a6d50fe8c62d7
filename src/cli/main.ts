// `codeframe <command>`: a thin layer that parses flags, calls one function per command and maps
// outcomes to exit codes. Command names and flags are a contract that scripts rely on.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { TOOL_VERSION } from '../version.ts';
import { EXIT } from './errors.ts';

// Commands are imported when they run, so `--help` and `--version` do not load pdf.js, SQLite and the
// codebook schema (seconds on a busy laptop).
const commands = {
  pipeline: () => import('./commands/pipeline.ts'),
  tables: () => import('./commands/tables.ts'),
  export: () => import('./commands/export.ts'),
  text: () => import('./commands/text.ts'),
  codebookCheck: () => import('./commands/codebook-check.ts'),
  status: () => import('./commands/status.ts'),
  codebookImport: () => import('./commands/codebook-import.ts'),
  exportQdpx: () => import('./commands/export-qdpx.ts'),
  agreement: () => import('./commands/agreement.ts'),
  diff: () => import('./commands/diff.ts'),
};

/** Errors that are the user's to fix (flags, paths, config files): a message, no stack trace, exit 2. */
const USER_ERRORS = new Set(['UsageError', 'ManifestError']);

export const DEFAULTS = {
  corpus: 'corpus',
  codebook: 'codebook/study.yml',
  db: 'out/codeframe.db',
  out: 'out',
} as const;

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('codeframe')
    .description('Directed qualitative content analysis of policy documents: ingest, segment, code, compare.')
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Defaults: --corpus ${DEFAULTS.corpus}  --codebook ${DEFAULTS.codebook}  --db ${DEFAULTS.db}  --out ${DEFAULTS.out}
Exit codes: 0 ok, 1 some documents failed (reasons recorded), 2 usage or configuration error, 70 internal error.
Example: codeframe run && codeframe status --json`,
    )
    .exitOverride();

  const corpusOpt = () => new Option('--corpus <dir>', 'corpus folder with documents and manifest.yml/.csv').default(DEFAULTS.corpus);
  const codebookOpt = () => new Option('--codebook <file>', 'codebook YAML').default(DEFAULTS.codebook);
  const dbOpt = () => new Option('--db <file>', 'SQLite database').default(DEFAULTS.db);
  const outOpt = () => new Option('--out <dir>', 'output folder for tables').default(DEFAULTS.out);
  const pipelineOpts = (cmd: Command) =>
    cmd
      .addOption(new Option('--unit <unit>', 'coding unit (default: the codebook\'s)').choices(['sentence', 'paragraph']))
      .addOption(new Option('--threads <n>', 'extraction worker threads').argParser(positiveInt))
      .addOption(new Option('--timeout <seconds>', 'time limit per file').argParser(positiveInt).default(60))
      .addOption(new Option('--max-mb <mb>', 'files larger than this are recorded as oversized').argParser(positiveInt).default(200))
      .option('--retry-failed', 'extract again the files that failed before')
      .option('--json', 'print the summary as JSON');

  pipelineOpts(
    program
      .command('run')
      .description('ingest the corpus, code it, and write the comparison tables (the main job)')
      .addOption(corpusOpt())
      .addOption(codebookOpt())
      .addOption(dbOpt())
      .addOption(outOpt()),
  ).action(async (o) => setExit(await (await commands.pipeline()).pipelineCommand('run', o, { ingest: true, code: true, tables: true })));

  pipelineOpts(
    program
      .command('ingest')
      .description('read, normalize and segment the corpus into the database (no coding)')
      .addOption(corpusOpt())
      .addOption(dbOpt()),
  ).action(async (o) => setExit(await (await commands.pipeline()).pipelineCommand('ingest', o, { ingest: true, code: false, tables: false })));

  program
    .command('code')
    .description('code every stored document not yet coded with this codebook version')
    .addOption(codebookOpt())
    .addOption(dbOpt())
    .addOption(new Option('--unit <unit>', 'coding unit (default: the codebook\'s)').choices(['sentence', 'paragraph']))
    .option('--json', 'print the summary as JSON')
    .action(async (o) => setExit(await (await commands.pipeline()).pipelineCommand('code', o, { ingest: false, code: true, tables: false })));

  program
    .command('tables')
    .description('write the comparison tables (CSV and Markdown) to OUT/tables/')
    .addOption(dbOpt())
    .addOption(outOpt())
    .option('--codebook-version <hash>', 'codings of this codebook version (default: the latest run\'s)')
    .option('--json', 'print the written files as JSON')
    .action(async (o) => setExit((await commands.tables()).tablesCommand(o)));

  program
    .command('export')
    .description('export the coded segments: JSONL, or a REFI-QDA project (.qdpx) / codebook (.qdc)')
    .addOption(
      new Option('--format <format>', 'jsonl: one line per segment; qdpx: REFI-QDA project; qdc: REFI-QDA codebook')
        .choices(['jsonl', 'qdpx', 'qdc'])
        .makeOptionMandatory(),
    )
    .addOption(dbOpt())
    .option('--out <file>', 'output file (jsonl: default standard output; qdpx/qdc: required)')
    .option('--codebook-version <hash>', 'codings of this codebook version (default: the latest run\'s)')
    .option('--json', 'qdpx/qdc: print what was exported as JSON')
    .action(async (o) =>
      setExit(
        o.format === 'jsonl'
          ? await (await commands.export()).exportCommand(o)
          : (await commands.exportQdpx()).exportQdpxCommand(o),
      ),
    );

  program
    .command('text')
    .description('print the normalized text of one file, as ingest sees it (no database)')
    .argument('<file>', 'a PDF, text, Markdown or HTML file')
    .option('--pages', 'print the page map (page, start, end) instead of the text')
    .option('--json', 'print text, page map, metadata and warnings as JSON')
    .action(async (file, o) => setExit(await (await commands.text()).textCommand(file, o)));

  const codebook = program.command('codebook').description('work with codebooks');
  codebook
    .command('check')
    .description('validate a codebook and run its anchor examples as tests')
    .argument('<file>', 'codebook YAML')
    .option('--json', 'print the report as JSON')
    .action(async (file, o) => setExit((await commands.codebookCheck()).codebookCheckCommand(file, o)));

  codebook
    .command('import')
    .description('turn a dictionary (LIWC .dic, quanteda YAML, Lexicoder .lc3, WordStat .cat, ...) into a codebook YAML')
    .argument('<file>', 'dictionary file')
    .addOption(
      new Option('--format <format>', 'dictionary format (default: detected from content and extension)').choices([
        'liwc',
        'quanteda',
        'lexicoder',
        'wordstat',
        'yoshikoder',
        'wordlist',
        'afinn',
        'emfd',
      ]),
    )
    .option('--out <file>', 'write the codebook here (default: standard output)')
    .option('--lang <code>', 'language of the dictionary; set on every rule (e.g. en)')
    .option('--id <id>', 'codebook id (default: from the file name)')
    .addOption(new Option('--threshold <p>', 'eMFD: minimum probability for a word to count').argParser(Number))
    .action(async (file, o) => setExit((await commands.codebookImport()).codebookImportCommand(file, o)));

  program
    .command('agreement')
    .description('agreement statistics for a reliability table (CSV: a header of coder names, one row per unit)')
    .requiredOption('--data <file>', 'CSV reliability table; an empty cell = this coder did not code this unit')
    .addOption(new Option('--level <level>', 'level of measurement').choices(['nominal', 'ordinal', 'interval', 'ratio']).default('nominal'))
    .addOption(new Option('--bootstrap <n>', 'bootstrap samples for an interval on alpha').argParser(positiveInt))
    .addOption(new Option('--seed <n>', 'seed of the bootstrap').argParser(positiveInt))
    .option('--out <dir>', 'also write DIR/agreement.csv')
    .option('--json', 'print the full report as JSON')
    .action(async (o) => setExit((await commands.agreement()).agreementCommand(o)));

  program
    .command('diff')
    .description('hits that appeared and disappeared between two runs, per code and rule')
    .argument('<runA>', 'run id (see runs table) of the earlier run')
    .argument('<runB>', 'run id of the later run')
    .addOption(dbOpt())
    .option('--hits', 'list every hit, not only the counts')
    .option('--json', 'print as JSON')
    .action(async (a, b, o) => setExit((await commands.diff()).diffCommand(a, b, o)));

  program
    .command('status')
    .description('documents in the database with their status and failure reasons')
    .addOption(dbOpt())
    .option('--json', 'every document with file, status and reason, and the totals, as JSON')
    .action(async (o) => setExit((await commands.status()).statusCommand(o)));

  return program;
}

/** Runs the CLI and returns the exit code (bin.mjs sets it; tests call this directly). */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    return reportError(err);
  }
}

function reportError(err: unknown): number {
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
  const e = err as Error;
  process.stderr.write(`codeframe: internal error (this is a bug, please report it):\n${e?.stack ?? String(err)}\n`);
  return EXIT.internal;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return n;
}
