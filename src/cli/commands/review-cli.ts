// `codeframe review --cli --coder NAME [--queue ID]`: review a queue in the terminal, one unit at a
// time, with single keys. Same decisions, same log as the web UI: every key that decides calls
// decide() from src/review, and what is shown is itemView() for this coder alone (blind coding).
//
// Keys are read in raw mode when stdin is a TTY; otherwise one command per line ("a", "n",
// "c economic", "m a memo"), so a session can be scripted: printf 'a\nn\nq\n' | codeframe review --cli ...
import { createInterface } from 'node:readline';
import {
  coderItems, decide, itemView, listCoders, nextItem, ReviewError, UNIT_CODE,
  type ItemView, type SuggestionView,
} from '../../review/index.ts';
import { listQueues } from '../../review/queue-list.ts';
import type { Store } from '../../store/index.ts';
import { EXIT, UsageError } from '../errors.ts';
import { openExistingStore } from './open-db.ts';

export interface ReviewCliFlags {
  db: string;
  coder: string;
  queue?: string;
}

type Input = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
type Output = NodeJS.WritableStream & { isTTY?: boolean };
export interface ReviewIo {
  input: Input;
  output: Output;
}

export const HELP = [
  'a  accept the selected suggestion      r  reject it          g  negate / un-negate it',
  '1-9  select a suggestion (j/k, arrows)  d  its definition     c  add a code the rules missed',
  'm  memo on the unit                    u  undo your last decision in this unit',
  'n  next unit (marks a unit without suggestions as done)      s  skip (next, without marking)',
  'p  previous unit                       ?  this help          q  quit',
].join('\n');

interface Command {
  key: string;
  /** The rest of the line in line mode ("c economic"); null in raw mode or when absent. */
  arg: string | null;
}

interface Reader {
  command(): Promise<Command | null>;
  line(prompt: string): Promise<string | null>;
  close(): void;
}

/** A queue of incoming strings (lines or key presses) that can be awaited one at a time. */
function feed(): { push: (s: string) => void; end: () => void; next: () => Promise<string | null> } {
  const items: string[] = [];
  let ended = false;
  let waiting: ((s: string | null) => void) | null = null;
  return {
    push(s) {
      if (waiting) {
        const w = waiting;
        waiting = null;
        w(s);
      } else items.push(s);
    },
    end() {
      ended = true;
      if (waiting) {
        const w = waiting;
        waiting = null;
        w(null);
      }
    },
    next: () => (items.length ? Promise.resolve(items.shift()!) : ended ? Promise.resolve(null) : new Promise((r) => (waiting = r))),
  };
}

function lineReader(input: Input, output: Output): Reader {
  const rl = createInterface({ input, terminal: false, crlfDelay: Infinity });
  const f = feed();
  rl.on('line', f.push);
  rl.on('close', f.end);
  return {
    async command() {
      for (;;) {
        const l = await f.next();
        if (l === null) return null;
        const t = l.trim();
        if (t) return { key: t[0]!, arg: t.slice(1).trim() || null };
      }
    },
    async line(prompt) {
      output.write(prompt + '\n');
      const l = await f.next();
      return l === null ? null : l.trim();
    },
    close: () => rl.close(),
  };
}

// Arrows: left/right = previous/next unit, up/down = select a suggestion; Ctrl-C, Ctrl-D quit.
const ESCAPES: Record<string, string> = { '\x1b[C': 'n', '\x1b[D': 'p', '\x1b[A': 'k', '\x1b[B': 'j', '\x03': 'q', '\x04': 'q' };

function rawReader(input: Input, output: Output): Reader {
  const f = feed();
  const onData = (d: Buffer | string) => {
    const s = d.toString();
    if (s.startsWith('\x1b')) f.push(s); // an arrow key is one key, not three
    else for (const ch of s) f.push(ch);
  };
  input.setRawMode!(true);
  input.on('data', onData);
  input.on('end', f.end);
  input.resume();
  return {
    async command() {
      const k = await f.next();
      return k === null ? null : { key: ESCAPES[k] ?? k, arg: null };
    },
    async line(prompt) {
      // A minimal line editor: raw mode gives us every key, including Enter and Backspace.
      output.write(prompt);
      let text = '';
      for (;;) {
        const k = await f.next();
        if (k === null || k === '\x03' || k === '\x1b') {
          output.write('\n');
          return null;
        }
        if (k === '\r' || k === '\n') {
          output.write('\n');
          return text.trim();
        }
        if (k === '\x7f' || k === '\b') {
          if (text.length) (text = [...text].slice(0, -1).join('')), output.write('\b \b');
        } else if (!k.startsWith('\x1b')) (text += k), output.write(k);
      }
    },
    close() {
      input.removeListener('data', onData);
      input.setRawMode!(false);
      input.pause();
    },
  };
}

