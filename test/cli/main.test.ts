// The CLI as a user and a script meet it: the real `codeframe` entry point in a child process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needShared, REPO_ROOT, shared } from '../helpers/shared.ts';

const BIN = join(REPO_ROOT, 'src/cli/bin.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'codeframe-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function codeframe(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 240_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('usage', () => {
  it('--help lists the commands and exits 0', () => {
    const r = codeframe('--help');
    expect(r.code).toBe(0);
    for (const c of ['run', 'ingest', 'code', 'tables', 'export', 'text', 'codebook', 'status']) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    }
  });

  it('exits 2 on an unknown command, a bad flag value, or no command', () => {
    expect(codeframe('frobnicate').code).toBe(2);
    expect(codeframe('run', '--threads', 'two').code).toBe(2);
    expect(codeframe().code).toBe(2);
  });

  it('does not crash when the reader closes the pipe early (regression: EPIPE from `codeframe --help | head -3`)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, '--help'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });

  it('exits 2, without a stack trace, on paths that cannot be used (regression: these exited 70 as "internal errors")', () => {
    const file = join(tmp, 'not-a-db.txt');
    writeFileSync(file, 'plain text, not SQLite');
    const cases = [
      ['status', '--db', file],
      ['status', '--db', tmp],
      ['run', '--corpus', file, '--db', join(tmp, 'x', 'c.db')],
    ];
    for (const args of cases) {
      const r = codeframe(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).not.toMatch(/internal error|at .*\.ts:\d+/);
    }
  });

  it('exits 2 with a plain message when the database is missing', () => {
    const r = codeframe('status', '--db', join(tmp, 'nope.db'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no database at .*nope\.db/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace for a user error
  });
});

describe('codebook check', () => {
  it('passes on the study codebook', () => {
    const r = codeframe('codebook', 'check', 'codebook/study.yml');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/anchor examples: (\d+)\/\1 pass/);
  });

  it('rejects a broken codebook before any document is touched, naming file, line and column', () => {
    const bad = join(tmp, 'broken.yml');
    writeFileSync(
      bad,
      [
        'codebook: broken',
        'title: Broken',
        'groups:',
        '  - {id: principle, label: Principle}',
        'codes:',
        '  - id: transparency',
        '    label: Transparency',
        '    group: principle',
        '    definition: Openness.',
        '    rules:',
        '      - {type: near, a: [open], b: [data], within: five}',
        '',
      ].join('\n'),
    );
    const db = join(tmp, 'broken', 'codeframe.db');
    const r = codeframe('run', '--codebook', bad, '--db', db, '--out', join(tmp, 'broken'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yml:11:\d+/);
    expect(r.stderr).toMatch(/within/);
    expect(r.stderr).toMatch(/no document was processed/);
    expect(existsSync(db)).toBe(false);
  });
});

describe('run, status, export, tables on the demo corpus', () => {
  const db = join(tmp, 'demo', 'codeframe.db');
  let run: ReturnType<typeof codeframe>;
  beforeAll(() => {
    run = codeframe('run', '--db', db, '--out', join(tmp, 'demo'));
  }, 240_000);

  it('runs the main job and prints a summary', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/documents: \d+ files — \d+ ingested/);
    expect(run.stdout).toMatch(/not present yet/);
    expect(existsSync(join(tmp, 'demo', 'tables'))).toBe(true);
  });

  it('status --json lists every document with status and totals', () => {
    const r = codeframe('status', '--db', db, '--json');
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout) as { documents: Array<{ file: string; status: string }>; totals: Record<string, number> };
    expect(status.documents.length).toBeGreaterThanOrEqual(5);
    expect(status.documents.every((d) => d.status === 'ingested')).toBe(true);
    expect(Object.keys(status.totals).length).toBeGreaterThan(0);
  });

  it('export --format jsonl writes one JSON object per segment, quotes equal to their offsets', () => {
    const r = codeframe('export', '--format', 'jsonl', '--db', db);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(50);
    for (const l of lines.slice(0, 20)) {
      expect(Object.keys(l)).toEqual(expect.arrayContaining(['file', 'segment_id', 'kind', 'start', 'end', 'page', 'text', 'codes']));
      expect(l.text.length).toBe(l.end - l.start);
    }
    expect(lines.some((l) => l.codes.length > 0)).toBe(true);
  });

  it('tables rewrites the tables from the database', () => {
    const r = codeframe('tables', '--db', db, '--out', join(tmp, 'demo-tables'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\.csv/);
  });
});

describe.runIf(needShared('codeframe text over ../shared files'))('text FILE', () => {
  it('prints the normalized text and, with --pages, the page map', () => {
    const file = shared('corpus/UN_2024-03-21_A-RES-78-265_safe-secure-trustworthy-AI.pdf');
    const text = codeframe('text', file);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/trustworthy artificial intelligence/i);
    const pages = codeframe('text', file, '--pages');
    const rows = pages.stdout.trim().split('\n').slice(1);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toMatch(/^1\t0\t\d+\t\d+$/);
  });

  it('reports a misnamed file with its reason and exits 1', () => {
    const r = codeframe('text', shared('pdfs/FAKE-PDF_html-404-page_ASEAN_Guide_AI_Governance_Ethics_2024.pdf'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/misnamed/);
    expect(r.stderr).toMatch(/HTML/i);
  });
});
