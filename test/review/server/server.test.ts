// The review server over HTTP, on the hand-built review fixture: the API a coder's page uses, blind
// double coding, adjudication, and every refusal (Host, Origin, CSRF, body size, paths, tokens).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignItem } from '../../../src/review/index.ts';
import { startReviewServer, type ReviewServer } from '../../../src/review/server/index.ts';
import type { Store } from '../../../src/store/index.ts';
import { reviewFixture, seg } from '../fixture.ts';
import { Client, loggedIn, raw } from './client.ts';

let store: Store;
let server: ReviewServer;
let item: (doc: string, id: string) => number;

const reviews = () => store.db.prepare('SELECT coder, action, code_id AS code, segment_id AS segment FROM reviews ORDER BY id').all();

beforeEach(async () => {
  const f = reviewFixture();
  store = f.store;
  item = f.item;
  server = await startReviewServer({ store, queueId: f.queue, port: 0, adjudicators: ['judge'] });
});
afterEach(async () => {
  await server.close();
  store.close();
});

describe('static files', () => {
  it('serves the page with a strict Content-Security-Policy', async () => {
    const r = await raw(server.port, 'GET', '/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.text).toContain('<script type="module" src="/app.js"></script>');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const js = await raw(server.port, 'GET', '/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    '/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2e%2e%2fpackage.json', '/app.js/../../../package.json',
    '/..\\package.json', '//etc/passwd', '/index.html', '/web/app.js', '/src/review/web/app.js', '/app.js%00', '/App.js', '/api/../app.js',
  ])('answers 404 to %s and reads no file', async (path) => {
    const r = await raw(server.port, 'GET', path);
    expect(r.status).toBe(404);
    expect(r.text).not.toContain('"dependencies"');
    expect(r.text).not.toContain('root:');
  });

  it('refuses a Host header that is not this server (DNS rebinding)', async () => {
    const r = await raw(server.port, 'GET', '/api/session', { host: `attacker.example:${server.port}` });
    expect(r.status).toBe(403);
    expect((await raw(server.port, 'GET', '/', { host: `localhost:${server.port}` })).status).toBe(200);
  });
});

describe('a coder reviewing', () => {
  it('logs in, gets the first unfinished unit with its context and criteria, decides and undoes', async () => {
    const ann = await loggedIn(server.port, 'ann');
    const first = await ann.get('/api/item');
    expect(first.status).toBe(200);
    const v = first.json.item.view;
    expect(v.unit.segmentId).toBe(seg('a', 's0'));
    expect(v.unit.text).toBe('Transparency matters for security.');
    expect(v.context).toEqual({ previous: null, next: 'Accountability too.' });
    expect(v.document.actorGroup).toBe('global_south');
    expect(v.suggestions.map((s: { codeId: string }) => s.codeId).sort()).toEqual(['security', 'transparency']);
    expect(first.json.item.nav).toMatchObject({ index: 0, prev: null });
    expect(first.json.item.progress).toEqual({ complete: 0, items: 9 });

    const codes = await ann.get('/api/codes');
    expect(codes.json.map((c: { id: string }) => c.id)).toEqual(['transparency', 'accountability', 'security', 'economic']);

    const id = v.itemId;
    expect((await ann.post('/api/decide', { item: id, action: 'accept', code: 'transparency' })).status).toBe(200);
    const r = await ann.post('/api/decide', { item: id, action: 'reject', code: 'security' });
    expect(r.json.item.view.complete).toBe(true);
    expect(r.json.item.progress.complete).toBe(1);
    const undo = await ann.post('/api/decide', { item: id, action: 'undo' });
    expect(undo.json.decision).toMatchObject({ action: 'undo', code: 'security' });
    expect(undo.json.item.view.complete).toBe(false);
    expect(reviews()).toEqual([
      { coder: 'ann', action: 'accept', code: 'transparency', segment: seg('a', 's0') },
      { coder: 'ann', action: 'reject', code: 'security', segment: seg('a', 's0') },
      { coder: 'ann', action: 'undo', code: 'security', segment: seg('a', 's0') },
    ]);
    // The next unfinished unit is now this one again.
    expect((await ann.get('/api/item')).json.item.view.itemId).toBe(id);
  });

  it('answers a refused decision with 400 and its message, and writes nothing', async () => {
    const ann = await loggedIn(server.port, 'ann');
    const r = await ann.post('/api/decide', { item: item('a', 's0'), action: 'accept', code: 'economic' });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/Unexpected accept of `economic`/);
    expect((await ann.post('/api/decide', { item: item('a', 's0'), action: 'approve', code: 'security' })).status).toBe(400);
    expect((await ann.post('/api/decide', { item: 'x', action: 'accept' })).status).toBe(400);
    expect(reviews()).toEqual([]);
  });

  it('takes the coder from the session, never from the body', async () => {
    const ann = await loggedIn(server.port, 'ann');
    await ann.post('/api/decide', { item: item('a', 's0'), action: 'accept', code: 'security', coder: 'bob' });
    expect(reviews()).toEqual([{ coder: 'ann', action: 'accept', code: 'security', segment: seg('a', 's0') }]);
  });

  it('refuses the API without a login (401) and an unknown coder at login', async () => {
    expect((await raw(server.port, 'GET', '/api/item')).status).toBe(401);
    const c = new Client(server.port);
    expect((await c.login({ coder: 'mallory' })).status).toBe(400);
    expect((await c.get('/api/codes')).status).toBe(401);
  });
});

