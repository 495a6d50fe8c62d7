// Coders' side: coders, review queues, the review page (web) and its terminal route.
import { Command, Option } from 'commander';
import { collect, collectEach, dbOpt, nonNegativeInt, positiveInt, unitOpt, versionOpt, type SetExit } from '../options.ts';
import { UsageError } from '../errors.ts';
import { REVIEW_HELP } from './review-help.ts';

const load = {
  queue: () => import('../commands/queue.ts'),
  review: () => import('../commands/review.ts'),
  reviewCli: () => import('../commands/review-cli.ts'),
};

export function defineReviewCommands(program: Command, setExit: SetExit): void {
  const coder = program.command('coder').description('named coders who review');
  coder
    .command('add')
    .description('add a coder')
    .argument('<name>', 'coder name (letters, digits, _ . -)')
    .option('--label <label>', 'display name')
    .addOption(dbOpt())
    .option('--json', 'print as JSON')
    .action(async (name, o) => setExit((await load.queue()).coderAddCommand(name, o)));
  coder
    .command('list')
    .description('list coders')
    .addOption(dbOpt())
    .option('--json', 'print as JSON')
    .action(async (o) => setExit((await load.queue()).coderListCommand(o)));

  const queue = program.command('queue').description('review queues: which units coders review');
  queue
    .command('build')
    .description('build a queue from a run\'s codings (same options → same queue)')
    .requiredOption('--name <name>', 'queue name')
    .addOption(dbOpt())
    .option('--code <codes>', 'only units coded with these codes (repeat or comma-separate)', collect, [])
    .option('--group <groups>', 'only units coded with a code of these groups', collect, [])
    .option('--actor-group <groups>', 'only documents of these actor groups', collect, [])
    .option('--doc-type <types>', 'only documents of these types', collect, [])
    .option('--document <file>', 'only this document (repeat for more)', collectEach, [])
    .addOption(new Option('--include <which>', 'coded units, units the rules never coded (to estimate misses), or all').choices(['coded', 'uncoded', 'all']))
    .addOption(new Option('--sample <n>', 'a seeded random sample of N units').argParser(positiveInt))
    .option('--seed <seed>', 'seed of the sample')
    .option('--stratify <fields>', 'stratify the sample by actor_group and/or doc_type', collect, [])
    .addOption(new Option('--run <id>', 'codings of this run (default: the latest coded version)').argParser(positiveInt))
    .addOption(versionOpt())
    .addOption(unitOpt())
    .option('--json', 'print as JSON')
    .action(async (o) => setExit((await load.queue()).queueBuildCommand(o)));
  queue
    .command('list')
    .description('list queues with their size and coders')
    .addOption(dbOpt())
    .option('--json', 'print as JSON')
    .action(async (o) => setExit((await load.queue()).queueListCommand(o)));
  queue
    .command('assign')
    .description('assign a queue\'s units to coders (2+ per unit for blind double coding)')
    .argument('<queue>', 'queue id')
    .requiredOption('--coders <names>', 'comma-separated coders')
    .addOption(new Option('--per-item <n>', 'coders per unit (default: all of them)').argParser(positiveInt))
    .addOption(dbOpt())
    .option('--json', 'print as JSON')
    .action(async (q, o) => setExit((await load.queue()).queueAssignCommand(q, o)));
  queue
    .command('progress')
    .description('progress per coder')
    .argument('<queue>', 'queue id')
    .addOption(dbOpt())
    .option('--json', 'print as JSON')
    .action(async (q, o) => setExit((await load.queue()).queueProgressCommand(q, o)));

  program
    .command('review')
    .description('review auto-coded passages: a local web page for coders (or --cli in the terminal)')
    .addOption(dbOpt())
    .option('--queue <id>', 'queue to review (default: the only one, or --build)')
    .option('--coder <name>', 'coder (required with --cli; on the page: log in directly)')
    .option('--cli', 'review in the terminal instead of the browser')
    .option('--build', 'build a queue over every coded unit when there is none')
    .addOption(new Option('--sample <n>', 'with --build: a reproducible sample of N units').argParser(positiveInt))
    .option('--seed <seed>', 'with --sample: its seed')
    .option('--assign <names>', 'give every unit to these coders (comma-separated): blind double coding')
    .option('--adjudicator <names>', 'coders who may adjudicate disagreements (comma-separated)')
    .option('--host <addr>', 'address to listen on; anything but loopback needs --token-file', '127.0.0.1')
    .addOption(new Option('--port <n>', 'port (0 = any free port)').argParser(nonNegativeInt).default(4173))
    .option('--token-file <file>', 'one "CODER TOKEN" line per coder')
    .addHelpText('after', REVIEW_HELP)
    .action(async (o) => {
      if (!o.cli) return setExit(await (await load.review()).reviewCommand(o));
      if (!o.coder) throw new UsageError('review --cli needs --coder NAME');
      return setExit(await (await load.reviewCli()).reviewCliCommand(o));
    });
}
