import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadManifest, ManifestError, missingFiles, normalizeManifestPath, type Manifest } from '../../src/ingest/manifest.ts';
import { needShared, REPO_ROOT, shared } from '../helpers/shared.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A corpus folder holding the given files (name → content). */
function corpus(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'codeframe-manifest-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function yaml(text: string): Manifest {
  return loadManifest(corpus({ 'manifest.yml': text }));
}

function csv(text: string | Uint8Array): Manifest {
  return loadManifest(corpus({ 'manifest.csv': text }));
}

function loadError(files: Record<string, string>): ManifestError {
  try {
    loadManifest(corpus(files));
  } catch (error) {
    if (error instanceof ManifestError) return error;
    throw error;
  }
  throw new Error('expected a ManifestError');
}

describe('loadManifest on the real corpus manifest in ../shared', () => {
  const run = needShared('manifest.test.ts (shared corpus manifest)');
  it.runIf(run)('reads all 19 entries of manifest.csv with their metadata', () => {
    const m = loadManifest(shared('corpus'));
    expect(m.path).toBe(shared('corpus', 'manifest.csv'));
    expect(m.problems).toEqual([]);
    expect(m.entries.size).toBe(19);

    const cn = m.entries.get('CN_2023-07-10_CAC_Interim-Measures-Generative-AI-Services_zh.html')!;
    expect(cn.title).toBe('生成式人工智能服务管理暂行办法 (Interim Measures for the Management of Generative AI Services)');
    expect(cn.language).toBe('zh-Hans');
    expect(cn.issuer).toBe('Cyberspace Administration of China + 6 ministries');
    expect(cn.source_url).toBeNull();
    expect(cn.extra.origin).toMatch(/^enoch-sit\/proj01_chatbot_edu:.*@f7be46c6f1e6$/);

    const un = m.entries.get('UN_2024-03-21_A-RES-78-265_safe-secure-trustworthy-AI.pdf')!;
    // A quoted title with commas inside stays one field.
    expect(un.title).toBe(
      'Seizing the opportunities of safe, secure and trustworthy artificial intelligence systems for sustainable development (A/RES/78/265)',
    );
    expect(un).toMatchObject({ actor_group: 'multilateral', country: 'UN', date: '2024-03-21', doc_type: 'resolution' });

    expect(m.entries.get('HK-CN_2025-04_Generative-AI-Technical-and-Application-Guideline.pdf')!.date).toBe('2025-04');
    expect(m.entries.get('BR_2021_EBIA_Estrategia-Brasileira-de-IA_pt.pdf')).toMatchObject({
      language: 'pt',
      actor_group: 'global_south',
      date: '2021',
      country: 'Brazil',
    });
    expect(m.entries.get('JP_2019_AI-Strategy-2019_ENCRYPTED-owner-pw.pdf')).toMatchObject({
      actor_group: 'other_advanced',
      date: '2019-06-11',
    });

    const tally = (key: 'actor_group' | 'language') => {
      const counts: Record<string, number> = {};
      for (const e of m.entries.values()) counts[e[key]!] = (counts[e[key]!] ?? 0) + 1;
      return counts;
    };
    expect(tally('actor_group')).toEqual({ major_power: 9, multilateral: 3, other_advanced: 3, global_south: 3, academic: 1 });
    expect(tally('language')).toEqual({ en: 15, 'zh-Hans': 1, pt: 1, es: 1, id: 1 });
  });
});

