// The thread side of the extractor pool: extract one file at a time, answer with an outcome.
// Loaded through worker-boot.mjs, as a precompiled bundle (worker-bundle.ts) or through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { IngestError, type ExtractedText } from '../types.ts';
import { extractBytes } from './extract.ts';
import { EXTRACTOR_ROLE, type AnalyzerSpec, type ExtractOutcome } from './pool.ts';

/** main → worker */
export interface ExtractRequest {
  id: number;
  bytes: Uint8Array;
  fileName: string;
  /** Given: run the pool's analyzer on the extracted text with this context. */
  context?: unknown;
}
/** worker → main */
export type WorkerMessage = { type: 'ready' } | { type: 'done'; id: number; outcome: ExtractOutcome };

/** The same contract as the pool: bad input is an outcome, never a throw. */
export async function extractOutcome(bytes: Uint8Array, fileName: string): Promise<ExtractOutcome> {
  try {
    return { ok: true, extracted: await extractBytes(bytes, fileName) };
  } catch (err) {
    if (err instanceof IngestError) return { ok: false, code: err.code, reason: err.message };
    // A bug in an extractor must not stop the batch; the reason says it is one.
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { ok: false, code: 'corrupt', reason: `extraction failed unexpectedly (a bug in codeframe?): ${message}` };
  }
}

/** A one-page PDF with one line of Helvetica text. */
function tinyPdf(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 50] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 48 >>\nstream\nBT /F1 12 Tf 10 20 Td (warm up the parser) Tj ET\nendstream',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}

type Analyze = (extracted: ExtractedText, context: unknown) => unknown;

/** Extraction, then the analyzer where there is one; a throw in the analyzer is a bug, reported
 *  on the file like an extractor's bug, and the batch goes on. */
async function handle(req: ExtractRequest, analyze: Analyze | null): Promise<ExtractOutcome> {
  const outcome = await extractOutcome(req.bytes, req.fileName);
  if (!outcome.ok || !analyze || req.context === undefined) return outcome;
  try {
    return { ...outcome, analysis: analyze(outcome.extracted, req.context) };
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { ok: false, code: 'corrupt', reason: `analysis failed unexpectedly (a bug in codeframe?): ${message}` };
  }
}

// Importing this module elsewhere (a test thread, the main thread) must not start serving.
const data = workerData as { role?: string; analyzer?: AnalyzerSpec } | null;
const port = data?.role === EXTRACTOR_ROLE ? parentPort : null;
if (port) {
  // pdf.js loads its parser, font data and the like on first use (over a second); doing
  // that before "ready" keeps it out of the first file's time limit. The analyzer (a compiled
  // codebook, say) is built once here for the same reason.
  await extractOutcome(tinyPdf(), 'warm-up.pdf');
  let analyze: Analyze | null = null;
  if (data?.analyzer) {
    const mod = (await import(data.analyzer.module)) as { createAnalyzer(options: unknown): Analyze };
    analyze = mod.createAnalyzer(data.analyzer.options);
  }
  port.on('message', async (req: ExtractRequest) => {
    const outcome = await handle(req, analyze);
    port.postMessage({ type: 'done', id: req.id, outcome } satisfies WorkerMessage);
  });
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
}
