// Who may talk to the review server, and how a request proves it.
// - Host: the Host header must name this server (a loopback name, or the bound address), so a web
//   page on another site cannot reach it through DNS rebinding.
// - Origin: every state-changing request must carry an Origin header equal to the server's own.
// - CSRF: every state-changing request after login must carry the session's token in X-CSRF-Token
//   (a page on another origin cannot read it: the API sends no CORS headers).
// - Access tokens: on a non-loopback address every coder logs in with their own token (a token
//   file, never the database: the database is shared for analysis, the tokens are secrets).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

export class SecurityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecurityError';
  }
}

/** True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIPv4(h)) return h.startsWith('127.');
  if (h.startsWith('::ffff:') && isIPv4(h.slice(7))) return h.slice(7).startsWith('127.');
  return false;
}

/** `host:port` as it appears in a Host header or an origin (IPv6 in brackets). */
export function hostPort(host: string, port: number): string {
  return `${isIPv6(host) ? `[${host}]` : host}:${port}`;
}

/** The Host header values this server answers to: loopback names when bound to loopback;
 *  any when bound elsewhere (there every API call needs a coder's token anyway). */
export function allowedHosts(host: string, port: number): Set<string> | 'any' {
  if (!isLoopbackHost(host)) return 'any';
  return new Set([hostPort(host, port), `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
}

export function hostAllowed(header: string | undefined, allowed: Set<string> | 'any'): boolean {
  if (header === undefined) return false;
  return allowed === 'any' || allowed.has(header.toLowerCase());
}

/** Origin must be the scheme and authority of the page the request came from: this server. */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (!origin || !hostHeader) return false;
  return origin.toLowerCase() === `http://${hostHeader.toLowerCase()}`;
}

export const newSecret = (): string => randomBytes(24).toString('base64url');

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Compares secrets in time independent of where they differ. */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export const MIN_TOKEN_LENGTH = 20;

/** Parses a token file: one `CODER TOKEN` pair per line; `#` starts a comment. Returns token → coder.
 *  Throws SecurityError naming the line for a malformed, short or repeated token. */
export function parseTokenFile(text: string, where: string): Map<string, string> {
  const tokens = new Map<string, string>();
  const coders = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const parts = line.split(/\s+/);
    const at = `${where}:${i + 1}`;
    if (parts.length !== 2) throw new SecurityError(`${at}: Unexpected \`${parts.length === 1 ? parts[0] : line.slice(0, 40)}\`, expected \`CODER TOKEN\``);
    const [coder, token] = parts as [string, string];
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new SecurityError(`${at}: Unexpected token of ${token.length} characters for \`${coder}\`, expected at least ${MIN_TOKEN_LENGTH} (e.g. \`openssl rand -hex 16\`)`);
    }
    if (tokens.has(token)) throw new SecurityError(`${at}: Unexpected token shared by two coders, expected one token per coder`);
    if (coders.has(coder)) throw new SecurityError(`${at}: Unexpected second token for \`${coder}\`, expected one token per coder`);
    tokens.set(token, coder);
    coders.add(coder);
  });
  if (tokens.size === 0) throw new SecurityError(`${where}: Unexpected empty token file, expected one \`CODER TOKEN\` line per coder`);
  return tokens;
}

/** The coder whose token this is, or null (constant time in the token's content). */
export function coderForToken(tokens: Map<string, string>, token: string): string | null {
  let found: string | null = null;
  for (const [t, coder] of tokens) if (sameSecret(t, token)) found = coder;
  return found;
}

export interface Session {
  id: string;
  coder: string;
  csrf: string;
}

/** Logged-in browsers, in memory: a restart logs everyone out, which costs a reload. */
export class Sessions {
  private readonly byId = new Map<string, Session>();

  create(coder: string): Session {
    const s = { id: newSecret(), coder, csrf: newSecret() };
    this.byId.set(s.id, s);
    return s;
  }

  get(id: string | undefined): Session | null {
    if (!id) return null;
    for (const [k, s] of this.byId) if (sameSecret(k, id)) return s;
    return null;
  }

  drop(id: string): void {
    this.byId.delete(id);
  }
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