describe('the shipped corpus (corpus/manifest.yml and corpus/demo/)', () => {
  const corpusDir = resolve(REPO_ROOT, 'corpus');
  const m = loadManifest(corpusDir);
  const demoFiles = readdirSync(join(corpusDir, 'demo')).sort();
  const ACTOR_GROUPS = ['major_power', 'global_south', 'multilateral', 'other_advanced', 'ukraine', 'academic', 'think_tank'];

  it('parses without problems: 8 demo summaries and the 14 references of the seed', () => {
    expect(m.path).toBe(join(corpusDir, 'manifest.yml'));
    expect(m.problems).toEqual([]);
    const byCollection = (c: string) => [...m.entries.values()].filter((e) => e.extra.collection === c);
    expect(byCollection('demo')).toHaveLength(8);
    expect(byCollection('seed-references')).toHaveLength(14);
    expect(m.entries.size).toBe(22);
  });

  it('has an entry for every demo file and a file for every demo entry', () => {
    const listed = [...m.entries.keys()].filter((f) => f.startsWith('demo/')).sort();
    expect(listed).toEqual(demoFiles.map((f) => `demo/${f}`));
  });

  it('reports exactly the seed references as not present', () => {
    const missing = missingFiles(m, corpusDir);
    expect(missing.map((e) => e.extra.collection)).toEqual(Array(14).fill('seed-references'));
    expect(missing.every((e) => e.file.startsWith('sources/'))).toBe(true);
    expect(m.entries.get('sources/chatham-house-2025-competing-visions.pdf')).toMatchObject({
      issuer: 'Chatham House (L. Vinjamuri, ed.)',
      actor_group: 'think_tank',
      date: '2025-03-27',
      source_url: 'https://www.chathamhouse.org/2025/03/competing-visions-international-order',
    });
  });

  it('gives every entry a known actor group, a title, a date and a language', () => {
    for (const e of m.entries.values()) {
      expect(ACTOR_GROUPS, e.file).toContain(e.actor_group);
      expect(e.title, e.file).toBeTruthy();
      expect(e.date, e.file).toMatch(/^\d{4}(-\d{2}){0,2}$/);
      expect(['en', 'uk'], e.file).toContain(e.language);
    }
  });

  /** The summary itself: without front matter, and for HTML only the <article>, tags removed. */
  function summaryText(name: string): string {
    const raw = readFileSync(join(corpusDir, 'demo', name), 'utf8');
    if (name.endsWith('.html')) return raw.slice(raw.indexOf('<article>'), raw.indexOf('</article>')).replace(/<[^>]+>/g, '');
    return raw.replace(/^---\n[\s\S]*?\n---\n/, '');
  }
  const MARKER = 'Summary written for the codeframe demo corpus; not the original text. Source: ';

  it('marks each demo summary as such, in its title and at its top, with its source URL', () => {
    const ukrainian = [...m.entries.values()].filter((e) => e.extra.collection === 'demo' && e.language === 'uk');
    expect(ukrainian.map((e) => e.file)).toEqual(['demo/ukraine-ai-regulation-white-paper-2024-summary-uk.md']);
    for (const name of demoFiles.filter((f) => !f.endsWith('.pdf'))) {
      const entry = m.entries.get(`demo/${name}`)!;
      expect(entry.title, name).toMatch(/\(summary\)$/);
      const text = summaryText(name).trim();
      // Only the title line may come before the marker.
      expect(text.indexOf(MARKER), name).toBeGreaterThan(0);
      expect(text.indexOf(MARKER), name).toBeLessThan(text.indexOf('\n') + 3);
      expect(text, name).toContain(`${MARKER}${entry.source_url}`);
    }
  });

  it('keeps each demo summary between 150 and 400 words', () => {
    for (const name of demoFiles.filter((f) => !f.endsWith('.pdf'))) {
      const words = summaryText(name).split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
      expect(words, name).toBeGreaterThanOrEqual(150);
      expect(words, name).toBeLessThanOrEqual(400);
    }
  });
});

describe('loadManifest: which file', () => {
  it('returns an empty manifest with a "no manifest" problem when there is none', () => {
    const m = loadManifest(corpus({ 'a.txt': 'text' }));
    expect(m.path).toBeNull();
    expect(m.entries.size).toBe(0);
    expect(m.problems).toHaveLength(1);
    expect(m.problems[0]).toMatch(/^no manifest: expected one of manifest\.yml, manifest\.yaml, manifest\.csv/);
  });

  it('reads manifest.yml before manifest.yaml and manifest.csv, and says so', () => {
    const dir = corpus({
      'manifest.csv': 'file,title\na.txt,From CSV\n',
      'manifest.yaml': 'documents:\n  - file: a.txt\n    title: From YAML\n',
      'manifest.yml': 'documents:\n  - file: a.txt\n    title: From YML\n',
    });
    const m = loadManifest(dir);
    expect(m.path).toBe(join(dir, 'manifest.yml'));
    expect(m.entries.get('a.txt')!.title).toBe('From YML');
    expect(m.problems).toEqual(['several manifests: read `manifest.yml`, ignored `manifest.yaml`, `manifest.csv`']);
  });
});

