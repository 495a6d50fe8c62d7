// Plain node:http plumbing: the headers every response carries, JSON in and out, and a request
// body read with a hard size limit (413 past it, before any parsing).
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Content-Security-Policy: only this server's own script and styles; no inline script, no
 *  plugins, no framing. A second wall behind the page's rule of never parsing document text as HTML. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function baseHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': data.length, 'Cache-Control': 'no-store', ...headers });
  res.end(data);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

/** No request of the page nests deeper than 4; a body of 30,000 `[` parses fine but overflows the
 *  stack of whatever walks it recursively (JSON.stringify in an error message did). */
export const MAX_DEPTH = 32;

/** The deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count). */
export function nesting(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Reads a JSON object body of at most `limit` bytes. Refuses other content types (a cross-site
 *  form can only send form encodings and text/plain). */
export function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    return Promise.reject(new HttpError(415, `Unexpected content type \`${type || '(none)'}\`, expected application/json`));
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) return Promise.reject(new HttpError(413, `Unexpected body of ${declared} bytes, expected at most ${limit}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(413, `Unexpected body of more than ${limit} bytes, expected at most ${limit}`));
        return;
      }
      chunks.push(chunk);
    });
    // A client that goes away mid-body (closed tab, a slow body cut off by the request timeout) is
    // not a bug of codeframe: a 400 that nobody reads, not an internal error in the log.
    req.on('error', () => {
      if (!failed) reject(new HttpError(400, 'Unexpected end of the request body, expected all of it'));
      failed = true;
    });
    req.on('end', () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString('utf8');
      const depth = nesting(text);
      if (depth > MAX_DEPTH) {
        reject(new HttpError(400, `Unexpected JSON nested ${depth} levels deep, expected at most ${MAX_DEPTH}`));
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        reject(new HttpError(400, 'Unexpected body, expected JSON'));
        return;
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        reject(new HttpError(400, 'Unexpected JSON body, expected an object'));
        return;
      }
      resolve(parsed as Record<string, unknown>);
    });
  });
}
