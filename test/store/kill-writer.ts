// Child process for kill.test.ts: stores big documents one after another, printing each sha256
// when its transaction has committed, until the parent kills it (SIGKILL, no clean-up).
import { openStore } from '../../src/store/index.ts';
import { CODEBOOK_V1, coding, docInput } from './fixture.ts';

export const SENTENCES = 3000;
export function bigDoc(i: number, runId: number) {
  const sha256 = String(i).padStart(4, '0').padEnd(64, '0'); // segment ids use the first 4
  const d = docInput(sha256, `doc${i}.txt`, [Array.from({ length: SENTENCES }, (_, k) => `Sentence ${k} on transparency.`)], {}, runId);
  d.coding = { codebookVersion: CODEBOOK_V1.version, unit: 'sentence', codings: d.segments.filter((s) => s.kind === 'sentence').map((s) => coding(s, 'transparency')) };
  return d;
}

if (process.argv[2]) {
  const store = openStore(process.argv[2]);
  store.saveCodebook(CODEBOOK_V1);
  const run = store.startRun({ command: 'run', toolVersion: 't', codebookVersion: CODEBOOK_V1.version, options: {} });
  for (let i = 1; ; i++) {
    store.storeDocument(bigDoc(i, run));
    process.stdout.write(`${i}\n`);
  }
}
