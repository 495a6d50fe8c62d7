import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { extractBytes, extractFile } from '../../src/ingest/extract.ts';
import { IngestError, type ExtractedText, type FailureCode } from '../../src/types.ts';
import { needShared, shared } from '../helpers/shared.ts';

type Outcome = { ok: true; doc: ExtractedText } | { ok: false; code: FailureCode; reason: string };

async function outcomeOf(run: Promise<ExtractedText>): Promise<Outcome> {
  try {
    return { ok: true, doc: await run };
  } catch (err) {
    if (err instanceof IngestError) return { ok: false, code: err.code, reason: err.message };
    throw err; // anything else is a bug and fails the test
  }
}

const FAILURE_CODES = ['empty', 'corrupt', 'encrypted', 'image_only', 'oversized', 'misnamed', 'unsupported', 'timeout', 'unreadable'];

/** What each file of ../shared/pdfs must end as; a list means any of them is right. */
const EXPECTED: Record<string, 'ok' | FailureCode | Array<'ok' | FailureCode>> = {
  'ArabicCIDTrueType.pdf': 'ok',
  'FAKE-PDF_html-404-page_ASEAN_Guide_AI_Governance_Ethics_2024.pdf': 'misnamed',
  'GHOSTSCRIPT-698804-1-fuzzed.pdf': ['corrupt', 'ok', 'empty'], // its one page is really empty
  'REDHAT-1531897-0.pdf': ['corrupt', 'ok'],
  'TrueType_without_cmap.pdf': 'ok',
  'copy_paste_ligatures.pdf': 'ok',
  'empty.pdf': 'empty',
  'french_diacritics.pdf': 'ok',
  'hello_world_rotated.pdf': 'ok',
  'helloworld-bad.pdf': 'ok',
  'issue11656.pdf': 'ok',
  'issue1293r.pdf': ['corrupt', 'ok'],
  'issue16538.pdf': 'ok',
  'issue3371.pdf': 'encrypted',
  'issue3521.pdf': 'ok',
  'issue4684.pdf': 'ok',
  'issue5421.pdf': 'ok',
  'issue6010_2.pdf': 'encrypted',
  'issue7200.pdf': 'image_only',
  'poppler-395-0-fuzzed.pdf': ['corrupt', 'ok'],
  'poppler-91414-0-53.pdf': ['corrupt', 'ok'],
  'pr6531_1.pdf': 'encrypted',
  'print_protection.pdf': 'encrypted',
  'tracemonkey.pdf': 'ok',
  'xref_command_missing.pdf': ['corrupt', 'ok'],
};

