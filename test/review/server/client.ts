// A plain node:http client for the review server tests: sends paths exactly as written (no
// normalizing of `/../`), any Host/Origin header, and keeps one coder's session cookie and CSRF token.
import { request as httpRequest } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function raw(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    // The server may answer (413) and close before the whole body is written.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

export class Client {
  cookie = '';
  csrf = '';
  constructor(readonly port: number) {}

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async get(path: string): Promise<Reply> {
    return raw(this.port, 'GET', path, this.cookie ? { cookie: this.cookie } : {});
  }

  async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const h: Record<string, string> = { 'content-type': 'application/json', origin: this.origin, ...(this.cookie ? { cookie: this.cookie } : {}), ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}), ...headers };
    for (const [k, v] of Object.entries(h)) if (v === '') delete h[k];
    return raw(this.port, 'POST', path, h, JSON.stringify(body));
  }

  async login(body: { coder?: string; token?: string }): Promise<Reply> {
    const r = await this.post('/api/login', body);
    const set = r.headers['set-cookie'];
    if (r.status === 200 && set) {
      this.cookie = (Array.isArray(set) ? set[0]! : set).split(';')[0]!;
      this.csrf = r.json.csrf;
    }
    return r;
  }
}

export async function loggedIn(port: number, coder: string): Promise<Client> {
  const c = new Client(port);
  const r = await c.login({ coder });
  if (r.status !== 200) throw new Error(`login ${coder}: ${r.status} ${r.text}`);
  return c;
}
