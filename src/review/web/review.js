// The coder's view: one unit with its context, the codes at hand with the matched words marked,
// the selected code's definition and criteria, and single-key decisions. Every decision is sent
// at once and the server answers with the unit as it now stands (nothing is kept only here).
import { api } from './api.js';
import { h, hitSpans, kbd, renderMarked, selectionOffsets, selectOffsets, wordEdges } from './render.js';

export const REVIEW_KEYS = [
  ['a', 'accept'], ['r', 'reject'], ['1–9', 'pick code'], ['j', 'next'], ['k', 'previous'], ['g', 'next open'],
  ['u', 'undo'], ['c', 'add code'], ['s', 're-span'], ['n', 'negate'], ['m', 'memo'], ['d', 'nothing to code'], ['?', 'help'],
];

export const REVIEW_HELP = [
  ['a / r', 'accept / reject the selected suggestion'],
  ['1 … 9', 'select code N of the list'],
  ['j / k', 'next / previous unit'],
  ['g', 'next unit you have not finished'],
  ['u', 'undo your last decision in this unit'],
  ['c', 'add a code the rules missed (the selected text, or the whole unit)'],
  ['s', 're-span the selected code to the selected text'],
  ['Shift + → / ←', 'select text: move the end by a word'],
  ['Shift + ↓ / ↑', 'select text: move the start by a word'],
  ['n', 'mark the selected code negated (again: unmark)'],
  ['m / M', 'memo on the unit / on the selected code'],
  ['d', 'done: nothing (more) to code in this unit'],
  ['v', 'switch to adjudication (adjudicators only)'],
  ['Esc', 'close a dialog, clear the selection'],
  ['?', 'this help'],
];

const STATUS = {
  accepted: ['✓', 'accepted'], rejected: ['✗', 'rejected'], added: ['+', 'added'], respanned: ['↔', 're-spanned'],
};