describe.runIf(needShared('extraction of every tricky PDF'))('extractBytes on ../shared/pdfs', () => {
  afterEach(() => vi.restoreAllMocks());

  const files = readdirSync(shared('pdfs')).filter((f) => f.toLowerCase().endsWith('.pdf'));

  it('knows every file of the folder', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s ends extracted or with a failure code and reason', async (file) => {
    const outcome = await outcomeOf(extractBytes(readFileSync(shared('pdfs', file)), file));
    const expected = [EXPECTED[file] ?? ['ok', ...FAILURE_CODES]].flat();
    if (outcome.ok) {
      expect(expected).toContain('ok');
      expect(outcome.doc.text.trim()).not.toBe('');
      expect(outcome.doc.pages.length).toBeGreaterThan(0);
    } else {
      expect(expected).toContain(outcome.code);
      expect(outcome.reason.length).toBeGreaterThan(10);
    }
  });

  it('prints nothing to stdout while reading broken PDFs (pdf.js verbosity)', async () => {
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    const write = vi.spyOn(process.stdout, 'write');
    for (const file of ['helloworld-bad.pdf', 'xref_command_missing.pdf', 'issue1293r.pdf', 'TrueType_without_cmap.pdf', 'poppler-91414-0-53.pdf']) {
      await outcomeOf(extractBytes(readFileSync(shared('pdfs', file)), file));
    }
    expect([log.mock.calls, warn.mock.calls, write.mock.calls]).toEqual([[], [], []]);
  });

  it('recovers the text of the broken helloworld-bad.pdf', async () => {
    const doc = await extractBytes(readFileSync(shared('pdfs', 'helloworld-bad.pdf')), 'helloworld-bad.pdf');
    expect(doc.text).toContain('Hello');
  });

  it('reports the HTML 404 page saved as .pdf as misnamed', async () => {
    const file = 'FAKE-PDF_html-404-page_ASEAN_Guide_AI_Governance_Ethics_2024.pdf';
    expect(await outcomeOf(extractBytes(readFileSync(shared('pdfs', file)), file))).toEqual({
      ok: false,
      code: 'misnamed',
      reason: 'named .pdf but its content is an HTML page (starts with <!DOCTYPE html>)',
    });
  });

  it('dispatches each corpus format to its extractor', async () => {
    for (const [file, format] of [
      ['UN_2024-03-21_A-RES-78-265_safe-secure-trustworthy-AI.pdf', 'pdf'],
      ['UK_2025-01-13_AI-Opportunities-Action-Plan_govuk.html', 'html'],
      ['US_2024-03-21_Harris_statement_UNGA_AI_resolution.md', 'markdown'],
    ] as const) {
      const doc = await extractBytes(readFileSync(shared('corpus', file)), file);
      expect([file, doc.format]).toEqual([file, format]);
      expect(doc.text.length).toBeGreaterThan(1000);
    }
  });
});

describe('extractBytes without ../shared', () => {
  it.each([
    ['zero bytes', new Uint8Array(0), 'a.txt', 'empty'],
    ['a ZIP archive', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]), 'a.zip', 'unsupported'],
    ['a PDF named .txt', new TextEncoder().encode('%PDF-1.4\n'), 'a.txt', 'misnamed'],
  ])('%s → %s', async (_name, bytes, fileName, code) => {
    expect(await outcomeOf(extractBytes(bytes, fileName))).toMatchObject({ ok: false, code });
  });

  it('reads plain text and markdown by extension', async () => {
    const bytes = new TextEncoder().encode('# Transparency\n\nStates shall publish their rules.\n');
    expect((await extractBytes(bytes, 'a.md')).format).toBe('markdown');
    expect((await extractBytes(bytes, 'a.txt')).format).toBe('text');
  });
});

describe('extractFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'codeframe-extract-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a file over maxBytes before reading it', async () => {
    const path = join(dir, 'big.txt');
    writeFileSync(path, 'x'.repeat(2048));
    expect(await outcomeOf(extractFile(path, { maxBytes: 1024 }))).toEqual({
      ok: false,
      code: 'oversized',
      reason: '2.0 KB, larger than the limit of 1.0 KB',
    });
  });

  it.each([
    ['a missing file', 'missing.pdf', 'ENOENT'],
    ['a directory', '.', 'not a regular file'],
  ])('reports %s as unreadable', async (_name, rel, says) => {
    const path = join(dir, rel);
    const outcome = await outcomeOf(extractFile(path));
    expect(outcome).toMatchObject({ ok: false, code: 'unreadable' });
    expect(!outcome.ok && outcome.reason).toContain(says);
  });

  it('reports a zero-byte file as empty', async () => {
    const path = join(dir, 'zero.pdf');
    writeFileSync(path, '');
    expect(await outcomeOf(extractFile(path))).toEqual({ ok: false, code: 'empty', reason: 'the file is empty (0 bytes)' });
  });

  it.runIf(needShared('extractFile on a real PDF'))('gives the same result as extractBytes on the same bytes', async () => {
    const path = shared('corpus', 'UN_2024-03-21_A-RES-78-265_safe-secure-trustworthy-AI.pdf');
    const fromFile = await extractFile(path);
    expect(fromFile).toEqual(await extractBytes(readFileSync(path), 'UN_2024-03-21_A-RES-78-265_safe-secure-trustworthy-AI.pdf'));
    expect(fromFile.pages).toHaveLength(8);
  });
});
