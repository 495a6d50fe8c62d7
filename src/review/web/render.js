// DOM helpers for the review page. Document text is only ever put into the page as text nodes
// (textContent / createTextNode), never parsed as HTML: a PDF may contain `<script>`.
// Offsets are UTF-16 positions into the document text, like everywhere in codeframe; a rendered
// unit is a run of <span data-o="OFFSET"> elements, each holding one text node, so a DOM position
// maps back to a document offset by adding the span's data-o.

/** h('div.class', {attr}, ...children): an element; strings become text nodes. */
export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return el;
}

/** A keyboard key as shown on screen. */
export const kbd = (k) => h('kbd', null, k);

/**
 * Renders `text` (starting at document offset `base`) into `container`, marking spans.
 * layers: [{ spans: [[start, end], ...], cls: 'mark' }]; a piece covered by several layers gets all
 * their classes. Spans are document offsets; parts outside the text are ignored.
 */
export function renderMarked(container, text, base, layers) {
  container.replaceChildren();
  const cuts = new Set([0, text.length]);
  for (const layer of layers) {
    for (const [s, e] of layer.spans) {
      cuts.add(Math.max(0, Math.min(text.length, s - base)));
      cuts.add(Math.max(0, Math.min(text.length, e - base)));
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (a === b) continue;
    const classes = [];
    for (const layer of layers) {
      if (layer.spans.some(([s, e]) => s - base <= a && b <= e - base)) classes.push(layer.cls);
    }
    const span = document.createElement('span');
    span.dataset.o = String(base + a);
    if (classes.length) span.className = [...new Set(classes.join(' ').split(' '))].join(' ');
    span.textContent = text.slice(a, b);
    container.append(span);
  }
}

/** The document offset of a DOM position inside a container made by renderMarked, or null. */
function pointOffset(container, node, offset) {
  if (!container.contains(node)) return null;
  if (node.nodeType === Node.TEXT_NODE) {
    const span = node.parentElement?.closest('[data-o]');
    return span ? Number(span.dataset.o) + offset : null;
  }
  // An element boundary: before its offset-th child (or at the end of the last one).
  const kids = [...container.querySelectorAll('[data-o]')];
  if (node === container) {
    if (offset < kids.length) return Number(kids[offset].dataset.o);
    const last = kids[kids.length - 1];
    return last ? Number(last.dataset.o) + last.textContent.length : null;
  }
  const span = node.closest?.('[data-o]');
  if (!span) return null;
  return Number(span.dataset.o) + (offset > 0 ? span.textContent.length : 0);
}

/** The current text selection inside `container` as [start, end) document offsets, trimmed of
 *  surrounding white space; null when there is none. */
export function selectionOffsets(container, text, base) {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  let s = pointOffset(container, r.startContainer, r.startOffset);
  let e = pointOffset(container, r.endContainer, r.endOffset);
  if (s === null || e === null) return null;
  const lo = base;
  const hi = base + text.length;
  s = Math.max(lo, Math.min(hi, s));
  e = Math.max(lo, Math.min(hi, e));
  while (s < e && /\s/.test(text[s - base])) s++;
  while (e > s && /\s/.test(text[e - 1 - base])) e--;
  return s < e ? [s, e] : null;
}

/** Selects document offsets [s, e) inside a container made by renderMarked. */
export function selectOffsets(container, s, e) {
  const at = (o) => {
    let last = null;
    for (const span of container.querySelectorAll('[data-o]')) {
      const start = Number(span.dataset.o);
      const node = span.firstChild;
      if (!node) continue;
      if (o >= start && o <= start + node.length) return [node, o - start];
      last = [node, node.length];
    }
    return last;
  };
  const a = at(s);
  const b = at(e);
  if (!a || !b) return;
  const range = document.createRange();
  range.setStart(a[0], a[1]);
  range.setEnd(b[0], b[1]);
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}

/** Word boundaries of a text (starts and ends of runs of non-space), as offsets into it. */
export function wordEdges(text) {
  const starts = [];
  const ends = [];
  for (const m of text.matchAll(/\S+/g)) {
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  return { starts, ends };
}

/** The spans of a list of rule hits, merged into one sorted list. */
export function hitSpans(hits) {
  return hits.flatMap((x) => x.spans).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}