export function createReview(ui, session, codes) {
  let payload = null;
  let selected = null; // code id
  const unitEl = h('div.unit-text', { id: 'unit', tabindex: '0', 'aria-label': 'unit text' });

  function rows() {
    if (!payload) return [];
    const v = payload.view;
    const own = new Map(v.decisions.map((d) => [d.codeId, d]));
    const out = v.suggestions.map((s) => ({ codeId: s.codeId, suggested: true, hits: s.hits, rulesNegated: s.negated, decision: own.get(s.codeId) ?? null }));
    for (const d of v.decisions) {
      if (!out.some((r) => r.codeId === d.codeId) && d.current && d.present) out.push({ codeId: d.codeId, suggested: false, hits: [], rulesNegated: false, decision: d });
    }
    return out;
  }

  const decided = (r) => r.decision && r.decision.current && r.decision.status !== null;
  const pending = (r) => r.suggested && !decided(r);
  const negatedOf = (r) => (r.decision && r.decision.negated !== null ? r.decision.negated : r.rulesNegated);
  const spansOf = (r) => (r.decision && r.decision.current && r.decision.present && r.decision.spans ? r.decision.spans : hitSpans(r.hits));

  function pickDefault() {
    const rs = rows();
    if (!rs.some((r) => r.codeId === selected)) selected = (rs.find(pending) ?? rs[0])?.codeId ?? null;
  }

  async function load(id) {
    const res = await api.item(id);
    payload = res.item;
    selected = null;
    pickDefault();
    render();
  }

  async function send(body, after) {
    const res = await api.decide({ item: payload.view.itemId, ...body });
    payload = res.item;
    window.getSelection()?.removeAllRanges();
    if (after === 'advance') {
      const rs = rows();
      const i = rs.findIndex((r) => r.codeId === selected);
      const next = rs.slice(i + 1).find(pending) ?? rs.find(pending);
      if (next) selected = next.codeId;
    }
    pickDefault();
    render();
  }

  function render() {
    // Picking a code redraws the unit: keep the words the coder selected for a re-span.
    const keep = payload && unitEl.isConnected && unitEl.dataset.item === String(payload.view.itemId)
      ? selectionOffsets(unitEl, payload.view.unit.text, payload.view.unit.start) : null;
    ui.setProgress(payload?.progress ?? null, payload?.nav ?? null);
    const main = ui.main();
    if (!payload) {
      main.replaceChildren(h('section.empty', null, h('h2', null, 'Nothing to review'), h('p', null, 'This queue has no units for you.')));
      return;
    }
    const v = payload.view;
    const rs = rows();
    const sel = rs.find((r) => r.codeId === selected) ?? null;
    const layers = rs.map((r) => ({ spans: spansOf(r), cls: r.codeId === selected ? 'mark mark-sel' : 'mark' }));
    renderMarked(unitEl, v.unit.text, v.unit.start, layers);
    unitEl.dataset.item = String(v.itemId);
    unitEl.dataset.segment = v.unit.segmentId;

    const d = v.document;
    const meta = h('div.doc-meta', null,
      h('span', { title: 'actor group' }, d.actorGroup || 'no actor group'),
      d.docType ? [h('span.sep', null, '·'), h('span', null, d.docType)] : null,
      d.date ? [h('span.sep', null, '·'), h('span', null, d.date)] : null,
      h('span.sep', null, '·'), h('span', { id: 'page' }, `page ${v.unit.page}`),
    );
    const status = payload.view.complete ? h('span.badge.badge-done', null, 'finished') : h('span.badge', null, 'open');
    const unitCol = h('section.unit-col', null,
      h('div.doc-title', null, d.title || d.file),
      meta,
      h('div.file', null, d.file, ' ', status),
      v.context.previous ? h('p.context', { id: 'previous' }, v.context.previous) : h('p.context.none', null, '(start of document)'),
      unitEl,
      v.context.next ? h('p.context', { id: 'next' }, v.context.next) : h('p.context.none', null, '(end of document)'),
      v.unitMemos.length ? h('div.memos', null, h('h3', null, 'Your memos on this unit'), ...v.unitMemos.map((m) => h('p.memo', null, m))) : null,
    );

    const list = h('ol.codes', { id: 'codes' }, ...rs.map((r, i) => codeRow(r, i)));
    const side = h('section.side-col', null,
      h('h2', null, 'Codes in this unit', h('span.count', null, String(rs.length))),
      rs.length ? list : h('p.hint', null, 'No code suggested. Press ', kbd('d'), ' if there is nothing to code, or ', kbd('c'), ' to add one.'),
      sel ? criteria(sel.codeId, sel) : null,
    );
    main.replaceChildren(h('div.review', null, unitCol, side));
    if (keep) selectOffsets(unitEl, keep[0], keep[1]);
  }

  function codeRow(r, i) {
    const info = codes.get(r.codeId);
    const [icon, word] = decided(r) ? STATUS[r.decision.status] : r.decision && !r.decision.current ? ['!', 'changed: decide again'] : ['•', r.suggested ? 'to decide' : ''];
    const rules = [...new Set(r.hits.map((x) => x.ruleId))];
    return h(`li.code${r.codeId === selected ? '.selected' : ''}${decided(r) ? `.is-${r.decision.status}` : ''}`, { dataset: { code: r.codeId } },
      h('span.num', null, i < 9 ? String(i + 1) : ''),
      h('span.code-main', null,
        h('span.code-label', null, info?.label ?? r.codeId),
        h('span.code-group', null, info?.groupLabel ?? ''),
        negatedOf(r) ? h('span.badge.badge-neg', { title: 'negated' }, 'negated') : null,
        h('span.code-rules', null, r.suggested ? `rule ${rules.join(', ')}` : (r.decision?.spans ? 'added by you' : 'added by you · whole unit')),
      ),
      h('span.code-status', { title: word }, h('span.icon', null, icon), h('span.word', null, word)),
    );
  }

  function criteria(codeId, r) {
    const c = codes.get(codeId);
    if (!c) return null;
    return h('div.criteria', { id: 'criteria' },
      h('h3', null, c.label, h('span.code-group', null, c.groupLabel)),
      h('p.definition', null, c.definition),
      c.include.length ? [h('h4', null, 'Include'), h('ul.inc', null, ...c.include.map((x) => h('li', null, x)))] : null,
      c.exclude.length ? [h('h4', null, 'Exclude'), h('ul.exc', null, ...c.exclude.map((x) => h('li', null, x)))] : null,
      r.decision?.memo ? [h('h4', null, 'Your memo'), h('p.memo', null, r.decision.memo)] : null,
    );
  }

  function need(cond, message) {
    if (!cond) ui.toast(message);
    return cond;
  }

  function moveSelection(key) {
    const v = payload.view;
    const base = v.unit.start;
    const cur = selectionOffsets(unitEl, v.unit.text, base);
    const sel = rows().find((r) => r.codeId === selected);
    const first = sel ? spansOf(sel)[0] : null;
    let [s, e] = cur ?? (first ? [first[0], first[0]] : [base, base]);
    const { starts, ends } = wordEdges(v.unit.text);
    const S = starts.map((x) => x + base);
    const E = ends.map((x) => x + base);
    if (key === 'ArrowRight') e = E.find((x) => x > e) ?? e;
    if (key === 'ArrowLeft') e = [...E].reverse().find((x) => x < e && x > s) ?? e;
    if (key === 'ArrowDown') s = S.find((x) => x > s && x < e) ?? s;
    if (key === 'ArrowUp') s = [...S].reverse().find((x) => x < s) ?? s;
    if (e <= s) e = E.find((x) => x > s) ?? s;
    if (e > s) selectOffsets(unitEl, s, e);
  }

  async function onKey(e) {
    if (e.shiftKey && ['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown'].includes(e.key)) {
      if (payload) moveSelection(e.key);
      return true;
    }
    if (!payload) return false;
    const rs = rows();
    const sel = rs.find((r) => r.codeId === selected) ?? null;
    const item = payload.view;
    const textSel = () => selectionOffsets(unitEl, item.unit.text, item.unit.start);
    switch (e.key) {
      case 'j': if (need(payload.nav.next !== null, 'This is the last unit.')) await load(payload.nav.next); return true;
      case 'k': if (need(payload.nav.prev !== null, 'This is the first unit.')) await load(payload.nav.prev); return true;
      case 'g': if (need(payload.nav.nextOpen !== null, 'Every unit is finished. Thank you!')) await load(payload.nav.nextOpen); return true;
      case 'a':
      case 'r':
        if (need(sel && sel.suggested, sel ? 'Only a suggested code can be accepted or rejected.' : 'Select a code first (1–9).')) {
          await send({ action: e.key === 'a' ? 'accept' : 'reject', code: sel.codeId }, 'advance');
        }
        return true;
      case 'u': await send({ action: 'undo' }); return true;
      case 'd': await send({ action: 'done' }); return true;
      case 'n':
        if (need(sel, 'Select a code first (1–9).')) await send({ action: 'negate', code: sel.codeId, negated: !negatedOf(sel) });
        return true;
      case 's': {
        const spans = textSel();
        if (need(sel, 'Select a code first (1–9).') && need(spans, 'Select the words first (mouse, or Shift + arrows), then press s.')) {
          await send({ action: 'respan', code: sel.codeId, spans: [spans] });
        }
        return true;
      }
      case 'c': {
        const spans = textSel();
        const here = new Set(rs.map((r) => r.codeId));
        const choices = [...codes.values()].filter((c) => !here.has(c.id));
        const code = await ui.pick('Add a code' + (spans ? ' to the selected words' : ' to the whole unit'), choices.map((c) => ({ id: c.id, label: c.label, note: c.groupLabel, detail: c.definition })));
        if (code) {
          selected = code;
          await send({ action: 'add', code, ...(spans ? { spans: [spans] } : {}) });
        }
        return true;
      }
      case 'm':
      case 'M': {
        const onCode = e.key === 'M';
        if (onCode && !need(sel, 'Select a code first (1–9).')) return true;
        const text = await ui.ask(onCode ? `Memo on ${codes.get(sel.codeId)?.label ?? sel.codeId}` : 'Memo on this unit', 'Enter to save, Esc to cancel');
        if (text && text.trim()) await send({ action: 'memo', memo: text, ...(onCode ? { code: sel.codeId } : {}) });
        return true;
      }
      default:
        if (/^[1-9]$/.test(e.key)) {
          const r = rs[Number(e.key) - 1];
          if (need(r, `There is no code ${e.key} in this unit.`)) {
            selected = r.codeId;
            render();
          }
          return true;
        }
        return false;
    }
  }

  return { load, onKey, keys: REVIEW_KEYS, help: REVIEW_HELP, render: () => render() };
}
