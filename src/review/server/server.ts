// `codeframe review`'s web server: node:http, one database connection, one queue. Static files
// come from a fixed in-memory map; everything else is the JSON API under /api/. Requests are
// checked in this order: Host (DNS rebinding), method, then for POST: Origin, body size and type,
// session and CSRF token. Decisions are synchronous SQLite transactions, so requests from many
// browsers are applied one at a time and none is lost; other processes writing the same database
// wait on the busy timeout (WAL).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from '../../store/index.ts';
import { ReviewError, getQueue, listCoders } from '../index.ts';
import { codes, getDisagreements, getItem, postAdjudicate, postDecide, sessionInfo, type ApiContext } from './api.ts';
import { loadAssets } from './assets.ts';
import { baseHeaders, HttpError, readJson, sendError, sendJson } from './http.ts';
import { createCoderItemsCache } from '../item-cache.ts';
import {
  allowedHosts, coderForToken, cookieValue, hostAllowed, hostPort, isLoopbackHost, originAllowed, SecurityError, Sessions, sameSecret, type Session,
} from './security.ts';

export interface ReviewServerOptions {
  store: Store;
  queueId: string;
  /** Default 127.0.0.1. Any other address than loopback requires `tokens`. */
  host?: string;
  /** Default 4173; 0 picks a free port. */
  port?: number;
  /** Token → coder. Required off loopback; when given on loopback, required there too. */
  tokens?: Map<string, string> | null;
  /** On loopback without tokens: the coder the page logs in as unless another is picked. */
  defaultCoder?: string | null;
  /** Coders who may see disagreements and adjudicate. */
  adjudicators?: string[];
  /** Request body limit in bytes (default 64 KiB). */
  maxBody?: number;
  /** Time a client has to send a whole request, headers and body (default 30 s; then 408). */
  requestTimeoutMs?: number;
}

