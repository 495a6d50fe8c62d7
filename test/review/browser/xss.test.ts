// Hostile text everywhere the review page shows free text, checked in Chromium: document text,
// titles and metadata (manifest), a file name, code labels, group labels, definitions, criteria
// and rule ids (codebook), memos on units and codes, the queue name, and the adjudicator's view of
// another coder's memo. Each payload must show as the very text it is, and nothing may run: no
// dialog, no global set by a payload, no element made from it. The pages run with the
// Content-Security-Policy bypassed, so that the page's own rule (text nodes only, never HTML) is
// what is tested; the CSP is a second wall (server.test.ts checks its header).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../../src/pipeline/run.ts';
import { assign, buildQueue, createCoder, decide, queueItems } from '../../../src/review/index.ts';
import { startReviewServer, type ReviewServer } from '../../../src/review/server/index.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { launchChromium, needChromium, type Chromium } from '../../helpers/chromium.ts';

const RUN = needChromium('review page XSS tests');

/** Every payload calls alert (a dialog) and sets window.__xss: either would show that it ran. */
const x = (n: number) => `alert(${n});window.__xss=${n}`;
const P = {
  script: `<script>${x(1)}</script>`,
  img: `<img src=x onerror="${x(2)}">`,
  svg: `"><svg onload="${x(3)}">`,
  js: `javascript:${x(4)}`,
  iframe: `<iframe srcdoc="<script>parent.__xss=5</script>"></iframe>`,
  attr: `' onmouseover='${x(6)}' data-x='`,
};
const ALL = Object.values(P).join(' ');

const S0 = `Transparency matters ${P.script} for every ministry ${P.img} today.`;
const S1 = `Accountability ${P.svg} is owed ${P.js} to citizens ${P.iframe} and ${P.attr} courts.`;
const TEXT = `${S0} ${S1}\n`;
const HOSTILE_FILE = `x${P.svg.replace(/"/g, '')}.txt`.replace(/[/=()]/g, '_'); // a file name can hold <, >, quotes
const T = {
  title: `Title ${P.img} ${P.script}`,
  issuer: `Issuer ${P.svg}`,
  actor: `${P.iframe}`,
  docType: `${P.attr}`,
  label: `Transparency ${P.img}`,
  group: `Principle ${P.svg}`,
  definition: `Openness ${P.script} ${P.js}`,
  include: `Include ${P.iframe}`,
  exclude: `Exclude ${P.attr}`,
  accLabel: `Accountability ${P.script}`,
  rule: "tr.1-x", // rule ids are letters, digits, _ - . only (the loader refuses others)
  queue: `Queue ${P.img}`,
  unitMemo: `Unit memo ${P.svg} ${P.script}`,
  codeMemo: `Code memo ${P.img} ${P.js}`,
  bobMemo: `Bob's memo ${P.iframe} ${P.attr}`,
};

const codebook = `codebook: hostile
title: ${JSON.stringify(`Hostile ${P.script}`)}
languages: [en]
unit: sentence
groups: [{id: principle, label: ${JSON.stringify(T.group)}, description: ${JSON.stringify(ALL)}}]
codes:
  - id: transparency
    label: ${JSON.stringify(T.label)}
    group: principle
    definition: ${JSON.stringify(T.definition)}
    include: [${JSON.stringify(T.include)}]
    exclude: [${JSON.stringify(T.exclude)}]
    rules:
      - {type: term, id: ${JSON.stringify(T.rule)}, terms: [transparency]}
  - id: accountability
    label: ${JSON.stringify(T.accLabel)}
    group: principle
    definition: ${JSON.stringify(`Answerability ${P.svg}`)}
    rules:
      - {type: term, terms: [accountability]}
`;

const manifest = `documents:
  - file: hostile.txt
    title: ${JSON.stringify(T.title)}
    issuer: ${JSON.stringify(T.issuer)}
    actor_group: ${JSON.stringify(T.actor)}
    doc_type: ${JSON.stringify(T.docType)}
    date: "2025"
    language: en
    source_url: ${JSON.stringify(P.js)}
`;

