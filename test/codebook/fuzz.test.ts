// Fuzzing the codebook loader (issue 6 item 5): 1,200 malformed codebooks, mutated from
// codebook/study.yml and the fixtures with a seeded PRNG. Each must load (and then compile
// and code a text), or throw the loader's CodebookError with at least one diagnostic that
// names the file and a line inside it. Never a TypeError, RangeError, stack overflow or hang.
// A failure prints the seed and the case number: FUZZ_SEED=<seed> FUZZ_CASE=<n> replays it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileCodebook } from '../../src/code/index.ts';
import { CodebookError, loadCodebook, parseCodebook, type Codebook } from '../../src/codebook/index.ts';
import { mulberry32 } from '../../src/measure/agreement/bootstrap.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 61120);
const CASES = 1200;
const ONLY = process.env.FUZZ_CASE === undefined ? null : Number(process.env.FUZZ_CASE);

const study = readFileSync(resolve(REPO_ROOT, 'codebook/study.yml'), 'utf8');
const fixtures = ['sample.yml', 'broken.yml'].map((f) => readFileSync(resolve(REPO_ROOT, 'test/fixtures/codebooks', f), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'codeframe-cb-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Random = () => number;
const int = (r: Random, n: number) => Math.floor(r() * n);
const pick = <T,>(r: Random, xs: readonly T[]): T => xs[int(r, xs.length)];

/** study.yml is 1,000 lines; most cases take its header and a few of its codes (parsing all
 *  of it 1,200 times would take a minute), some take all of it. */
function base(r: Random): string {
  const k = r();
  if (k < 0.35) return pick(r, fixtures);
  const lines = study.split('\n');
  if (k < 0.375) return study;
  const codes = lines.findIndex((l) => l.startsWith('codes:'));
  const starts = lines.map((l, i) => (l.startsWith('  - id:') && i > codes ? i : -1)).filter((i) => i >= 0);
  const from = int(r, starts.length);
  const to = Math.min(starts.length, from + 1 + int(r, 3));
  return [...lines.slice(0, codes + 1), ...lines.slice(starts[from], to < starts.length ? starts[to] : lines.length)].join('\n');
}

const WEIRD = ['null', '~', '[]', '{}', '[a, [b, [c]]]', '1e309', '-1', '0', '9007199254740993', '.nan', '.inf', 'true', '"\\u0000"', "''", '*x', '&x y', '!!str', '!custom v', '|', '>-', '? k', '@', '`', '%YAML 1.2', '---', '...', '"\\uD800"', 'ж', '😀', '\u202e', '{a: 1, a: 2}', '[' + 'x, '.repeat(300) + ']', 'a'.repeat(5000)];
const BYTES = ['\u0000', '\u0007', '\t', '\r', '\r\n', '\u00a0', '\u2028', '\ufeff', '\ufffd', '"', "'", ':', '- ', '#', '{', '}', '[', ']', ',', '&a', '*a', '!', '|', '>', '%', '@', '\\'];

/** One mutation; several are applied per case. */
const MUTATIONS: Array<(r: Random, lines: string[]) => void> = [
  (r, l) => void l.splice(int(r, l.length), 1), // delete a line
  (r, l) => void l.splice(int(r, l.length), 0, l[int(r, l.length)] ?? ''), // duplicate a line elsewhere
  (r, l) => {
    const i = int(r, l.length);
    const j = int(r, l.length);
    [l[i], l[j]] = [l[j], l[i]]; // swap lines
  },
  (r, l) => {
    const i = int(r, l.length);
    const d = int(r, 5) - 2;
    l[i] = d >= 0 ? ' '.repeat(d + 1) + l[i] : l[i].replace(new RegExp(`^ {1,${-d}}`), ''); // indentation
  },
  (r, l) => {
    const i = int(r, l.length);
    l[i] = l[i].replace(/:\s+(.*)$/, (_m) => `: ${pick(r, WEIRD)}`); // replace a value
  },
  (r, l) => {
    const i = int(r, l.length);
    l[i] = l[i].replace(/(\d+)/, () => pick(r, ['1e308', '-0', '99999999999999999999', '0.5', 'NaN', '"3"'])); // flip a number
  },
  (r, l) => {
    const i = int(r, l.length);
    l[i] = l[i].replace(/\[([^\]]*)\]/, (_m, inner: string) => pick(r, [`{${inner}}`, inner, `"${inner}"`, '[]', `[[${inner}]]`, 'null'])); // flip a list
  },
  (r, l) => {
    const i = int(r, l.length);
    const at = int(r, l[i].length + 1);
    l[i] = l[i].slice(0, at) + pick(r, BYTES) + l[i].slice(at); // insert a character
  },
  (r, l) => {
    const i = int(r, l.length);
    const at = int(r, l[i].length + 1);
    const junk = Array.from({ length: 1 + int(r, 6) }, () => String.fromCodePoint(int(r, 2) ? int(r, 0x80) : 0x80 + int(r, 0x2ff80))).join('');
    l[i] = l[i].slice(0, at) + junk.replace(/[\uD800-\uDFFF]/g, 'x') + l[i].slice(at); // insert random unicode
  },
  (r, l) => void l.splice(int(r, l.length + 1)), // truncate at a line
  (r, l) => {
    const i = int(r, l.length);
    l[i] = l[i].slice(0, int(r, l[i].length + 1)); // truncate a line
  },
  (r, l) => {
    const i = int(r, l.length);
    l[i] = l[i].replace(/type: \w+/, `type: ${pick(r, ['term', 'phrase', 'glob', 'near', 'not', 'negation', 'regex', 'Term', 'nope', '[term]'])}`); // change a rule type
  },
  (r, l) => {
    const i = int(r, l.length);
    l[i] = l[i].replace(/"[^"]*"/, () => JSON.stringify(pick(r, ['', '*', '.*', '(a+)+$', '(x|x)*y', '[', '(?<=a)b', '\\', 'a b', '* *', '?', '.', '(?:)']))); // a hostile string
  },
  (r, l) => {
    const i = int(r, l.length);
    l.splice(i, 0, pick(r, ['<<: *x', 'x: &x {a: 1}', '- &y [1, *y]', '? [a]', ': orphan', 'codes: []', 'groups:', '  - {}', '      - {type: regex}', '    rules: [{type: near, a: [x], b: [y], within: 0}]'])); // insert a line
  },
];

function mutate(r: Random, source: string): string {
  const lines = source.split('\n');
  const n = 1 + int(r, 4);
  for (let k = 0; k < n && lines.length > 0; k++) pick(r, MUTATIONS)(r, lines);
  return lines.join('\n');
}

const TEXT = 'Transparency and accountability matter. The lack of security is not a problem for the EU, 2024. Прозорість алгоритмів є ключовою.';
const UNITS = [{ id: 's1', start: 0, end: 40 }, { id: 's2', start: 41, end: 97 }, { id: 's3', start: 98, end: TEXT.length }];

/** Checks one outcome; returns a description of what was wrong, or null. */
function verdict(run: () => Codebook, file: string, source: string): string | null {
  let cb: Codebook;
  try {
    cb = run();
  } catch (e) {
    if (!(e instanceof CodebookError)) return `threw ${(e as Error)?.name}: ${(e as Error)?.stack ?? String(e)}`;
    if (e.diagnostics.length === 0) return 'a CodebookError without diagnostics';
    const lines = source.split(/\r\n|\r|\n/).length;
    for (const d of e.diagnostics) {
      if (d.file !== file) return `diagnostic names ${d.file}, expected ${file}`;
      if (!Number.isInteger(d.line) || d.line < 1 || d.line > lines + 1) return `line ${d.line} outside 1..${lines + 1}: ${d.message}`;
      if (!Number.isInteger(d.column) || d.column < 1) return `column ${d.column}: ${d.message}`;
      if (typeof d.message !== 'string' || d.message.length === 0 || d.message.length > 2000) return `bad message ${JSON.stringify(d.message?.slice(0, 200))}`;
      if (!e.message.includes(`${file}:${d.line}:${d.column}: `)) return 'the error message lacks file:line:col';
    }
    return null;
  }
  // It loaded: it must compile and code a text without throwing.
  try {
    const codings = compileCodebook(cb).codeUnits(TEXT, UNITS, null);
    if (!Array.isArray(codings)) return 'codeUnits did not return a list';
  } catch (e) {
    return `loaded, then coding threw ${(e as Error).stack}`;
  }
  return null;
}

describe('codebook loader fuzz', () => {
  it(`${CASES} mutated codebooks load or are refused with a location (seed ${SEED})`, () => {
    const failures: string[] = [];
    let loaded = 0;
    let refused = 0;
    for (let n = 0; n < CASES; n++) {
      if (ONLY !== null && n !== ONLY) continue;
      const r = mulberry32((SEED ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0);
      const source = mutate(r, base(r));
      const name = `fuzz-${n}.yml`;
      if (ONLY !== null) console.log(`--- FUZZ_SEED=${SEED} FUZZ_CASE=${n} source ---\n${source}\n--- end ---`);
      let why: string | null;
      if (r() < 0.15) {
        // Through the file: raw bytes (invalid UTF-8 included) and the size/encoding checks.
        const bytes = Buffer.from(source, 'utf8');
        if (bytes.length > 0 && r() < 0.5) bytes[int(r, bytes.length)] = 0x80 + int(r, 0x80);
        const file = join(dir, name);
        writeFileSync(file, bytes);
        why = verdict(() => loadCodebook(file), file, bytes.toString('utf8'));
      } else {
        why = verdict(() => parseCodebook(source, name), name, source);
      }
      if (why === null) {
        try {
          parseCodebook(source, name);
          loaded++;
        } catch {
          refused++;
        }
      } else {
        failures.push(`FUZZ_SEED=${SEED} FUZZ_CASE=${n}: ${why}\n--- source (first 600 chars) ---\n${source.slice(0, 600)}`);
      }
    }
    console.log(`codebook fuzz, seed ${SEED}: ${loaded} loaded, ${refused} refused, ${failures.length} failures`);
    expect(failures.slice(0, 5).join('\n\n')).toBe('');
    if (ONLY === null) {
      // The mutations must exercise both outcomes, or the fuzz proves nothing.
      expect(refused).toBeGreaterThan(CASES / 2);
      expect(loaded).toBeGreaterThan(20);
    }
  });
});
