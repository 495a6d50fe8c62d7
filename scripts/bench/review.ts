// Measure 5: review and tables at scale. A database with ~1 M segments and ~5 M codings is built
// from a real `codeframe run` (a generated corpus, the study codebook) by copying its documents
// under new content hashes and adding filler codings (scale-db.ts). Then, against it:
//  - the review server (`codeframe review`, a child process): a coder's next queue item
//    (GET /api/item) and a decision (POST /api/decide), p95 over HTTP. Anchor: a bare node:http
//    server answering `{}` over the same loopback, the floor any HTTP answer pays here;
//  - `codeframe tables` wall time (CLI child process, start to exit). Anchor: the one GROUP BY
//    that counts codings per code × actor group, run directly in better-sqlite3.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { figure, REPO_ROOT, row, runCommand, type BenchContext, type Figure, type MeasureResult, type Row } from './lib.ts';
import { summarizeProfiles } from './profile.ts';
import { buildScaleDb } from './scale-db.ts';

const BIN = join(REPO_ROOT, 'src/cli/bin.mjs');

export async function measureReview(ctx: BenchContext): Promise<MeasureResult> {
  const work = join(ctx.outDir, 'review-work');
  mkdirSync(work, { recursive: true });
  const scale = await buildScaleDb(ctx, work);
  ctx.log(`  database: ${scale.documents} documents, ${scale.segments} segments, ${scale.codings} codings, ` +
    `${(scale.dbBytes / 1024 ** 3).toFixed(2)} GB (${scale.reused ? 'reused' : `built in ${scale.buildSeconds.toFixed(0)} s`})`);
  const db = scale.db;

  // A queue of sampled coded units, one coder, every unit assigned: what a study sets up.
  const cli = (...args: string[]) => runCommand(process.execPath, [BIN, ...args, '--db', db], { keepStdout: true });
  const queueName = 'bench';
  const existing = JSON.parse((await cli('queue', 'list', '--json')).stdout) as Array<{ id: string; name: string }>;
  let queueId = existing.find((q) => q.name === queueName)?.id;
  let queueSeconds: number | null = null;
  if (!queueId) {
    const built = await cli('queue', 'build', '--name', queueName, '--sample', String(ctx.sizes.reviewQueue), '--seed', '5', '--json');
    queueSeconds = built.seconds;
    queueId = (JSON.parse(built.stdout) as { id: string }).id;
    await cli('coder', 'add', 'bench', '--json');
    await cli('queue', 'assign', queueId, '--coders', 'bench', '--json');
    ctx.log(`  queue of ${ctx.sizes.reviewQueue} sampled units built in ${queueSeconds.toFixed(1)} s (CLI, start to exit)`);
  }

  const item: number[] = [];
  const decide: number[] = [];
  const bare: number[] = [];
  const server = await startServer(process.execPath, [BIN, 'review', '--db', db, '--queue', queueId, '--port', '0'], /open (http:\/\/127\.0\.0\.1:\d+)\//);
  const anchor = await startServer(process.execPath, ['-e',
    "const s=require('http').createServer((q,r)=>{q.resume();q.on('end',()=>{r.setHeader('content-type','application/json');r.end('{}')})});" +
    "s.listen(0,'127.0.0.1',()=>console.log('open http://127.0.0.1:'+s.address().port+'/'))"], /open (http:\/\/127\.0\.0\.1:\d+)\//);
  try {
    const session = await login(server.url, 'bench');
    const n = ctx.sizes.reviewRequests;
    for (let i = 0; i < n; i++) {
      const [got, tItem] = await httpTimed(server.url, 'GET', '/api/item', session.headers);
      item.push(tItem);
      type View = { itemId: string; suggestions: Array<{ codeId: string }>; decisions: Array<{ codeId: string; status: string | null }> };
      const view = (JSON.parse(got) as { item: { view: View } | null }).item?.view;
      if (!view) throw new Error(`Unexpected end of queue ${queueId} after ${i} items, expected at least ${n} (--review-queue)`);
      // Each decision is one real INSERT into the decision log: the first suggestion still open,
      // rejected or accepted in turn; a unit without one is marked done.
      const decided = new Set(view.decisions.filter((d) => d.status !== null).map((d) => d.codeId));
      const code = view.suggestions.find((g) => !decided.has(g.codeId))?.codeId;
      const body = code ? { item: view.itemId, action: i % 2 ? 'accept' : 'reject', code } : { item: view.itemId, action: 'done' };
      const [, tDecide] = await httpTimed(server.url, 'POST', '/api/decide', session.headers, JSON.stringify(body));
      decide.push(tDecide);
      const [, tBare] = await httpTimed(anchor.url, 'GET', '/api/item', {});
      bare.push(tBare);
    }
  } finally {
    server.child.kill('SIGTERM');
    anchor.child.kill('SIGTERM');
  }

  const tables: number[] = [];
  const groupBy: number[] = [];
  const outDir = join(work, 'out');
  const raw = new Database(db, { readonly: true });
  const countQuery = raw.prepare(
    `SELECT c.code_id, d.actor_group, count(*) FROM codings c JOIN segments s ON s.id = c.segment_id
     JOIN documents d ON d.sha256 = s.document WHERE c.codebook_version = ? GROUP BY 1, 2`,
  );
  try {
    for (let r = 0; r < ctx.runs; r++) {
      rmSync(outDir, { recursive: true, force: true });
      tables.push((await runCommand(process.execPath, [BIN, 'tables', '--db', db, '--out', outDir])).seconds);
      const t0 = performance.now();
      countQuery.all(scale.codebookVersion);
      groupBy.push((performance.now() - t0) / 1000);
    }
  } finally {
    raw.close();
  }
  // Where the tables' time goes: one more run under --cpu-prof (not in the figures).
  const profileDir = join(work, 'tables-profile');
  rmSync(profileDir, { recursive: true, force: true });
  const profiled = await runCommand(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, BIN, 'tables', '--db', db, '--out', outDir]);
  const profile = {
    title: `\`codeframe tables\` on the scale database under \`node --cpu-prof\` (${profiled.seconds.toFixed(1)} s)`,
    seconds: profiled.seconds,
    top: summarizeProfiles(readdirSync(profileDir).filter((n) => n.endsWith('.cpuprofile')).map((n) => join(profileDir, n)), 25),
  };

  const ms = (xs: number[]): Figure => figure(xs.map((x) => x * 1000), 'ms');
  const p95 = (xs: number[]): Figure => {
    const v = percentile(xs.map((x) => x * 1000), 0.95);
    return { median: v, min: v, max: v, unit: 'ms p95', runs: [v] };
  };
  const rows: Row[] = [
    row('next queue item (HTTP)', p95(item), 'bare node:http GET', p95(bare), 'p95 ≤ 20 ms'),
    row('decision (HTTP)', p95(decide), 'bare node:http GET', p95(bare), 'p95 ≤ 20 ms'),
    row('codeframe tables (CLI)', figure(tables, 's'), 'GROUP BY code × actor group (SQL alone)', figure(groupBy, 's'), '≤ 2 s'),
  ];
  // Here the ratio is how many times the anchor's time codeframe takes (lower is better).
  for (const r of rows) r.ratio = r.anchor ? r.codeframe.median / r.anchor.median : null;
  return {
    id: 'review',
    title: 'Review and tables at scale',
    rows,
    details: {
      database: { ...scale, db: undefined },
      queue: { id: queueId, units: ctx.sizes.reviewQueue, buildSeconds: queueSeconds },
      itemMs: ms(item), decideMs: ms(decide), bareMs: ms(bare),
      itemP50: percentile(item.map((x) => x * 1000), 0.5), decideP50: percentile(decide.map((x) => x * 1000), 0.5),
      requests: ctx.sizes.reviewRequests,
      profile,
    },
    notes: [
      `database: ${scale.documents} documents, ${scale.segments} segments, ${scale.codings} codings (${(scale.dbBytes / 1024 ** 3).toFixed(2)} GB), ` +
        `copies of a real run over a generated ${scale.baseMb.toFixed(0)} MB corpus plus filler codings (scripts/bench/scale-db.ts)`,
      `review: ${ctx.sizes.reviewRequests} × (GET /api/item, POST /api/decide) by one logged-in coder against \`codeframe review\` (child process); ` +
        'figures are p95 of those requests (ratio: times the anchor); anchor: a bare node:http server answering {} over the same loopback',
      `tables: \`codeframe tables\` from process start to exit (all tables: code × dimension × actor group, co-occurrence, timelines, per document); ` +
        'anchor: the single GROUP BY counting codings per code × actor group, in process',
    ],
  };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? NaN;
}

async function startServer(cmd: string, args: string[], ready: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`Unexpected exit ${code} of ${args.slice(0, 3).join(' ')} before it listened: ${err.slice(-1500)}`)));
  });
  return { child, url };
}

/** One request; resolves with the body, the response headers and the seconds it took. */
function httpTimed(
  base: string, method: string, path: string, headers: Record<string, string>, body?: string,
): Promise<[string, number, Record<string, string | string[] | undefined>]> {
  const u = new URL(path, base);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request({ host: u.hostname, port: u.port, method, path: u.pathname, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`Unexpected ${res.statusCode} from ${method} ${path}: ${text.slice(0, 500)}`));
        else resolve([text, (performance.now() - t0) / 1000, res.headers]);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function login(base: string, coder: string): Promise<{ headers: Record<string, string> }> {
  const origin = base.replace(/\/$/, '');
  const [text, , headers] = await httpTimed(base, 'POST', '/api/login', { origin }, JSON.stringify({ coder }));
  const set = headers['set-cookie'];
  if (!set) throw new Error('Unexpected login answer without a session cookie');
  const cookie = (Array.isArray(set) ? set[0]! : set).split(';')[0]!;
  const csrf = (JSON.parse(text) as { csrf: string }).csrf;
  return { headers: { cookie, origin, 'x-csrf-token': csrf } };
}
