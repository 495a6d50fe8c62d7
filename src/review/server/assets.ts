// The page's files, read once at start into memory from src/review/web. A request path is looked up
// in this fixed map as it came (no decoding, no normalizing, no joining with a folder), so nothing
// a request says can reach another file: `/../x`, `/%2e%2e/x` and `/..%2fx` are simply not keys.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Asset {
  type: string;
  body: Buffer;
}

const WEB = new URL('../web/', import.meta.url);

/** Request path → file in src/review/web and its content type. */
const FILES: Record<string, [file: string, type: string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/api.js': ['api.js', 'text/javascript; charset=utf-8'],
  '/render.js': ['render.js', 'text/javascript; charset=utf-8'],
  '/review.js': ['review.js', 'text/javascript; charset=utf-8'],
  '/adjudicate.js': ['adjudicate.js', 'text/javascript; charset=utf-8'],
  '/favicon.svg': ['favicon.svg', 'image/svg+xml'],
};

export function loadAssets(): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const [path, [file, type]] of Object.entries(FILES)) {
    out.set(path, { type, body: readFileSync(fileURLToPath(new URL(file, WEB))) });
  }
  return out;
}