/** The queue to review: the one given, else the only queue, else the only one the coder is assigned to. */
export function pickQueue(store: Store, queue: string | undefined, coder: string): string {
  if (queue) return queue;
  const queues = listQueues(store);
  if (queues.length === 1) return queues[0]!.id;
  const mine = queues.filter((q) => q.assigned.includes(coder));
  if (mine.length === 1) return mine[0]!.id;
  if (queues.length === 0) throw new UsageError('no review queue in the database, expected one: codeframe queue build --name NAME ...');
  throw new UsageError(`Unexpected several queues for coder \`${coder}\`, expected --queue ID, one of: ${queues.map((q) => `${q.id} ("${q.name}")`).join(', ')}`);
}

/** Marks for matched words: bold+underline on a terminal, [[...]] in a pipe or a file. */
export function markSpans(text: string, offset: number, spans: Array<[number, number]>, ansi: boolean): string {
  const merged: Array<[number, number]> = [];
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const [open, close] = ansi ? ['\x1b[1;4m', '\x1b[0m'] : ['[[', ']]'];
  let out = '';
  let at = 0;
  for (const [s, e] of merged) {
    const a = Math.max(at, s - offset);
    const b = Math.min(text.length, e - offset);
    if (b <= a) continue;
    out += text.slice(at, a) + open + text.slice(a, b) + close;
    at = b;
  }
  return out + text.slice(at);
}

const spansOf = (s: SuggestionView): Array<[number, number]> => s.hits.flatMap((h) => h.spans);

function decisionOf(view: ItemView, code: string) {
  return view.decisions.find((d) => d.codeId === code && d.status !== null);
}

function undecided(view: ItemView): number[] {
  return view.suggestions.flatMap((s, i) => (decisionOf(view, s.codeId)?.current ? [] : [i]));
}