describe('blind double coding and adjudication', () => {
  it('shows each coder only their own decisions, and the disagreement only to the adjudicator', async () => {
    const a0 = item('a', 's0');
    assignItem(store, a0, ['ann', 'bob']);
    const ann = await loggedIn(server.port, 'ann');
    const bob = await loggedIn(server.port, 'bob');
    const cy = await loggedIn(server.port, 'cy');
    await ann.post('/api/decide', { item: a0, action: 'accept', code: 'security' });
    await ann.post('/api/decide', { item: a0, action: 'memo', code: 'security', memo: 'clearly defence' });

    const bobView = (await bob.get(`/api/item?id=${a0}`)).json.item.view;
    expect(bobView.decisions).toEqual([]);
    expect(JSON.stringify(bobView)).not.toContain('clearly defence');
    await bob.post('/api/decide', { item: a0, action: 'reject', code: 'security' });
    const annView = (await ann.get(`/api/item?id=${a0}`)).json.item.view;
    expect(annView.decisions.map((d: { codeId: string; status: string }) => [d.codeId, d.status])).toEqual([['security', 'accepted']]);

    // cy is not assigned to the item: neither sees nor decides it.
    expect((await cy.get(`/api/item?id=${a0}`)).status).toBe(404);
    expect((await cy.post('/api/decide', { item: a0, action: 'accept', code: 'security' })).status).toBe(404);

    expect((await ann.get('/api/disagreements')).status).toBe(403);
    const judge = await loggedIn(server.port, 'judge');
    const list = (await judge.get('/api/disagreements')).json;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ itemId: a0, codeId: 'security', text: 'Transparency matters for security.' });
    expect(list[0].context.next).toBe('Accountability too.');
    expect(list[0].coders.map((c: { coder: string; present: boolean }) => [c.coder, c.present])).toEqual([['ann', true], ['bob', false]]);

    expect((await ann.post('/api/adjudicate', { item: a0, code: 'security', pick: 'ann', reason: 'mine' })).status).toBe(403);
    const settled = await judge.post('/api/adjudicate', { item: a0, code: 'security', pick: 'ann', reason: 'security is named' });
    expect(settled.status).toBe(200);
    expect(store.db.prepare('SELECT adjudicator, code_id, present, picked, reason FROM adjudications').all()).toEqual([
      { adjudicator: 'judge', code_id: 'security', present: 1, picked: 'ann', reason: 'security is named' },
    ]);
    expect((await judge.get('/api/disagreements')).json).toEqual([]);
  });
});

