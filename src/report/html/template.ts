// The page around the sections: one HTML file with its CSS inline, no script, no external URL
// (fonts are the reader's system fonts), readable on screen and in print.
import { esc } from './escape.ts';

const CSS = `
:root{--ink:#1a1a1a;--muted:#555;--rule:#d6d6d6;--band:#f5f7fa;--flag:#9a3c00}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);max-width:1180px;margin:0 auto;padding:1.5rem 1.5rem 4rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.25rem;margin:2.4rem 0 .6rem;padding-top:.6rem;border-top:2px solid var(--ink)}
h3{font-size:1.05rem;margin:1.6rem 0 .4rem}
p,li{max-width:78ch}.muted{color:var(--muted)}.flag{color:var(--flag)}
code,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.88em}
nav ol{columns:2;max-width:none;padding-left:1.2rem}nav a{color:inherit}
.scroll{overflow-x:auto;margin:.4rem 0 1rem}
table{border-collapse:collapse;font-size:.86rem;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--rule);padding:.25rem .55rem;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--ink);background:#fff;position:sticky;top:0}
tbody tr:nth-child(even){background:var(--band)}
td.n,th.n{text-align:right;white-space:nowrap}td.sha{font-size:.78rem;word-break:break-all;min-width:20ch}
td.d{white-space:nowrap}
figure{margin:1rem 0 1.6rem}figure svg{max-width:100%;height:auto}figcaption{font-size:.86rem;color:var(--muted);max-width:90ch}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;font-size:.92rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0;word-break:break-all}
details{margin:.4rem 0}summary{cursor:pointer;font-weight:600}
strong.sig{font-weight:700}
@media print{body{max-width:none;font-size:11pt}h2{break-before:page}thead th{position:static}}
`.trim();

export function page(title: string, body: string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export type Align = 'l' | 'r';

/** A table whose cells are already HTML (escape before). `classes` per column: 'n' for numbers. */
export function table(head: string[], rows: string[][], classes: string[] = []): string {
  const cls = (i: number) => (classes[i] ? ` class="${classes[i]}"` : '');
  return (
    '<div class="scroll"><table>\n<thead><tr>' +
    head.map((h, i) => `<th${cls(i)}>${h}</th>`).join('') +
    '</tr></thead>\n<tbody>\n' +
    rows.map((r) => '<tr>' + r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('') + '</tr>\n').join('') +
    '</tbody></table></div>'
  );
}

export function figure(svg: string, caption: string, id: string): string {
  return `<figure id="${id}">\n${svg}\n<figcaption>${caption}</figcaption>\n</figure>`;
}