describe.runIf(RUN)('hostile text on the review page, in Chromium', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'codeframe-review-xss-'));
  let store: Store;
  let server: ReviewServer;
  let browser: Chromium;
  let queueId: string;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const corpus = join(tmp, 'corpus');
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'hostile.txt'), TEXT);
    writeFileSync(join(corpus, HOSTILE_FILE), `The transparency of ${P.img} file names.\n`);
    writeFileSync(join(corpus, 'manifest.yml'), manifest);
    writeFileSync(join(tmp, 'hostile.yml'), codebook);
    const db = join(tmp, 'x.db');
    const summary = await runPipeline({
      command: 'run', corpus, codebook: join(tmp, 'hostile.yml'), db, out: tmp, stages: { ingest: true, code: true, tables: false },
    });
    expect(summary.failures).toEqual([]);
    store = openStore(db);
    for (const c of ['ann', 'bob', 'judge']) createCoder(store, c);
    queueId = buildQueue(store, { name: T.queue, include: 'all' });
    assign(store, queueId, ['ann', 'bob']);
    const first = queueItems(store, queueId).find((i) => store.db.prepare('SELECT text FROM segments WHERE id = ?').pluck().get(i.segmentId) === S0)!;
    decide(store, { item: first.id, coder: 'ann', action: 'accept', code: 'transparency' });
    decide(store, { item: first.id, coder: 'ann', action: 'memo', memo: T.unitMemo });
    decide(store, { item: first.id, coder: 'ann', action: 'memo', code: 'transparency', memo: T.codeMemo });
    decide(store, { item: first.id, coder: 'bob', action: 'reject', code: 'transparency' });
    decide(store, { item: first.id, coder: 'bob', action: 'memo', code: 'transparency', memo: T.bobMemo });
    server = await startReviewServer({ store, queueId, port: 0, adjudicators: ['judge'] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    store?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function open(coderKey: string, who: string): Promise<Page> {
    // bypassCSP: a payload that reached the DOM as markup would run, so the test sees it.
    const context = await browser.browser.newContext({ bypassCSP: true, viewport: { width: 1400, height: 900 } });
    const p = await context.newPage();
    p.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    p.on('pageerror', (err) => pageErrors.push(err.message));
    await p.goto(server.url);
    await p.waitForSelector('#coder-list');
    await p.keyboard.press(coderKey);
    await p.waitForFunction((w) => document.getElementById('who')?.textContent === w, who);
    return p;
  }

  /** Nothing ran and nothing was made of a payload: no dialog, no global, no element a payload names. */
  async function inert(p: Page): Promise<void> {
    // Sweep the mouse over the page (an injected onmouseover would fire), dialogs included.
    for (let y = 20; y < 900; y += 60) await p.mouse.move(700, y, { steps: 2 });
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await p.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await p.$$eval('body script, body img, body svg, body iframe, body a, body [onerror], body [onload], body [onmouseover], body [data-x], body [srcdoc]', (els) => els.map((e) => e.outerHTML))).toEqual([]);
    expect(await p.$$eval('head script', (els) => els.map((e) => e.getAttribute('src')))).toEqual(['/app.js']);
  }

  it("a coder's view: unit, context, document, codes, criteria, rule ids, memos and the code picker show the payloads as text", async () => {
    const p = await open('1', 'ann');
    await p.waitForSelector('#codes li');
    // ann finished hostile.txt's first sentence: the page opens on the second; k goes back.
    expect(await p.textContent('#unit')).toBe(S1);
    expect(await p.textContent('#previous')).toBe(S0);
    await inert(p);
    await p.keyboard.press('k');
    await p.waitForFunction((t) => document.getElementById('unit')?.textContent === t, S0);
    await p.waitForSelector('#criteria .memo');
    expect(await p.textContent('#next')).toBe(S1);
    expect(await p.textContent('#queue')).toBe(T.queue);
    expect(await p.textContent('.doc-title')).toBe(T.title);
    expect(await p.textContent('.doc-meta')).toContain(T.actor);
    expect(await p.textContent('.doc-meta')).toContain(T.docType);
    expect(await p.textContent('.file')).toContain('hostile.txt');
    expect(await p.textContent('#codes li[data-code="transparency"] .code-label')).toBe(T.label);
    expect(await p.textContent('#codes li[data-code="transparency"] .code-group')).toBe(T.group);
    expect(await p.textContent('#codes li[data-code="transparency"] .code-rules')).toBe(`rule ${T.rule}`);
    expect(await p.textContent('#criteria .definition')).toBe(T.definition);
    expect(await p.textContent('#criteria .inc')).toBe(T.include);
    expect(await p.textContent('#criteria .exc')).toBe(T.exclude);
    expect(await p.textContent('#criteria .memo')).toBe(T.codeMemo);
    expect(await p.textContent('.memos .memo')).toBe(T.unitMemo);
    await inert(p);

    // The picker lists the other codes with label, group and definition.
    await p.keyboard.press('c');
    await p.waitForSelector('#picker li');
    expect(await p.textContent('#picker li[data-id="accountability"] .code-label')).toBe(T.accLabel);
    expect(await p.textContent('#picker li[data-id="accountability"] .detail')).toBe(`Answerability ${P.svg}`);
    await inert(p);
    await p.keyboard.press('Escape');

    // A memo typed on the page with a payload comes back as text.
    await p.keyboard.press('m');
    await p.waitForSelector('#ask-input');
    await p.keyboard.type(`typed ${P.img}`);
    await p.keyboard.press('Enter');
    await p.waitForFunction((t) => [...document.querySelectorAll('.memos .memo')].some((e) => e.textContent === t), `typed ${P.img}`);
    await inert(p);

    // Every other unit: the second sentence, and the file whose name is hostile (no title: the name is shown).
    const seen: string[] = [];
    for (;;) {
      const before = await p.getAttribute('#unit', 'data-item');
      await p.keyboard.press('j');
      const moved = await p.waitForFunction((prev) => document.getElementById('unit')?.dataset.item !== prev, before, { timeout: 3000 }).then(() => true, () => false);
      if (!moved) break;
      seen.push((await p.textContent('#unit'))!);
      if ((await p.textContent('#unit'))!.includes('file names')) {
        expect(await p.textContent('.doc-title')).toBe(HOSTILE_FILE);
      }
      await inert(p);
    }
    expect(seen).toContain(S1);
    expect(seen.some((s) => s.includes('file names'))).toBe(true);
    await p.context().close();
  });

  it("the adjudicator's view shows both coders, a coder's hostile memo and the criteria as text", async () => {
    const p = await open('3', 'judge (adjudicator)');
    await p.keyboard.press('v');
    await p.waitForSelector('#coders .coder');
    expect(await p.textContent('#adj-unit')).toBe(S0);
    expect(await p.textContent('.doc-title')).toBe(T.title);
    expect(await p.$$eval('#coders .coder-name', (els) => els.map((e) => e.textContent))).toEqual(['ann', 'bob']);
    expect(await p.textContent('#coders .coder[data-coder="bob"] .memo')).toBe(T.bobMemo);
    expect(await p.textContent('#coders .coder[data-coder="ann"] .memo')).toBe(T.codeMemo);
    expect(await p.textContent('.criteria .definition')).toBe(T.definition);
    expect(await p.textContent('.side-col .hint')).toBe(`Suggested by rule ${T.rule}.`);
    await inert(p);
    // A reason with a payload is recorded as typed, and the page stays inert.
    await p.keyboard.press('1');
    await p.waitForSelector('#ask-input');
    await p.keyboard.type(`because ${P.script}`);
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => document.getElementById('where')?.textContent === 'No disagreements left');
    expect(store.db.prepare('SELECT reason FROM adjudications').pluck().all()).toEqual([`because ${P.script}`]);
    await inert(p);
    await p.context().close();
  });
});
