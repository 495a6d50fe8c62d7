// Builders for hostile and broken corpus files (issue 6 item 4), shared by the quick suite
// (test/pipeline/hostile-input.test.ts) and the long one (test/long/hostile-input.test.ts),
// plus a runner for the real CLI that measures the child's peak memory.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlibConstants, deflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { REPO_ROOT } from './shared.ts';

/** A PDF file from object bodies (object i+1 = bodies[i]; object 1 is the catalog), with a
 *  correct xref table, so pdf.js reads it without reconstructing anything. */
export function buildPdf(bodies: Array<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref =
    `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(xref));
  return Buffer.concat(parts);
}

/** A stream object body: `dict` without /Length (added here), then the raw bytes. */
export function streamObject(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]);
}

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
function textOp(text: string): string {
  return `BT /F1 12 Tf 20 100 Td (${text}) Tj ET`;
}

/** One real page of text, but a page tree claiming `count` pages. */
export function pdfClaimingPages(count: number): Buffer {
  const content = textOp('Transparency of AI systems is the first principle.');
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [3 0 R] /Count ${count} >>`,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    streamObject('', Buffer.from(content)),
    FONT,
  ]);
}

/** A page tree that really has `count` pages: one page object referenced `count` times. */
export function pdfWithRepeatedPage(count: number): Buffer {
  const kids = Array.from({ length: count }, () => '3 0 R').join(' ');
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    streamObject('', Buffer.from(textOp('Accountability of the same page, again and again.'))),
    FONT,
  ]);
}

/** zlib data (as /FlateDecode wants) that inflates to `mb` MiB of zero bytes, in milliseconds
 *  and without the zeros in memory: one MiB of zeros deflated with a full flush (which makes the
 *  block independent of what came before) repeated `mb` times, an empty final block, and the
 *  Adler-32 of the whole (a = 1, b = length mod 65521 for all-zero data). 1024 MiB → about 1 MB. */
export function deflatedZeros(mb: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: zlibConstants.Z_FULL_FLUSH });
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((mb * 1024 * 1024) % 65521) * 65536 + 1) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...Array.from({ length: mb }, () => block), Buffer.from([0x03, 0x00]), adler]);
}

/** A one-page PDF whose content stream is a FlateDecode stream of `inflated` (a deflate of
 *  zeros, as deflatedZeros gives): a decompression bomb. The page also has a real text stream. */
export function pdfWithFlateBomb(inflated: Buffer): Buffer {
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents [6 0 R 4 0 R] /Resources << /Font << /F1 5 0 R >> >> >>',
    streamObject('/Filter /FlateDecode', inflated),
    FONT,
    streamObject('', Buffer.from(textOp('Interoperability before the bomb.'))),
  ]);
}

/** `depth` nested <div>s around one paragraph. */
export function nestedHtml(depth: number, inner: string): string {
  return `<!DOCTYPE html><html><head><title>Deep</title></head><body>${'<div>'.repeat(depth)}<p>${inner}</p>${'</div>'.repeat(depth)}</body></html>`;
}

/** UTF-16 with a byte order mark. */
export function utf16WithBom(text: string, endian: 'le' | 'be'): Buffer {
  const body = Buffer.from(text, 'utf16le');
  if (endian === 'be') body.swap16();
  return Buffer.concat([Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}

/** Deterministic pseudo-random bytes (a linear congruential generator), `n` of them. */
export function garbage(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** Writes `size` bytes of English sentences to `path` in 1 MiB chunks (never the whole file in memory). */
export function writeBigText(path: string, size: number): void {
  const sentence = 'States agree that transparency and accountability of AI systems matter for security. ';
  const para = sentence.repeat(11) + '\n\n';
  const chunk = Buffer.from(para.repeat(Math.ceil((1024 * 1024) / para.length))).subarray(0, 1024 * 1024);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < size; ) {
      const n = Math.min(chunk.length, size - written);
      writeSync(fd, chunk, 0, n);
      written += n;
    }
  } finally {
    closeSync(fd);
  }
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident set of the CLI process (its worker threads included), from /usr/bin/time; null without it. */
  peakRssMb: number | null;
  seconds: number;
}

export const HAS_GNU_TIME = existsSync('/usr/bin/time');

/** Runs `node src/cli/bin.mjs ...args` under /usr/bin/time (when present) so its peak RSS is
 *  measured by the kernel's rusage, not sampled. The child is killed after `killAfterMs`. */
export function runCli(args: string[], killAfterMs: number): Promise<CliResult> {
  const started = performance.now();
  const node = [process.execPath, join(REPO_ROOT, 'src/cli/bin.mjs'), ...args];
  const [cmd, argv] = HAS_GNU_TIME ? ['/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M', ...node]] : [node[0]!, node.slice(1)];
  const child = spawn(cmd!, argv as string[], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const m = /PEAK_RSS_KB=(\d+)/.exec(stderr);
      resolve({
        code,
        signal,
        stdout,
        stderr: stderr.replace(/PEAK_RSS_KB=\d+\n?/, ''),
        peakRssMb: m ? Math.round(Number(m[1]) / 1024) : null,
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}

export interface DocRow {
  file: string;
  status: string;
  failure_code: string | null;
  reason: string | null;
  format: string | null;
  text: string | null;
  warnings: string;
}

/** Every document row, by file. */
export function documentsOf(db: string): Map<string, DocRow> {
  const conn = new Database(db, { readonly: true });
  try {
    const rows = conn.prepare('SELECT file, status, failure_code, reason, format, text, warnings FROM documents').all() as DocRow[];
    return new Map(rows.map((r) => [r.file, r]));
  } finally {
    conn.close();
  }
}