export function renderItem(view: ItemView, focus: number, opts: { ansi: boolean; coder: string; queueName: string; complete: number; items: number }): string {
  const dim = (s: string) => (opts.ansi ? `\x1b[2m${s}\x1b[0m` : s);
  const d = view.document;
  const focused = view.suggestions[focus];
  const lines = [
    `── ${opts.queueName} (${view.queueId}) · unit ${view.position + 1} of ${view.total} · coder ${opts.coder} · ${opts.complete} of ${opts.items} complete ──`,
    `${d.title ?? '(untitled)'} · ${d.file} · actor group: ${d.actorGroup ?? '(unassigned)'} · page ${view.unit.page}`,
    view.context.previous === null ? dim('  (start of document)') : dim(`  … ${view.context.previous}`),
    `» ${markSpans(view.unit.text, view.unit.start, focused ? spansOf(focused) : view.suggestions.flatMap(spansOf), opts.ansi)}`,
    view.context.next === null ? dim('  (end of document)') : dim(`  … ${view.context.next}`),
    '',
  ];
  if (view.suggestions.length === 0) lines.push('No suggestions: press n if no code applies (marks the unit done), or c to add a code.');
  view.suggestions.forEach((s, i) => {
    const own = decisionOf(view, s.codeId);
    const negated = own?.negated ?? s.negated;
    const status = !own ? 'undecided' : own.current ? own.status! : `${own.status} earlier (the rules changed: decide again)`;
    const words = [...new Set(s.hits.flatMap((h) => h.spans.map(([a, b]) => view.unit.text.slice(a - view.unit.start, b - view.unit.start))))];
    lines.push(
      `${i === focus ? '>' : ' '} ${i + 1}. ${s.codeId} — ${s.label} [${s.group}]  rules: ${s.hits.map((h) => h.ruleId).join(', ')}` +
        `  matched: ${words.map((w) => (opts.ansi ? `\x1b[1;4m${w}\x1b[0m` : `[[${w}]]`)).join(' ')}${negated ? '  NEGATED' : ''}  → ${status}`,
    );
  });
  const added = view.decisions.filter((x) => x.status === 'added' && !view.suggestions.some((s) => s.codeId === x.codeId));
  if (added.length) lines.push(`Added by you: ${added.map((x) => x.codeId + (x.current ? '' : ' (stale)')).join(', ')}`);
  for (const m of view.unitMemos) lines.push(`Memo: ${m}`);
  lines.push(`${view.complete ? 'Unit complete.' : view.suggestions.length ? `${undecided(view).length} suggestion(s) to decide.` : 'Not marked done yet.'}  Keys: a r g 1-9 d c m u n s p ? q`);
  return lines.join('\n') + '\n';
}

interface CodeInfo {
  id: string;
  label: string;
  group: string;
  definition: string;
  include: string[];
  exclude: string[];
}

/** The codes of a version with their criteria (include/exclude live in the codebook JSON only). */
function codesOf(store: Store, version: string): CodeInfo[] {
  const rows = store.db.prepare(`SELECT code_id AS id, label, group_id AS "group", definition FROM codes WHERE codebook_version = ? ORDER BY ordinal`).all(version) as CodeInfo[];
  let json: { codes?: Array<{ id?: string; include?: unknown; exclude?: unknown }> } = {};
  try {
    json = JSON.parse((store.db.prepare(`SELECT json FROM codebooks WHERE version = ?`).pluck().get(version) as string | undefined) ?? '{}');
  } catch {
    // A codebook row without parsable JSON still has its definitions in `codes`.
  }
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return rows.map((r) => {
    const c = json.codes?.find((x) => x.id === r.id);
    return { ...r, include: strings(c?.include), exclude: strings(c?.exclude) };
  });
}

function definition(c: CodeInfo): string {
  return [
    `${c.id} — ${c.label} [${c.group}]`,
    `  ${c.definition || '(no definition)'}`,
    ...c.include.map((x) => `  + include: ${x}`),
    ...c.exclude.map((x) => `  − exclude: ${x}`),
  ].join('\n') + '\n';
}

export async function reviewCliCommand(flags: ReviewCliFlags, io: ReviewIo = { input: process.stdin, output: process.stdout }): Promise<number> {
  const { output } = io;
  const store = openExistingStore(flags.db);
  let reader: Reader | null = null;
  try {
    const coder = flags.coder;
    if (!listCoders(store).some((c) => c.name === coder)) {
      throw new UsageError(`Unexpected coder \`${coder}\`, expected one of: ${listCoders(store).map((c) => c.name).join(', ') || '(none: codeframe coder add NAME)'}`);
    }
    const queueId = pickQueue(store, flags.queue, coder);
    const queue = listQueues(store).find((q) => q.id === queueId);
    if (!queue) throw new UsageError(`Unexpected queue \`${queueId}\`, expected one of: ${listQueues(store).map((q) => q.id).join(', ') || '(none)'}`);
    const mine = () => coderItems(store, queueId, coder);
    if (mine().length === 0) {
      throw new UsageError(`Unexpected coder \`${coder}\` for queue ${queueId}: no item is open to them (assigned to ${queue.assigned.join(', ')})`);
    }
    const codes = codesOf(store, queue.codebookVersion);
    const ansi = output.isTTY === true;
    reader = io.input.isTTY && typeof io.input.setRawMode === 'function' ? rawReader(io.input, output) : lineReader(io.input, output);
    const say = (s: string) => output.write(s.endsWith('\n') ? s : s + '\n');

    let view: ItemView = nextItem(store, queueId, coder) ?? itemView(store, mine()[0]!.id, coder);
    let focus = undecided(view)[0] ?? 0;
    let decisions = 0;
    const show = () => {
      const items = mine();
      if (ansi) output.write('\x1b[2J\x1b[H');
      say(renderItem(view, focus, { ansi, coder, queueName: queue.name, complete: items.filter((i) => i.complete).length, items: items.length }));
    };
    const refresh = (moveFocus: boolean) => {
      view = itemView(store, view.itemId, coder);
      if (moveFocus) focus = undecided(view).find((i) => i > focus) ?? undecided(view)[0] ?? focus;
    };
    const act = (fn: () => unknown, moveFocus = false): boolean => {
      try {
        fn();
        decisions++;
        refresh(moveFocus);
        return true;
      } catch (err) {
        if (err instanceof ReviewError) {
          say(`! ${err.message}`);
          return false;
        }
        throw err;
      }
    };
    const goTo = (itemId: number) => {
      view = itemView(store, itemId, coder);
      focus = undecided(view)[0] ?? 0;
    };

    show();
    for (;;) {
      const cmd = await reader.command();
      if (cmd === null || cmd.key === 'q') break;
      const s = view.suggestions[focus];
      const needSuggestion = () => {
        if (!s) say('! no suggestion in this unit: use c to add a code, n when done');
        return s;
      };
      switch (cmd.key) {
        case 'a':
        case 'r':
          if (needSuggestion()) act(() => decide(store, { item: view.itemId, coder, action: cmd.key === 'a' ? 'accept' : 'reject', code: s!.codeId }), true);
          break;
        case 'g':
          if (needSuggestion()) {
            const now = view.decisions.find((x) => x.codeId === s!.codeId)?.negated ?? s!.negated;
            act(() => decide(store, { item: view.itemId, coder, action: 'negate', code: s!.codeId, negated: !now }));
          }
          break;
        case 'u':
          act(() => {
            const d = decide(store, { item: view.itemId, coder, action: 'undo' });
            say(`undone: decision ${d.undoes} on ${d.code === UNIT_CODE ? 'the unit' : d.code}`);
            // Back to the code whose decision was undone: the next key most likely decides it again.
            const i = view.suggestions.findIndex((x) => x.codeId === d.code);
            if (i >= 0) focus = i;
          });
          break;
        case 'd':
          say(s ? definition(codes.find((c) => c.id === s.codeId) ?? { id: s.codeId, label: s.label, group: s.group, definition: s.definition, include: [], exclude: [] }) : codes.map(definition).join(''));
          continue;
        case 'c': {
          let answer = cmd.arg;
          if (answer === null) {
            say(codes.map((c, i) => `  ${String(i + 1).padStart(2)}. ${c.id} — ${c.label} [${c.group}]`).join('\n'));
            answer = await reader.line('code to add (number or id, empty to cancel):');
          }
          if (!answer) break;
          const code = /^\d+$/.test(answer) ? codes[Number(answer) - 1]?.id : answer;
          if (!code) say(`! Unexpected number ${answer}, expected 1 to ${codes.length}`);
          else act(() => decide(store, { item: view.itemId, coder, action: 'add', code }));
          break;
        }
        case 'm': {
          const memo = cmd.arg ?? (await reader.line('memo on this unit (empty to cancel):'));
          if (memo) act(() => decide(store, { item: view.itemId, coder, action: 'memo', memo }));
          break;
        }
        case 'n':
        case 's':
        case 'p': {
          if (cmd.key === 'n' && view.suggestions.length === 0 && !view.done) {
            if (!act(() => decide(store, { item: view.itemId, coder, action: 'done' }))) break;
          } else if (cmd.key === 'n' && !view.complete) {
            say(`(left ${undecided(view).length} suggestion(s) undecided: the unit stays in your queue)`);
          }
          const items = mine();
          if (cmd.key === 'p') {
            const prev = items.filter((i) => i.position < view.position).pop();
            if (prev) goTo(prev.id);
            else say('(this is your first unit)');
          } else {
            const after = items.find((i) => !i.complete && i.position > view.position) ?? items.find((i) => !i.complete && i.id !== view.itemId);
            if (after) goTo(after.id);
            else {
              refresh(false);
              say(`All ${items.length} of your units in this queue are complete. p goes back to revise; q quits.`);
              continue;
            }
          }
          break;
        }
        case 'j':
        case 'k':
          if (view.suggestions.length) focus = (focus + (cmd.key === 'j' ? 1 : view.suggestions.length - 1)) % view.suggestions.length;
          break;
        case '?':
          say(HELP);
          continue;
        default:
          if (/^[1-9]$/.test(cmd.key)) {
            const i = Number(cmd.key) - 1;
            if (i < view.suggestions.length) focus = i;
            else say(`! Unexpected ${cmd.key}, expected 1 to ${view.suggestions.length}`);
          } else {
            say(`! Unexpected key \`${cmd.key}\`, expected one of a r g 1-9 d c m u n s p ? q`);
            continue;
          }
      }
      show();
    }
    const items = mine();
    say(`${decisions} decision(s) recorded. ${coder}: ${items.filter((i) => i.complete).length} of ${items.length} unit(s) complete in ${queueId}.`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ReviewError) throw new UsageError(err.message);
    throw err;
  } finally {
    reader?.close();
    store.close();
  }
}