describe('loadManifest: YAML values are kept as written', () => {
  // Regression: YAML 1.1 readers turn 2024-03-21 into a Date (and then a timestamp in UTC),
  // 2024 into a number and `no` into false; the manifest must keep the text.
  const cases: Array<[string, string, string | null]> = [
    ['date: 2024-03-21', 'date', '2024-03-21'],
    ['date: 2024', 'date', '2024'],
    ['date: 2024-05', 'date', '2024-05'],
    ["date: '2024-05-03'", 'date', '2024-05-03'],
    ['title: 1e3', 'title', '1e3'],
    ['title: no', 'title', 'no'],
    ['title: 0x10', 'title', '0x10'],
    ['title: 2024-03-21T10:00:00Z', 'title', '2024-03-21T10:00:00Z'],
    ['title: "  spaced  "', 'title', 'spaced'],
    ['title: ~', 'title', null],
    ['title: null', 'title', null],
    ['title:', 'title', null],
    ['title: ""', 'title', null],
    ['title: "null"', 'title', 'null'],
    ['language: zh-Hans', 'language', 'zh-Hans'],
  ];
  it.each(cases)('%s', (line, key, expected) => {
    const m = yaml(`documents:\n  - file: a.pdf\n    ${line}\n`);
    expect(m.problems).toEqual([]);
    expect((m.entries.get('a.pdf') as unknown as Record<string, unknown>)[key]).toBe(expected);
  });
});

describe('loadManifest: fields', () => {
  it('maps aliases onto the known fields and keeps unknown ones in extra', () => {
    const m = yaml(
      'documents:\n  - file: a.pdf\n    url: https://example.org/a\n    type: report\n    lang: uk\n' +
        '    actor_bloc: ukraine\n    Notes: seen in 2025\n    origin: repo@abc\n',
    );
    expect(m.problems).toEqual([]);
    expect(m.entries.get('a.pdf')).toEqual({
      file: 'a.pdf',
      title: null,
      issuer: null,
      actor_group: 'ukraine',
      country: null,
      date: null,
      doc_type: 'report',
      language: 'uk',
      source_url: 'https://example.org/a',
      extra: { Notes: 'seen in 2025', origin: 'repo@abc' },
    });
  });

  const aliases: Array<[string, string]> = [
    ['source', 'source_url'],
    ['group', 'actor_group'],
    ['actor', 'actor_group'],
    ['Source URL', 'source_url'],
    ['Doc-Type', 'doc_type'],
  ];
  it.each(aliases)('column `%s` means `%s`', (column, field) => {
    const m = csv(`file,${column}\na.pdf,value\n`);
    expect((m.entries.get('a.pdf') as unknown as Record<string, unknown>)[field]).toBe('value');
  });

  it('keeps the first of two fields that mean the same thing, and notes the second', () => {
    const m = yaml('documents:\n  - file: a.pdf\n    source_url: https://one.example\n    url: https://two.example\n');
    expect(m.entries.get('a.pdf')!.source_url).toBe('https://one.example');
    expect(m.problems).toEqual(['manifest.yml:4: `url` repeats `source_url` (both mean `source_url`), ignored']);
  });

  const dates: Array<[string, boolean]> = [
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13', false],
    ['2024-00', false],
    ['2024-04-31', false],
    ['21.03.2024', false],
    ['March 2024', false],
    ['24', false],
    ['1999-12', true],
  ];
  it.each(dates)('date `%s` valid: %s', (date, valid) => {
    const m = yaml(`documents:\n  - file: a.pdf\n    date: ${date}\n`);
    expect(m.entries.get('a.pdf')!.date).toBe(valid ? date : null);
    expect(m.problems).toEqual(
      valid ? [] : [`manifest.yml:3: Unexpected date \`${date}\` for \`a.pdf\`, expected YYYY, YYYY-MM or YYYY-MM-DD; date left empty`],
    );
  });

  it('notes a language that is not a BCP 47 tag but keeps it', () => {
    const m = yaml('documents:\n  - file: a.pdf\n    language: Ukrainian language\n');
    expect(m.entries.get('a.pdf')!.language).toBe('Ukrainian language');
    expect(m.problems[0]).toMatch(/^manifest\.yml:3: Unexpected language `Ukrainian language`/);
  });
});