export interface ReviewServer {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4173;
const GET_ROUTES = new Set(['/api/session', '/api/codes', '/api/item', '/api/disagreements']);
const POST_ROUTES = new Set(['/api/login', '/api/logout', '/api/decide', '/api/adjudicate']);
export const DEFAULT_MAX_BODY = 64 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export async function startReviewServer(opts: ReviewServerOptions): Promise<ReviewServer> {
  const host = opts.host ?? '127.0.0.1';
  const tokens = opts.tokens ?? null;
  if (!isLoopbackHost(host) && (!tokens || tokens.size === 0)) {
    throw new SecurityError(
      `Unexpected address ${host} without access tokens: anyone on the network could read the corpus and decide as any coder. ` +
        'Expected --token-file FILE with one `CODER TOKEN` line per coder (e.g. `echo "ann $(openssl rand -hex 16)" >> tokens.txt`), or --host 127.0.0.1',
    );
  }
  const queue = getQueue(opts.store, opts.queueId);
  const known = new Set(listCoders(opts.store).map((c) => c.name));
  for (const coder of [...(tokens?.values() ?? []), ...(opts.adjudicators ?? []), ...(opts.defaultCoder ? [opts.defaultCoder] : [])]) {
    if (!known.has(coder)) throw new ReviewError(`Unexpected coder \`${coder}\`, expected a coder of the database (${[...known].join(', ') || 'none yet'})`);
  }
  const ctx: ApiContext = {
    store: opts.store, queue, mode: tokens ? 'token' : 'loopback', defaultCoder: opts.defaultCoder ?? null,
    adjudicators: new Set(opts.adjudicators ?? []), items: createCoderItemsCache(opts.store, queue.id),
  };
  const assets = loadAssets();
  const sessions = new Sessions();
  const maxBody = opts.maxBody ?? DEFAULT_MAX_BODY;
  let hosts: Set<string> | 'any' = new Set();
  let cookie = 'cf_review';

  // A request is a few hundred bytes: one that trickles in (a slow body, slowloris) is cut off
  // after requestTimeout rather than Node's default 5 minutes; the check runs every quarter of it.
  const requestTimeout = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const server: Server = createServer({
    requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.max(100, Math.floor(requestTimeout / 4)),
  }, (req, res) => {
    baseHeaders(res);
    handle(req, res).catch((err: unknown) => fail(res, err));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, hosts)) throw new HttpError(403, `Unexpected Host \`${req.headers.host ?? ''}\`, expected this server's address`);
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));

    if (!path.startsWith('/api/')) {
      const asset = assets.get(path);
      if (!asset) throw new HttpError(404, 'Not found');
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `Unexpected method ${req.method}, expected GET`);
      res.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': asset.body.length, 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : asset.body);
      return;
    }

    // Unknown API paths are 404 before anything else looks at the request, whatever the method.
    if (!GET_ROUTES.has(path) && !POST_ROUTES.has(path)) throw new HttpError(404, 'Not found');
    if (req.method === 'GET' ? !GET_ROUTES.has(path) : req.method === 'POST' && !POST_ROUTES.has(path)) throw new HttpError(404, 'Not found');
    const session = sessions.get(cookieValue(req.headers.cookie, cookie));
    if (req.method === 'GET') {
      if (path === '/api/session') return sendJson(res, 200, sessionInfo(ctx, session));
      const coder = needSession(session).coder;
      if (path === '/api/codes') return sendJson(res, 200, codes(ctx));
      if (path === '/api/item') return sendJson(res, 200, { item: getItem(ctx, coder, params) });
      if (path === '/api/disagreements') return sendJson(res, 200, getDisagreements(ctx, coder, params));
      throw new HttpError(404, 'Not found');
    }
    if (req.method !== 'POST') throw new HttpError(405, `Unexpected method ${req.method}, expected GET or POST`);
    if (!originAllowed(req.headers.origin, req.headers.host)) {
      throw new HttpError(403, `Unexpected Origin \`${req.headers.origin ?? '(none)'}\`, expected this server's own`);
    }
    const body = await readJson(req, maxBody);
    if (path === '/api/login') return login(res, body);
    const s = needSession(session);
    const csrf = req.headers['x-csrf-token'];
    if (typeof csrf !== 'string' || !sameSecret(csrf, s.csrf)) throw new HttpError(403, 'Unexpected request without the page\'s CSRF token, expected X-CSRF-Token (reload the page)');
    if (path === '/api/decide') return sendJson(res, 200, postDecide(ctx, s.coder, body));
    if (path === '/api/adjudicate') return sendJson(res, 200, postAdjudicate(ctx, s.coder, body));
    if (path === '/api/logout') {
      sessions.drop(s.id);
      return sendJson(res, 200, { ok: true }, { 'Set-Cookie': `${cookie}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` });
    }
    throw new HttpError(404, 'Not found');
  }

  function needSession(s: Session | null): Session {
    if (!s) throw new HttpError(401, 'Unexpected request without a login, expected a session (reload the page)');
    return s;
  }

  function login(res: ServerResponse, body: Record<string, unknown>): void {
    let coder: string | null;
    if (tokens) {
      coder = typeof body.token === 'string' ? coderForToken(tokens, body.token) : null;
      if (!coder) throw new HttpError(403, 'Unexpected token, expected the access token you were given');
    } else {
      coder = typeof body.coder === 'string' ? body.coder : null;
      if (!coder || !listCoders(opts.store).some((c) => c.name === coder)) {
        throw new HttpError(400, `Unexpected coder \`${String(body.coder)}\`, expected a coder of the database`);
      }
    }
    const s = sessions.create(coder);
    sendJson(res, 200, sessionInfo(ctx, s), { 'Set-Cookie': `${cookie}=${s.id}; Path=/; HttpOnly; SameSite=Strict` });
  }

  function fail(res: ServerResponse, err: unknown): void {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    // A refused body may still be arriving: answer, then close the connection rather than read it.
    if (err instanceof HttpError) sendJson(res, err.status, { error: err.message }, err.status === 413 ? { Connection: 'close' } : {});
    else if (err instanceof ReviewError) sendError(res, 400, err.message);
    else {
      process.stderr.write(`codeframe review: internal error (a bug in codeframe): ${(err as Error)?.stack ?? String(err)}\n`);
      sendError(res, 500, 'Internal error (a bug in codeframe); see the server log');
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  cookie = `cf_review_${port}`; // cookies ignore ports: two servers on one machine must not share one
  const url = `http://${hostPort(host, port)}/`;
  return {
    url, host, port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
