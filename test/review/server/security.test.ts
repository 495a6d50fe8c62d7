// Hostile requests to the review server beyond what server.test.ts covers: more encodings of path
// traversal (nothing outside the asset map is ever served), cross-origin writes in the shapes a
// browser can send without a preflight, the non-loopback refusal through the real CLI, and
// request bodies that are too big, too deep or too slow.
import { connect } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decide, ReviewError } from '../../../src/review/index.ts';
import { loadAssets } from '../../../src/review/server/assets.ts';
import { startReviewServer, type ReviewServer } from '../../../src/review/server/index.ts';
import type { Store } from '../../../src/store/index.ts';
import { reviewFixture, seg } from '../fixture.ts';
import { cli, startReviewChild, type ReviewChild } from './child.ts';
import { Client, loggedIn, raw, type Reply } from './client.ts';

let store: Store;
let server: ReviewServer;
let item: (doc: string, id: string) => number;
const reviews = () => store.db.prepare('SELECT coder, action, code_id AS code, segment_id AS segment FROM reviews ORDER BY id').all();
const ASSETS = [...loadAssets().values()].map((a) => a.body.toString('utf8'));

async function serve(opts: { maxBody?: number; requestTimeoutMs?: number } = {}): Promise<void> {
  const f = reviewFixture();
  store = f.store;
  item = f.item;
  server = await startReviewServer({ store, queueId: f.queue, port: 0, ...opts });
}
afterEach(async () => {
  await server?.close();
  store?.close();
});

/** Sends bytes exactly as given over TCP (no client-side checks) and returns what came back. */
function rawTcp(port: number, request: string | Buffer, opts: { trickle?: Buffer; everyMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    sock.on('data', (d) => (out += d.toString('latin1')));
    sock.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? undefined : reject(err)));
    sock.on('close', () => {
      clearInterval(timer);
      resolve(out);
    });
    sock.write(request);
    if (opts.trickle) {
      let i = 0;
      timer = setInterval(() => {
        if (i < opts.trickle!.length && !sock.destroyed) sock.write(opts.trickle!.subarray(i, ++i));
      }, opts.everyMs ?? 100);
    } else {
      sock.end();
    }
  });
}
/** Collects what the server writes to stderr (it runs in this process) until stop(). */
function spyStderr(): { stop(): string[] } {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (String(chunk).includes('codeframe review')) lines.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stderr.write;
  return { stop: () => ((process.stderr.write = write), lines) };
}
const statusOf = (response: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);