describe('loadManifest: file paths', () => {
  const paths: Array<[string, string | null]> = [
    ['a.pdf', 'a.pdf'],
    ['./a.pdf', 'a.pdf'],
    ['demo\\sub\\a.pdf', 'demo/sub/a.pdf'],
    ['.\\demo\\a.pdf', 'demo/a.pdf'],
    ['demo//x/../a.pdf', 'demo/a.pdf'],
    ['  demo/a.pdf  ', 'demo/a.pdf'],
    ['../outside.pdf', null],
    ['demo/../../outside.pdf', null],
    ['/etc/passwd', null],
    ['C:\\corpus\\a.pdf', null],
    ['demo/', null],
  ];
  it.each(paths)('`%s` → %s', (raw, expected) => {
    const result = normalizeManifestPath(raw);
    if (expected === null) expect(result).toHaveProperty('error');
    else expect(result).toEqual({ file: expected });
  });

  it('skips an entry whose file leaves the corpus folder, with a note', () => {
    const m = yaml('documents:\n  - file: ../secret.pdf\n  - file: ok.pdf\n');
    expect([...m.entries.keys()]).toEqual(['ok.pdf']);
    expect(m.problems).toEqual(['manifest.yml:2: Unexpected `../secret.pdf`, expected a file inside the corpus folder, skipped']);
  });

  it('finds entries whose file is missing', () => {
    const dir = corpus({ 'manifest.yml': 'documents:\n  - file: here.txt\n  - file: sub/gone.pdf\n', 'here.txt': 'x' });
    expect(missingFiles(loadManifest(dir), dir).map((e) => e.file)).toEqual(['sub/gone.pdf']);
  });
});

describe('loadManifest: problems in single entries are notes, not failures', () => {
  it('skips an entry without `file` and names its line', () => {
    const m = yaml('# comment\ndocuments:\n  - file: a.pdf\n    title: A\n  - title: No file here\n    date: 2024\n  - file: b.pdf\n');
    expect([...m.entries.keys()]).toEqual(['a.pdf', 'b.pdf']);
    expect(m.problems).toEqual(['manifest.yml:5: entry without `file`, skipped']);
  });

  it('keeps the first of two entries for the same file (after normalizing the path)', () => {
    const m = yaml('documents:\n  - file: demo/a.pdf\n    title: First\n  - file: ./demo\\a.pdf\n    title: Second\n');
    expect(m.entries.get('demo/a.pdf')!.title).toBe('First');
    expect(m.problems).toEqual(['manifest.yml:4: duplicate entry for `demo/a.pdf`, ignored (the first one is kept)']);
  });

  it('skips a list item that is not a mapping', () => {
    const m = yaml('documents:\n  - just-a-file.pdf\n  - file: b.pdf\n');
    expect([...m.entries.keys()]).toEqual(['b.pdf']);
    expect(m.problems).toEqual([
      'manifest.yml:2: Unexpected the value `just-a-file.pdf` in `documents`, expected a mapping (`file: ...`); skipped',
    ]);
  });

  it('ignores a nested value and notes where it is', () => {
    const m = yaml('documents:\n  - file: a.pdf\n    title:\n      - one\n      - two\n');
    expect(m.entries.get('a.pdf')!.title).toBeNull();
    expect(m.problems).toEqual(['manifest.yml:4: Unexpected a list for `title`, expected a single value; ignored']);
  });

  it('notes unknown top-level keys', () => {
    const m = yaml('version: 2\ndocuments:\n  - file: a.pdf\n');
    expect(m.entries.size).toBe(1);
    expect(m.problems).toEqual(['manifest.yml:1: Unexpected top-level key `version`, expected only `documents`; ignored']);
  });

  it('treats an empty file and an empty list as no entries', () => {
    expect(yaml('').problems).toEqual(['manifest.yml: the manifest is empty, expected a `documents:` list']);
    expect(yaml('# nothing yet\n').entries.size).toBe(0);
    const m = yaml('documents: []\n');
    expect(m.entries.size).toBe(0);
    expect(m.problems).toEqual([]);
  });
});

