// The main job and its parts: run, ingest, code, tables, export, text, status.
import { Command, Option } from 'commander';
import { codebookOpt, codingsOpt, corpusOpt, dbOpt, outOpt, positiveInt, unitOpt, versionOpt, type SetExit } from '../options.ts';

const load = {
  pipeline: () => import('../commands/pipeline.ts'),
  tables: () => import('../commands/tables.ts'),
  export: () => import('../commands/export.ts'),
  exportCsv: () => import('../commands/export-csv.ts'),
  exportQdpx: () => import('../commands/export-qdpx.ts'),
  text: () => import('../commands/text.ts'),
  status: () => import('../commands/status.ts'),
};

export function definePipelineCommands(program: Command, setExit: SetExit): void {
  const pipelineOpts = (cmd: Command) =>
    cmd
      .addOption(unitOpt())
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
  ).action(async (o) => setExit(await (await load.pipeline()).pipelineCommand('run', o, { ingest: true, code: true, tables: true })));

  pipelineOpts(
    program.command('ingest').description('read, normalize and segment the corpus into the database (no coding)').addOption(corpusOpt()).addOption(dbOpt()),
  ).action(async (o) => setExit(await (await load.pipeline()).pipelineCommand('ingest', o, { ingest: true, code: false, tables: false })));

  program
    .command('code')
    .description('code every stored document not yet coded with this codebook version')
    .addOption(codebookOpt())
    .addOption(dbOpt())
    .addOption(unitOpt())
    .option('--json', 'print the summary as JSON')
    .action(async (o) => setExit(await (await load.pipeline()).pipelineCommand('code', o, { ingest: false, code: true, tables: false })));

  program
    .command('tables')
    .description('write the comparison tables (CSV and Markdown) to OUT/tables/')
    .addOption(dbOpt())
    .addOption(outOpt())
    .addOption(versionOpt())
    .addOption(new Option('--codings <which>', 'final (adjudicated, else the coders, else the rules), auto (rules alone) or coder:NAME').default('final'))
    .option('--json', 'print the written files as JSON')
    .action(async (o) => setExit((await load.tables()).tablesCommand(o)));

  program
    .command('export')
    .description('export the coded corpus: JSONL, tidy CSV, a unit × code 0/1 matrix, or REFI-QDA (.qdpx project / .qdc codebook)')
    .addOption(
      new Option('--format <format>', 'jsonl: one line per segment; csv: one row per unit × code; matrix: 0/1 unit × code; qdpx/qdc: REFI-QDA')
        .choices(['jsonl', 'csv', 'matrix', 'qdpx', 'qdc'])
        .makeOptionMandatory(),
    )
    .addOption(dbOpt())
    .option('--out <file>', 'output file (jsonl/csv/matrix: default standard output; qdpx/qdc: required)')
    .addOption(versionOpt())
    .addOption(codingsOpt())
    .addOption(new Option('--unit <unit>', 'csv/matrix: default the coded unit').choices(['sentence', 'paragraph']))
    .option('--json', 'csv/matrix/qdpx/qdc: print what was exported as JSON')
    .action(async (o) => {
      if (o.format === 'jsonl') return setExit(await (await load.export()).exportCommand(o));
      if (o.format === 'csv' || o.format === 'matrix') return setExit((await load.exportCsv()).exportCsvCommand(o));
      return setExit((await load.exportQdpx()).exportQdpxCommand(o));
    });

  program
    .command('text')
    .description('print the normalized text of one file, as ingest sees it (no database)')
    .argument('<file>', 'a PDF, text, Markdown or HTML file')
    .option('--pages', 'print the page map (page, start, end) instead of the text')
    .option('--json', 'print text, page map, metadata and warnings as JSON')
    .action(async (file, o) => setExit(await (await load.text()).textCommand(file, o)));

  program
    .command('status')
    .description('documents in the database with their status and failure reasons')
    .addOption(dbOpt())
    .option('--json', 'every document with file, status and reason, and the totals, as JSON')
    .action(async (o) => setExit((await load.status()).statusCommand(o)));
}