describe('refusals of state-changing requests', () => {
  const decision = () => ({ item: item('a', 's0'), action: 'accept', code: 'security' });

  it.each([
    ['no CSRF token', { 'x-csrf-token': '' }],
    ['a wrong CSRF token', { 'x-csrf-token': 'not-the-token' }],
    ['no Origin', { origin: '' }],
    ['another Origin', { origin: 'http://attacker.example' }],
    ['a look-alike Origin', { origin: 'http://127.0.0.1:1' }],
  ])('refuses a decision with %s (403) and writes nothing', async (_what, headers) => {
    const ann = await loggedIn(server.port, 'ann');
    const r = await ann.post('/api/decide', decision(), headers as Record<string, string>);
    expect(r.status).toBe(403);
    expect(reviews()).toEqual([]);
  });

  it('refuses a login from another Origin', async () => {
    const c = new Client(server.port);
    expect((await c.post('/api/login', { coder: 'ann' }, { origin: 'http://attacker.example' })).status).toBe(403);
  });

  it('refuses a body over the limit with 413, and a form body with 415', async () => {
    const ann = await loggedIn(server.port, 'ann');
    const big = await ann.post('/api/decide', { ...decision(), memo: 'x'.repeat(70 * 1024) });
    expect(big.status).toBe(413);
    // Without Content-Length (chunked), the limit holds while reading.
    const chunked = await raw(server.port, 'POST', '/api/decide', {
      'content-type': 'application/json', 'transfer-encoding': 'chunked', origin: ann.origin, cookie: ann.cookie, 'x-csrf-token': ann.csrf,
    }, JSON.stringify({ ...decision(), memo: 'y'.repeat(200 * 1024) }));
    expect(chunked.status).toBe(413);
    const form = await ann.post('/api/decide', decision(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(reviews()).toEqual([]);
  });

  it('refuses other methods', async () => {
    expect((await raw(server.port, 'PUT', '/api/decide')).status).toBe(405);
    expect((await raw(server.port, 'DELETE', '/')).status).toBe(405);
  });
});

describe('two coders at the same moment', () => {
  it('loses no decision', async () => {
    const ann = await loggedIn(server.port, 'ann');
    const bob = await loggedIn(server.port, 'bob');
    const units: Array<[string, string, string]> = [['a', 's0', 'transparency'], ['a', 's0', 'security'], ['a', 's1', 'accountability'], ['a', 's2', 'economic'], ['c', 's0', 'security'], ['c', 's1', 'security']];
    const replies = await Promise.all(units.flatMap(([d, s, code]) => [
      ann.post('/api/decide', { item: item(d, s), action: 'accept', code }),
      bob.post('/api/decide', { item: item(d, s), action: 'reject', code }),
    ]));
    expect(replies.map((r) => r.status)).toEqual(Array(12).fill(200));
    const counts = store.db.prepare('SELECT coder, action, count(*) AS n FROM reviews GROUP BY coder, action ORDER BY coder').all();
    expect(counts).toEqual([{ coder: 'ann', action: 'accept', n: 6 }, { coder: 'bob', action: 'reject', n: 6 }]);
  });
});

describe('access tokens', () => {
  const TOKENS = new Map([['ann-token-0123456789abcdef', 'ann'], ['bob-token-0123456789abcdef', 'bob']]);

  it('refuses to listen on a non-loopback address without tokens', async () => {
    const queueId = store.db.prepare('SELECT id FROM queues').pluck().get() as string;
    await expect(startReviewServer({ store, queueId, host: '0.0.0.0', port: 0 })).rejects.toThrow(/Unexpected address 0\.0\.0\.0 without access tokens/);
    await expect(startReviewServer({ store, queueId, host: '0.0.0.0', port: 0, tokens: new Map() })).rejects.toThrow(/--token-file/);
  });

  it('on 0.0.0.0 logs a coder in by their token only', async () => {
    const queueId = store.db.prepare('SELECT id FROM queues').pluck().get() as string;
    const open = await startReviewServer({ store, queueId, host: '0.0.0.0', port: 0, tokens: TOKENS });
    try {
      const c = new Client(open.port);
      expect((await c.get('/api/session')).json).toMatchObject({ coder: null, mode: 'token', coders: [] });
      expect((await c.login({ coder: 'ann' })).status).toBe(403);
      expect((await c.login({ token: 'ann-token-0123456789abcdeX' })).status).toBe(403);
      const ok = await c.login({ token: 'bob-token-0123456789abcdef' });
      expect(ok.status).toBe(200);
      expect(ok.json.coder).toBe('bob');
      expect((await c.post('/api/decide', { item: item('a', 's0'), action: 'accept', code: 'security' })).status).toBe(200);
      expect(reviews()).toEqual([{ coder: 'bob', action: 'accept', code: 'security', segment: seg('a', 's0') }]);
    } finally {
      await open.close();
    }
  });
});