describe('loadManifest: a manifest that cannot be parsed throws ManifestError with file:line:col', () => {
  const broken: Array<[string, Record<string, string>, string, number, number, RegExp]> = [
    ['unclosed flow sequence', { 'manifest.yml': 'documents:\n  - file: a.pdf\n    title: [x\n' }, 'manifest.yml', 4, 1, /./],
    ['bad indentation', { 'manifest.yml': 'documents:\n  - file: a.pdf\n   title: x\n' }, 'manifest.yml', 3, 1, /Sequence item without - indicator/],
    ['duplicate key', { 'manifest.yml': 'documents:\n  - file: a.pdf\n    file: b.pdf\n' }, 'manifest.yml', 3, 5, /unique/],
    ['a list at the top', { 'manifest.yml': '- file: a.pdf\n' }, 'manifest.yml', 1, 1, /Unexpected a list at the top, expected a mapping with a `documents:` list/],
    ['no documents key', { 'manifest.yml': 'files:\n  - a.pdf\n' }, 'manifest.yml', 1, 1, /Missing `documents:`/],
    ['documents is a scalar', { 'manifest.yml': 'documents: a.pdf\n' }, 'manifest.yml', 1, 12, /Unexpected the value `a.pdf` under `documents:`, expected a list/],
    ['CSV without a file column', { 'manifest.csv': 'title,date\nA,2024\n' }, 'manifest.csv', 1, 1, /expected a `file` column/],
    ['CSV with an unclosed quote', { 'manifest.csv': 'file,title\na.pdf,"open\nb.pdf,B\n' }, 'manifest.csv', 3, 1, /Quote Not Closed/],
  ];
  it.each(broken)('%s', (_name, files, file, line, column, reason) => {
    const error = loadError(files);
    expect(error).toBeInstanceOf(ManifestError);
    expect({ file: error.file, line: error.line, column: error.column }).toEqual({ file, line, column });
    expect(error.message.startsWith(`${file}:${line}:${column}: `)).toBe(true);
    expect(error.message).toMatch(reason);
  });
});

describe('loadManifest: CSV', () => {
  it('reads a BOM, CRLF line ends and quoted fields with commas, quotes and line breaks', () => {
    const text =
      '\uFEFFfile,title,url,lang,actor_bloc,origin\r\n' +
      'a.pdf,"Rules, roles and ""risks""",https://example.org/a,en,multilateral,x\r\n' +
      '\r\n' +
      'b.pdf,"Two\r\nlines",,uk,ukraine,\r\n';
    const m = csv(Buffer.from(text, 'utf8'));
    expect(m.problems).toEqual([]);
    expect(m.entries.get('a.pdf')).toMatchObject({
      title: 'Rules, roles and "risks"',
      source_url: 'https://example.org/a',
      language: 'en',
      actor_group: 'multilateral',
      extra: { origin: 'x' },
    });
    expect(m.entries.get('b.pdf')).toMatchObject({ title: 'Two\r\nlines', source_url: null, language: 'uk', extra: {} });
  });

  it('names the line where a row starts, after multi-line fields and blank lines', () => {
    const m = csv('file,title\r\na.pdf,"one\r\ntwo"\r\n\r\n,No file\r\nc.pdf,"x\ny"\nd.pdf,D\nd.pdf,Again\n');
    expect(m.problems).toEqual(['manifest.csv:5: entry without `file`, skipped', 'manifest.csv:9: duplicate entry for `d.pdf`, ignored (the first one is kept)']);
  });

  it('skips a row with the wrong number of fields and keeps the others', () => {
    const m = csv('file,title,date\na.pdf,Rules, roles and risks,2024\nb.pdf,B,2025\n');
    expect([...m.entries.keys()]).toEqual(['b.pdf']);
    expect(m.problems).toEqual([
      'manifest.csv:2: Unexpected 4 fields, expected 3 as in the header (a comma inside an unquoted value?); row skipped',
    ]);
  });

  it('notes a column that appears twice and keeps the first', () => {
    const m = csv('file,title,title\na.pdf,First,Second\n');
    expect(m.entries.get('a.pdf')!.title).toBe('First');
    expect(m.problems).toEqual(['manifest.csv:1: column `title` appears twice in the header, its column 3 is ignored']);
  });

  it('counts lines in a file with old Mac line ends (CR only)', () => {
    const m = csv('file,date\ra.pdf,2024\rb.pdf,24\r');
    expect(m.entries.get('a.pdf')!.date).toBe('2024');
    expect(m.problems).toEqual([
      'manifest.csv:3: Unexpected date `24` for `b.pdf`, expected YYYY, YYYY-MM or YYYY-MM-DD; date left empty',
    ]);
  });

  it('notes an empty file', () => {
    const m = csv('');
    expect(m.entries.size).toBe(0);
    expect(m.problems).toEqual(['manifest.csv: the manifest is empty, expected a header row with a `file` column']);
  });

  it('reads a header-only file as no entries', () => {
    const m = csv('file,title\n');
    expect(m.entries.size).toBe(0);
    expect(m.problems).toEqual([]);
  });
});
