// The review page in Debian's Chromium over the real demo corpus: a coder reviews with the keyboard
// only and the decisions land in `reviews`; a document full of markup renders as inert text; two
// coders double-code at the same time and an adjudicator settles a difference.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assign, buildQueue, createCoder, type QueueSpec } from '../../../src/review/index.ts';
import { startReviewServer, type ReviewServer } from '../../../src/review/server/index.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { launchChromium, needChromium, type Chromium } from '../../helpers/chromium.ts';
import { demoDatabase, XSS_FILE, XSS_TEXT, XSS_TITLE } from './fixture.ts';

const RUN = needChromium('review page browser tests');

describe.runIf(RUN)('the review page in Chromium', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'codeframe-review-ui-'));
  let db: string;
  let browser: Chromium;
  const open: Array<{ server: ReviewServer; store: Store }> = [];
  const pageErrors: string[] = [];
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  beforeAll(async () => {
    ({ db } = await demoDatabase(tmp));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    for (const o of open) {
      await o.server.close();
      o.store.close();
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  async function serve(spec: QueueSpec, opts: { coder?: string; assign?: string[]; adjudicators?: string[] } = {}) {
    const store = openStore(db);
    for (const c of ['ann', 'bob', 'judge']) createCoder(store, c);
    const queueId = buildQueue(store, spec);
    if (opts.assign) assign(store, queueId, opts.assign);
    const server = await startReviewServer({ store, queueId, port: 0, defaultCoder: opts.coder ?? null, adjudicators: opts.adjudicators ?? [] });
    open.push({ server, store });
    return { store, server, queueId };
  }

  async function page(url: string): Promise<Page> {
    const p = await (await browser.context()).newPage();
    p.on('pageerror', (err) => pageErrors.push(err.message));
    await p.goto(url);
    return p;
  }

  const itemOf = (p: Page) => p.getAttribute('#unit', 'data-item');
  async function press(p: Page, key: string, until: () => Promise<unknown>) {
    await p.keyboard.press(key);
    await until();
  }
  async function nextUnit(p: Page, key = 'j') {
    const before = await itemOf(p);
    await p.keyboard.press(key);
    await p.waitForFunction((prev) => document.getElementById('unit')?.dataset.item !== prev, before);
  }

  it('a coder reviews demo units with the keyboard only, and the database holds every decision', async () => {
    const { store, server } = await serve({ name: 'keyboard', sample: { size: 8, seed: 'kb' } }, { coder: 'ann' });
    const p = await page(server.url);
    await p.waitForSelector('#codes li');
    const seg1 = await p.getAttribute('#unit', 'data-segment');
    const codes1 = await p.$$eval('#codes li', (els) => els.map((e) => (e as HTMLElement).dataset.code!));
    for (const [i, c] of codes1.entries()) {
      await p.keyboard.press(String(i + 1));
      await press(p, 'a', () => p.waitForSelector(`#codes li[data-code="${c}"].is-accepted`));
    }
    expect(await p.textContent('#progress-text')).toBe('1 of 8 done');

    await nextUnit(p);
    await p.waitForSelector('#codes li');
    const seg2 = (await p.getAttribute('#unit', 'data-segment'))!;
    const code2 = (await p.getAttribute('#codes li:nth-child(1)', 'data-code'))!;
    const suggested2 = (await p.$$('#codes li')).length;
    await p.keyboard.press('1');
    await press(p, 'r', () => p.waitForSelector(`#codes li[data-code="${code2}"].is-rejected`));
    await press(p, 'u', () => p.waitForSelector(`#codes li[data-code="${code2}"]:not(.is-rejected)`));

    await press(p, 'c', () => p.waitForSelector('#picker li.active'));
    const added = (await p.getAttribute('#picker li.active', 'data-id'))!;
    await press(p, 'Enter', () => p.waitForSelector(`#codes li[data-code="${added}"].is-added`));

    // Re-span: select code 2, extend a selection from its first hit by two words, press s.
    await p.keyboard.press('1');
    await p.keyboard.press('Shift+ArrowRight');
    await p.keyboard.press('Shift+ArrowRight');
    await press(p, 's', () => p.waitForSelector(`#codes li[data-code="${code2}"].is-respanned`));
    const wasNegated = (await p.$(`#codes li[data-code="${code2}"] .badge-neg`)) !== null;
    await press(p, 'n', () => p.waitForSelector(`#codes li[data-code="${code2}"] .badge-neg`, { state: wasNegated ? 'detached' : 'attached' }));
    await press(p, 'm', () => p.waitForSelector('#ask-input'));
    await p.keyboard.type('Check the <date> & source');
    await press(p, 'Enter', () => p.waitForSelector('.memos .memo'));
    expect(await p.textContent('.memos .memo')).toBe('Check the <date> & source');
    await nextUnit(p, 'k');
    expect(await p.getAttribute('#unit', 'data-segment')).toBe(seg1);
    // Unit 2 is finished only if the re-spanned code was its one suggestion.
    expect(await p.textContent('#progress-text')).toBe(`${suggested2 === 1 ? 2 : 1} of 8 done`);

    const rows = store.db.prepare('SELECT coder, action, code_id AS code, segment_id AS seg, spans, negated, memo FROM reviews ORDER BY id').all();
    const unit = store.db.prepare('SELECT start, text FROM segments WHERE id = ?').get(seg2) as { start: number; text: string };
    const hit = store.db.prepare(`SELECT spans FROM codings WHERE segment_id = ? AND code_id = ? ORDER BY id`).all(seg2, code2) as Array<{ spans: string }>;
    const hitStart = Math.min(...hit.flatMap((h) => (JSON.parse(h.spans) as number[][]).map((s) => s[0]!)));
    const twoWords = /^\S+\s+\S+/.exec(unit.text.slice(hitStart - unit.start))![0];
    expect(rows).toEqual([
      ...codes1.map((code) => ({ coder: 'ann', action: 'accept', code, seg: seg1, spans: null, negated: null, memo: null })),
      { coder: 'ann', action: 'reject', code: code2, seg: seg2, spans: null, negated: null, memo: null },
      { coder: 'ann', action: 'undo', code: code2, seg: seg2, spans: null, negated: null, memo: null },
      { coder: 'ann', action: 'add', code: added, seg: seg2, spans: null, negated: null, memo: null },
      { coder: 'ann', action: 'respan', code: code2, seg: seg2, spans: JSON.stringify([[hitStart, hitStart + twoWords.length]]), negated: null, memo: null },
      { coder: 'ann', action: 'negate', code: code2, seg: seg2, spans: null, negated: wasNegated ? 0 : 1, memo: null },
      { coder: 'ann', action: 'memo', code: '*', seg: seg2, spans: null, negated: null, memo: 'Check the <date> & source' },
    ]);
  });

  it('renders a document full of markup as inert text', async () => {
    const { server } = await serve({ name: 'xss', documents: [XSS_FILE], include: 'all' }, { coder: 'ann' });
    const p = await page(server.url);
    await p.waitForSelector('#codes li');
    const [s0, s1] = [XSS_TEXT.slice(0, XSS_TEXT.indexOf(' They')), XSS_TEXT.slice(XSS_TEXT.indexOf('They'))];
    expect(await p.textContent('#unit')).toBe(s0);
    expect(await p.textContent('#next')).toBe(s1);
    expect(await p.textContent('.doc-title')).toBe(XSS_TITLE);
    // The highlight cuts the payload into several text nodes; still text.
    expect((await p.$$eval('#unit .mark', (els) => els.map((e) => e.textContent).join(''))).toString()).toBe('transparency <script>');
    await nextUnit(p);
    expect(await p.textContent('#unit')).toBe(s1);
    await p.hover('#unit');
    expect(await p.$$eval('main script, main img, main b, main i, main u', (els) => els.length)).toBe(0);
    expect(await p.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('two coders double-code at the same moment and lose nothing; the adjudicator settles a difference', async () => {
    const { store, server, queueId } = await serve({ name: 'double', sample: { size: 4, seed: 'dbl' } }, { assign: ['ann', 'bob'], adjudicators: ['judge'] });
    const [ann, bob] = await Promise.all([page(server.url), page(server.url)]);
    // Keyboard login: the coders are listed in name order (ann, bob, judge).
    await Promise.all([ann.waitForSelector('#coder-list'), bob.waitForSelector('#coder-list')]);
    await ann.keyboard.press('1');
    await bob.keyboard.press('2');
    await Promise.all([ann.waitForSelector('#codes li'), bob.waitForSelector('#codes li')]);
    expect(await ann.textContent('#who')).toBe('ann');
    expect(await bob.textContent('#who')).toBe('bob');

    const code = async (p: Page, key: string, cls: string) => {
      const c = await p.getAttribute('#codes li:nth-child(1)', 'data-code');
      await p.keyboard.press('1');
      await press(p, key, () => p.waitForSelector(`#codes li[data-code="${c}"].${cls}`));
    };
    for (let i = 0; i < 4; i++) {
      await Promise.all([code(ann, 'a', 'is-accepted'), code(bob, 'r', 'is-rejected')]);
      if (i < 3) await Promise.all([nextUnit(ann), nextUnit(bob)]);
    }
    const counts = store.db.prepare(
      `SELECT r.coder, r.action, count(*) AS n FROM reviews r JOIN queue_items qi ON qi.id = r.queue_item WHERE qi.queue_id = ? GROUP BY r.coder, r.action ORDER BY r.coder`,
    ).all(queueId);
    expect(counts).toEqual([{ coder: 'ann', action: 'accept', n: 4 }, { coder: 'bob', action: 'reject', n: 4 }]);
    const units = (coder: string) => store.db.prepare(`SELECT segment_id || '/' || code_id FROM reviews WHERE coder = ? AND queue_item IN (SELECT id FROM queue_items WHERE queue_id = ?) ORDER BY segment_id`).pluck().all(coder, queueId);
    expect(units('bob')).toEqual(units('ann'));

    const judge = await page(server.url);
    await judge.waitForSelector('#coder-list');
    await judge.keyboard.press('3');
    await judge.waitForFunction(() => document.getElementById('who')?.textContent === 'judge (adjudicator)');
    await press(judge, 'v', () => judge.waitForSelector('#coders .coder'));
    expect(await judge.$$eval('#coders .coder-name', (els) => els.map((e) => e.textContent))).toEqual(['ann', 'bob']);
    expect(await judge.textContent('#where')).toBe('Disagreement 1 of 4');
    await press(judge, '1', () => judge.waitForSelector('#ask-input'));
    await judge.keyboard.type('the code applies');
    await press(judge, 'Enter', () => judge.waitForFunction(() => document.getElementById('where')?.textContent === 'Disagreement 1 of 3'));
    expect(store.db.prepare('SELECT adjudicator, picked, present, reason FROM adjudications WHERE queue_id = ?').all(queueId)).toEqual([
      { adjudicator: 'judge', picked: 'ann', present: 1, reason: 'the code applies' },
    ]);
  });
});
