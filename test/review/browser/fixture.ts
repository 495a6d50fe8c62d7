// The database the browser tests review: the shipped demo corpus run through the real pipeline
// with the study codebook, plus one hand-made document whose text and title carry XSS payloads
// (a PDF can contain anything), coded with the same codebook version.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { buildDemoDb } from '../../helpers/demo-db.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import type { Segment } from '../../../src/types.ts';
import { TOOL_VERSION } from '../../../src/version.ts';

const S0 = 'Officials demand transparency <script>window.__xss=1</script> in every ministry.';
const S1 = 'They add <img src=x onerror="window.__xss=2"> and accountability for <b onmouseover="window.__xss=3">algorithms</b>.';
export const XSS_TEXT = `${S0} ${S1}`;
export const XSS_FILE = 'hand/xss.html';
export const XSS_TITLE = '<script>window.__xss=4</script>Hostile "title" & <i>co</i>';

export async function demoDatabase(dir: string): Promise<{ db: string; version: string }> {
  const db = join(dir, 'codeframe.db');
  await buildDemoDb(db, dir);
  const store = openStore(db);
  try {
    const version = store.latestCodebookVersion()!;
    addXssDocument(store, version);
    return { db, version };
  } finally {
    store.close();
  }
}

function addXssDocument(store: Store, version: string): void {
  const sha256 = createHash('sha256').update(XSS_TEXT).digest('hex');
  const at = (s: string): [number, number] => [XSS_TEXT.indexOf(s), XSS_TEXT.indexOf(s) + s.length];
  const s1 = S0.length + 1;
  const segments: Segment[] = [
    { id: 'xss-p0', kind: 'paragraph', start: 0, end: XSS_TEXT.length, page: 1, paragraphId: null, ordinal: 0 },
    { id: 'xss-s0', kind: 'sentence', start: 0, end: S0.length, page: 1, paragraphId: 'xss-p0', ordinal: 0 },
    { id: 'xss-s1', kind: 'sentence', start: s1, end: XSS_TEXT.length, page: 1, paragraphId: 'xss-p0', ordinal: 1 },
  ];
  const runId = store.startRun({ command: 'test', toolVersion: TOOL_VERSION, codebookVersion: version, options: {} });
  store.storeDocument({
    sha256, file: XSS_FILE, bytes: Buffer.byteLength(XSS_TEXT), format: 'html',
    meta: { title: XSS_TITLE, issuer: null, actor_group: '<u>group</u>', country: null, date: '2025', doc_type: 'test', language: 'en', source_url: null },
    text: XSS_TEXT, pages: [{ page: 1, start: 0, end: XSS_TEXT.length }], segments, warnings: [], runId,
    coding: {
      codebookVersion: version, unit: 'sentence',
      codings: [
        // The matched words straddle the payload, so the highlight splits it into several text nodes.
        { segmentId: 'xss-s0', codeId: 'transparency', ruleId: 'hand-1', spans: [at('transparency <script>')], negated: false },
        { segmentId: 'xss-s1', codeId: 'accountability', ruleId: 'hand-2', spans: [at('accountability')], negated: false },
      ],
    },
  });
  store.finishRun(runId, 'completed', {});
}
