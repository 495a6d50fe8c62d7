// Reading the coded corpus: compare, quotes, timeline, kwic, diff, agreement.
import { Command, Option } from 'commander';
import { codingsOpt, dbOpt, nonNegativeInt, outOpt, positiveInt, versionOpt, type SetExit } from '../options.ts';

const load = {
  compare: () => import('../commands/compare.ts'),
  quotes: () => import('../commands/quotes.ts'),
  timeline: () => import('../commands/timeline.ts'),
  kwic: () => import('../commands/kwic.ts'),
  diff: () => import('../commands/diff.ts'),
  agreement: () => import('../commands/agreement.ts'),
  agreementDb: () => import('../commands/agreement-db.ts'),
  report: () => import('../commands/report.ts'),
};

export function defineAnalysisCommands(program: Command, setExit: SetExit): void {
  program
    .command('compare')
    .description('principle × dimension / governance level × actor group: counts, shares, rates with bootstrap intervals, chi-square tests, co-occurrence → OUT/tables/')
    .addOption(dbOpt())
    .addOption(outOpt())
    .addOption(codingsOpt())
    .addOption(new Option('--bootstrap <n>', "bootstrap resamples of each group's documents").argParser(positiveInt).default(1000))
    .addOption(new Option('--seed <n>', 'seed of the bootstrap').argParser(positiveInt).default(1))
    .addOption(versionOpt())
    .option('--json', 'print cells, tests and co-occurrence as JSON')
    .action(async (o) => setExit((await load.compare()).compareCommand(o)));

  program
    .command('report')
    .description('one self-contained HTML report (method, tables, plots, run manifest) → OUT/report/index.html + *.svg')
    .addOption(dbOpt())
    .addOption(outOpt())
    .addOption(codingsOpt())
    .addOption(versionOpt())
    .addOption(new Option('--bootstrap <n>', "bootstrap resamples of each group's documents").argParser(positiveInt).default(1000))
    .addOption(new Option('--seed <n>', 'seed of the bootstrap').argParser(positiveInt).default(1))
    .option('--json', 'print files, codings, documents and corpus hash as JSON')
    .action(async (o) => setExit(await (await load.report()).reportCommand(o)));

  program
    .command('quotes')
    .description('the passages behind a table cell: document, page, [start, end), rules')
    .requiredOption('--code <code>', 'code, e.g. transparency')
    .option('--actor-group <group>', 'only documents of this actor group')
    .option('--dimension <code>', 'only units also coded with this dimension code')
    .option('--level <code>', 'only units also coded with this governance-level code')
    .option('--with <codes...>', 'only units also coded with these codes')
    .addOption(new Option('--limit <n>', 'at most N quotes').argParser(positiveInt))
    .addOption(codingsOpt())
    .addOption(dbOpt())
    .addOption(versionOpt())
    .option('--json', 'print as JSON')
    .option('--md', 'print as Markdown')
    .action(async (o) => setExit((await load.quotes()).quotesCommand(o)));

  program
    .command('timeline')
    .description('process tracing: documents coded with a code in date order, with quotes, and counts per period → OUT/tables/')
    .requiredOption('--code <code>', 'code, e.g. interoperability')
    .option('--with <code>', 'only units also coded with this code, e.g. selective')
    .addOption(new Option('--format <format>', 'chronology format').choices(['md', 'html']).default('md'))
    .addOption(new Option('--period <period>', 'count per').choices(['year', 'quarter', 'month']).default('year'))
    .addOption(codingsOpt())
    .addOption(dbOpt())
    .addOption(outOpt())
    .addOption(versionOpt())
    .option('--json', 'print the timeline as JSON')
    .action(async (o) => setExit((await load.timeline()).timelineCommand(o)));

  program
    .command('kwic')
    .description("keyword in context over the stored corpus, in the codebook's pattern language, with the codes already coding each hit")
    .argument('<pattern>', 'a term, glob (transparen*), phrase ("model card") or, with --pattern-type regex, a regular expression')
    .addOption(dbOpt())
    .addOption(new Option('--pattern-type <type>', 'default: glob with * or ?, phrase with several words, else term').choices(['term', 'glob', 'phrase', 'regex']))
    .addOption(new Option('--match <mode>', 'term/phrase: stems or exact forms').choices(['stem', 'exact']))
    .addOption(new Option('--max-gap <n>', 'phrase: extra words allowed between the words').argParser(nonNegativeInt))
    .option('--flags <flags>', 'regex: flags among i, u, s (default none, as in a codebook)')
    .addOption(new Option('--width <n>', 'characters of context on each side').argParser(nonNegativeInt).default(60))
    .addOption(new Option('--limit <n>', 'show at most N hits (the summary still counts all)').argParser(positiveInt))
    .option('--code <code>', 'only hits in units coded with this code')
    .option('--uncoded', 'only hits in units not coded (with --code: not with that code)')
    .option('--lang <xx>', 'only documents in this language (primary subtag)')
    .addOption(new Option('--unit <unit>', 'default: the unit the version was coded at').choices(['sentence', 'paragraph']))
    .addOption(versionOpt())
    .addOption(new Option('--json', 'print the hits as JSON').conflicts('csv'))
    .option('--csv', 'print the hits as CSV')
    .action(async (pattern, o) => setExit((await load.kwic()).kwicCommand(pattern, o)));

  program
    .command('diff')
    .description('rule hits that appeared and disappeared between two runs, per code and rule')
    .argument('<runA>', 'run id of the earlier run (see `codeframe status` or the runs table)')
    .argument('<runB>', 'run id of the later run')
    .addOption(dbOpt())
    .option('--hits', 'list every hit, not only the counts')
    .option('--json', 'print as JSON')
    .action(async (a, b, o) => setExit((await load.diff()).diffCommand(a, b, o)));

  program
    .command('agreement')
    .description(
      'agreement from the review log (per code: percent, Cohen, Fleiss, Krippendorff; coder × coder; the rules scored as a coder), ' +
        'or for any reliability table with --data',
    )
    .addOption(dbOpt())
    .option('--queue <id>', 'only units of this review queue')
    .addOption(versionOpt())
    .option('--data <file>', 'a CSV reliability table instead of the database: a header of coder names, one row per unit, empty = not coded')
    .addOption(new Option('--level <level>', '--data: level of measurement').choices(['nominal', 'ordinal', 'interval', 'ratio']).default('nominal'))
    .addOption(new Option('--bootstrap <n>', '--data: bootstrap samples for an interval on alpha').argParser(positiveInt))
    .addOption(new Option('--seed <n>', '--data: seed of the bootstrap').argParser(positiveInt))
    .option('--out <dir>', 'also write the tables as CSV files to DIR')
    .option('--json', 'print the full report as JSON')
    .action(async (o) =>
      setExit(o.data ? (await load.agreement()).agreementCommand(o) : (await load.agreementDb()).agreementDbCommand(o)),
    );
}