describe('path traversal: 404, and never a file outside the asset map', () => {
  it.each([
    '/%2E%2E%2Fpackage.json', '/%2E%2E/%2E%2E/package.json', '/..%5cpackage.json', '/..%5C..%5Cpackage.json', '/%2e%2e%5cpackage.json',
    '/%252e%252e/package.json', '/%252e%252e%252fpackage.json', '/..%252fpackage.json', '/%c0%ae%c0%ae/package.json', '/.%2e/package.json',
    '/etc/passwd', '/proc/self/environ', '/C:/Windows/win.ini', '/C:%5cWindows%5cwin.ini', '/%2fetc%2fpasswd',
    '/%00', '/%00../package.json', '/app.js%00.txt', '/style.css%00', '/./app.js', '/app.js/.', '/app.js/', '/.%2fapp.js',
    '/api/..%2f..%2fpackage.json', '/api/item/../../package.json', '/api/%2e%2e/app.js', '/api/session/..',
    '/src/review/server/server.ts', '/../src/review/web/app.js', '/node_modules/.package-lock.json', '/.git/config',
  ])('GET %s → 404 with the JSON error only', async (path) => {
    await serve();
    for (const method of ['GET', 'HEAD']) {
      const r = await raw(server.port, method, path);
      expect(r.status).toBe(404);
      if (method === 'GET') expect(r.json).toEqual({ error: 'Not found' });
    }
  });

  it.each([
    ['a request target without a leading slash', 'GET ../package.json HTTP/1.1'],
    ['an absolute-form target', 'GET http://127.0.0.1/../package.json HTTP/1.1'],
    ['an absolute-form target for a local file', 'GET file:///etc/passwd HTTP/1.1'],
    ['a raw NUL in the path', 'GET /app.js\0../package.json HTTP/1.1'],
    ['a backslash path', 'GET \\..\\package.json HTTP/1.1'],
  ])('%s over raw TCP: refused, no file', async (_what, line) => {
    await serve();
    const res = await rawTcp(server.port, `${line}\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
    expect([400, 404]).toContain(statusOf(res));
    expect(res).not.toContain('"dependencies"');
    expect(res).not.toContain('root:');
  });

  it('every 200 over a crawl of odd paths is one of the page files, byte for byte', async () => {
    await serve();
    const paths = ['/', '/app.js', '/app.js?../../package.json', '/style.css#x', '/review.js?x=%2e%2e', '/favicon.svg?/../../etc/passwd'];
    for (const p of paths) {
      const r = await raw(server.port, 'GET', p);
      if (r.status === 200) expect(ASSETS).toContain(r.text);
      else expect(r.status).toBe(404);
    }
  });
});

describe('cross-origin writes', () => {
  const decision = () => ({ item: item('a', 's0'), action: 'accept', code: 'security' });

  it.each<[string, (c: Client, port: number) => Record<string, string>]>([
    ['a text/plain simple request from another origin', () => ({ origin: 'http://attacker.example', 'content-type': 'text/plain' })],
    ['a text/plain simple request without Origin, Sec-Fetch-Site cross-site', () => ({ origin: '', 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' })],
    ['no Origin and Sec-Fetch-Site cross-site', () => ({ origin: '', 'sec-fetch-site': 'cross-site' })],
    ['no Origin and Sec-Fetch-Site same-site', () => ({ origin: '', 'sec-fetch-site': 'same-site' })],
    ['Origin null (sandboxed frame, file:)', () => ({ origin: 'null' })],
    ['an https Origin of the same host', (_c, port) => ({ origin: `https://127.0.0.1:${port}` })],
    ['Origin localhost while Host is 127.0.0.1', (_c, port) => ({ origin: `http://localhost:${port}` })],
    ['a suffix look-alike Origin', (_c, port) => ({ origin: `http://127.0.0.1:${port}.attacker.example` })],
    ['an Origin with userinfo', (_c, port) => ({ origin: `http://user@127.0.0.1:${port}` })],
    ['Origin and Host of a rebinding site', (_c, port) => ({ origin: `http://attacker.example:${port}`, host: `attacker.example:${port}` })],
  ])('refuses a decision with %s (403) and writes nothing', async (_what, headers) => {
    await serve();
    const ann = await loggedIn(server.port, 'ann');
    const r = await ann.post('/api/decide', decision(), headers(ann, server.port));
    expect(r.status).toBe(403);
    expect(reviews()).toEqual([]);
  });

  it('refuses a text/plain body even from its own origin (415), so no form can post JSON', async () => {
    await serve();
    const ann = await loggedIn(server.port, 'ann');
    expect((await ann.post('/api/decide', decision(), { 'content-type': 'text/plain;charset=UTF-8' })).status).toBe(415);
    expect((await ann.post('/api/decide', decision(), { 'content-type': 'multipart/form-data; boundary=x' })).status).toBe(415);
    expect((await new Client(server.port).post('/api/login', { coder: 'ann' }, { 'content-type': 'text/plain' })).status).toBe(415);
    expect(reviews()).toEqual([]);
  });

  it('refuses a login from another origin as text/plain (login CSRF) and sets no cookie', async () => {
    await serve();
    const r = await new Client(server.port).post('/api/login', { coder: 'ann' }, { origin: 'http://attacker.example', 'content-type': 'text/plain' });
    expect(r.status).toBe(403);
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it("refuses one coder's CSRF token with another coder's session", async () => {
    await serve();
    const ann = await loggedIn(server.port, 'ann');
    const bob = await loggedIn(server.port, 'bob');
    expect((await bob.post('/api/decide', decision(), { 'x-csrf-token': ann.csrf })).status).toBe(403);
    expect(reviews()).toEqual([]);
  });

  it('a logged-out session is dead: its cookie and token no longer decide', async () => {
    await serve();
    const ann = await loggedIn(server.port, 'ann');
    expect((await ann.post('/api/logout', {})).status).toBe(200);
    expect((await ann.post('/api/decide', decision())).status).toBe(401);
    expect(reviews()).toEqual([]);
  });

  it('answers no CORS: a preflight or a cross-origin read gets no Access-Control-Allow-* header', async () => {
    await serve();
    const ann = await loggedIn(server.port, 'ann');
    const pre = await raw(server.port, 'OPTIONS', '/api/decide', {
      origin: 'http://attacker.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-csrf-token',
    });
    expect(pre.status).toBe(405);
    const read = await raw(server.port, 'GET', '/api/item', { origin: 'http://attacker.example', cookie: ann.cookie });
    for (const r of [pre, read]) {
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, and every response carries the CSP', async () => {
    await serve();
    const r = await new Client(server.port).login({ coder: 'ann' });
    expect(String(r.headers['set-cookie'])).toMatch(/; HttpOnly; SameSite=Strict/);
    for (const [method, path] of [['GET', '/api/session'], ['GET', '/nope'], ['POST', '/api/decide'], ['GET', '/app.js']] as const) {
      const x = await raw(server.port, method, path);
      expect(x.headers['content-security-policy']).toMatch(/default-src 'none'.*script-src 'self'/);
      expect(x.headers['x-content-type-options']).toBe('nosniff');
      expect(x.headers['x-frame-options']).toBe('DENY');
    }
  });
});

describe('a non-loopback address without tokens, through the CLI', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'codeframe-review-sec-'));
  let db = '';
  let child: ReviewChild | null = null;
  beforeAll(() => {
    db = join(tmp, 'f.db');
    reviewFixture(db).store.close();
  });
  afterAll(async () => {
    await child?.kill9();
    rmSync(tmp, { recursive: true, force: true });
  });

  it.each(['0.0.0.0', '::', '127.0.0.1.nip.io'])('`codeframe review --host %s` exits 2 with the reason and listens on nothing', (host) => {
    const r = cli(['review', '--db', db, '--host', host, '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Unexpected address ${host} without access tokens`);
    expect(r.stderr).toContain('--token-file');
    expect(r.stdout).not.toContain('open http');
  });

  it('with a token file it listens, and a coder gets in only by token', async () => {
    const tokens = join(tmp, 'tokens.txt');
    writeFileSync(tokens, 'ann 0123456789abcdef0123456789abcdef\n');
    child = await startReviewChild(['--db', db, '--host', '0.0.0.0', '--port', '0', '--token-file', tokens]);
    const c = new Client(child.port);
    expect((await c.get('/api/session')).json).toMatchObject({ mode: 'token', coders: [] });
    expect((await c.login({ coder: 'ann' })).status).toBe(403);
    expect((await c.login({ token: '0123456789abcdef0123456789abcdef' })).json.coder).toBe('ann');
    expect(await child.stop()).toBe(0);
    child = null;
  });
});

describe('request bodies', () => {
  /** A decision body of exactly `bytes` bytes (memo padded). */
  const sized = (bytes: number) => {
    const base = { item: item('a', 's0'), action: 'memo', code: 'security', memo: '' };
    const pad = bytes - Buffer.byteLength(JSON.stringify(base));
    return { ...base, memo: 'm'.repeat(pad) };
  };

  it('takes a body of exactly the limit and refuses one byte more (413), before or without a login', async () => {
    await serve({ maxBody: 2048 });
    const ann = await loggedIn(server.port, 'ann');
    expect((await ann.post('/api/decide', sized(2048))).status).toBe(200);
    expect((await ann.post('/api/decide', sized(2049))).status).toBe(413);
    expect((await new Client(server.port).post('/api/login', { coder: 'ann', pad: 'p'.repeat(4096) })).status).toBe(413);
    expect(reviews()).toHaveLength(1);
  });

  it('refuses a chunked body over the limit that never says its length, however it is split', async () => {
    await serve({ maxBody: 4096 });
    const ann = await loggedIn(server.port, 'ann');
    const body = JSON.stringify(sized(50_000));
    const chunks = body.match(/[\s\S]{1,1000}/g)!.map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`).join('');
    const res = await rawTcp(server.port, `POST /api/decide HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${ann.origin}\r\nCookie: ${ann.cookie}\r\n` +
      `X-CSRF-Token: ${ann.csrf}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`);
    expect(statusOf(res)).toBe(413);
    expect(reviews()).toEqual([]);
  });

  it.each<[string, (depth: number) => string]>([
    ['the item', (d) => `{"item":${'['.repeat(d)}${']'.repeat(d)},"action":"accept","code":"security"}`],
    ['the spans', (d) => `{"item":ITEM,"action":"respan","code":"security","spans":[${'['.repeat(d)}${']'.repeat(d)}]}`],
    ['the memo', (d) => `{"item":ITEM,"action":"memo","memo":${'{"a":'.repeat(d / 2)}1${'}'.repeat(d / 2)}}`],
  ])('regression: a body nested thousands of levels deep in %s is refused with 400, not a 500 from the error message', async (_what, make) => {
    await serve();
    const ann = await loggedIn(server.port, 'ann');
    const body = make(12_000).replace('ITEM', String(item('a', 's0')));
    expect(Buffer.byteLength(body)).toBeLessThan(64 * 1024);
    const r: Reply = await raw(server.port, 'POST', '/api/decide', {
      'content-type': 'application/json', origin: ann.origin, cookie: ann.cookie, 'x-csrf-token': ann.csrf,
    }, body);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/^Unexpected /);
    expect(reviews()).toEqual([]);
  });

  it('regression: the model quotes a hostile value in its message without overflowing the stack', async () => {
    await serve();
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(() => decide(store, { item: item('a', 's0'), coder: 'ann', action: 'respan', code: 'security', spans: [deep] as never })).toThrow(ReviewError);
    expect(() => decide(store, { item: item('a', 's0'), coder: 'ann', action: 'respan', code: 'security', spans: [deep] as never })).toThrow(/^Unexpected span \[…\], expected \[start, end\)/);
    expect(reviews()).toEqual([]);
  });

  it('a slow body is cut off (408) while other coders are served, and nothing is written', async () => {
    await serve({ requestTimeoutMs: 1500 });
    const logged = spyStderr();
    const ann = await loggedIn(server.port, 'ann');
    const body = Buffer.from(JSON.stringify({ item: item('a', 's0'), action: 'accept', code: 'security' }));
    const head = `POST /api/decide HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${ann.origin}\r\nCookie: ${ann.cookie}\r\n` +
      `X-CSRF-Token: ${ann.csrf}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    // One byte every 200 ms: the whole body would take over 10 s.
    const slow = rawTcp(server.port, head, { trickle: body, everyMs: 200 });
    const bob = await loggedIn(server.port, 'bob');
    expect((await bob.post('/api/decide', { item: item('c', 's0'), action: 'reject', code: 'security' })).status).toBe(200);
    expect(statusOf(await slow)).toBe(408);
    expect(reviews()).toEqual([{ coder: 'bob', action: 'reject', code: 'security', segment: seg('c', 's0') }]);
    expect(logged.stop()).toEqual([]);
  });

  it('regression: a client that hangs up mid-body is not logged as an internal error (a bug of codeframe)', async () => {
    await serve();
    const logged = spyStderr();
    const ann = await loggedIn(server.port, 'ann');
    const res = await new Promise<string>((resolve) => {
      const sock = connect(server.port, '127.0.0.1');
      let out = '';
      sock.on('data', (d) => (out += d));
      sock.on('error', () => undefined);
      sock.on('close', () => resolve(out));
      sock.write(`POST /api/decide HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${ann.origin}\r\nCookie: ${ann.cookie}\r\n` +
        `X-CSRF-Token: ${ann.csrf}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"item": 1,`, () => setTimeout(() => sock.destroy(), 200));
    });
    expect(res).toBe('');
    // The server is still there and well.
    expect((await ann.get('/api/session')).status).toBe(200);
    expect(logged.stop()).toEqual([]);
  });
});
