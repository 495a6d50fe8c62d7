// The adjudicator's view: one disagreement at a time (a code in a unit that coders coded
// differently), each coder's coding side by side, and the final word with a reason.
import { api } from './api.js';
import { h, kbd, renderMarked } from './render.js';

export const ADJUDICATE_KEYS = [
  ['1–9', 'take coder N'], ['a', 'present'], ['r', 'absent'], ['n', 'negated'], ['j', 'next'], ['k', 'previous'], ['v', 'review'], ['?', 'help'],
];

export const ADJUDICATE_HELP = [
  ['1 … 9', "take coder N's coding as final (then type the reason, Enter)"],
  ['a / r', 'write the final coding: present (rules\' spans) / absent'],
  ['n', 'write: present and negated'],
  ['j / k', 'next / previous disagreement'],
  ['v', 'back to your own review'],
  ['Esc', 'close a dialog'],
];

export function createAdjudication(ui, codes) {
  let list = [];
  let index = 0;

  async function load() {
    list = await api.disagreements();
    index = Math.min(index, Math.max(0, list.length - 1));
    render();
  }

  function render() {
    ui.setProgress(null, null, list.length ? `Disagreement ${index + 1} of ${list.length}` : 'No disagreements left');
    const main = ui.main();
    if (list.length === 0) {
      main.replaceChildren(h('section.empty', null, h('h2', null, 'No open disagreements'), h('p', null, 'Every unit the coders disagreed on is settled. Press ', kbd('v'), ' to go back to reviewing.')));
      return;
    }
    const d = list[index];
    const c = codes.get(d.codeId);
    const ruleSpans = d.hits.flatMap(([, spans]) => spans);
    const unit = h('div.unit-text', { id: 'adj-unit' });
    renderMarked(unit, d.text, d.context.start, [{ spans: ruleSpans, cls: 'mark mark-sel' }]);
    const doc = d.context.document;
    const coders = h('div.coders', { id: 'coders' }, ...d.coders.map((cc, i) => {
      const view = h('div.unit-text.small');
      renderMarked(view, d.text, d.context.start, [{ spans: cc.present ? (cc.spans ?? ruleSpans) : [], cls: 'mark mark-sel' }]);
      return h(`div.coder.${cc.present ? 'is-present' : 'is-absent'}`, { dataset: { coder: cc.coder } },
        h('div.coder-head', null, h('span.num', null, String(i + 1)), h('span.coder-name', null, cc.coder)),
        h('div.verdict', null, cc.present ? 'present' : 'absent', cc.present && cc.negated ? h('span.badge.badge-neg', null, 'negated') : null),
        h('div.coder-status', null, cc.status === 'implicit' ? 'finished the unit without this code' : cc.status),
        view,
        cc.memo ? h('p.memo', null, cc.memo) : null,
      );
    }));
    main.replaceChildren(h('div.review', null,
      h('section.unit-col', null,
        h('div.doc-title', null, doc.title || doc.file),
        h('div.doc-meta', null, h('span', null, doc.actorGroup || 'no actor group'), h('span.sep', null, '·'), h('span', null, `page ${d.page}`)),
        h('div.file', null, doc.file),
        d.context.previous ? h('p.context', null, d.context.previous) : null,
        unit,
        d.context.next ? h('p.context', null, d.context.next) : null,
        h('h2.coders-title', null, 'Coders'),
        coders,
      ),
      h('section.side-col', null,
        h('h2', null, 'Code in dispute'),
        c ? h('div.criteria', null,
          h('h3', null, c.label, h('span.code-group', null, c.groupLabel)),
          h('p.definition', null, c.definition),
          c.include.length ? [h('h4', null, 'Include'), h('ul.inc', null, ...c.include.map((x) => h('li', null, x)))] : null,
          c.exclude.length ? [h('h4', null, 'Exclude'), h('ul.exc', null, ...c.exclude.map((x) => h('li', null, x)))] : null,
        ) : h('p', null, d.codeId),
        h('p.hint', null, d.hits.length ? `Suggested by rule ${d.hits.map(([r]) => r).join(', ')}.` : 'Not suggested by the rules: a coder added it.'),
      ),
    ));
  }

  async function settle(choice, label) {
    const d = list[index];
    const reason = await ui.ask(`Final coding: ${label}. Reason`, 'Enter to record, Esc to cancel');
    if (!reason || !reason.trim()) return;
    await api.adjudicate({ item: d.itemId, code: d.codeId, reason, ...choice });
    ui.toast('Recorded.');
    await load();
  }

  async function onKey(e) {
    if (list.length === 0) return false;
    const d = list[index];
    switch (e.key) {
      case 'j': if (index + 1 < list.length) { index++; render(); } else ui.toast('This is the last disagreement.'); return true;
      case 'k': if (index > 0) { index--; render(); } else ui.toast('This is the first disagreement.'); return true;
      case 'a': await settle({ present: true }, 'present'); return true;
      case 'r': await settle({ present: false }, 'absent'); return true;
      case 'n': await settle({ present: true, negated: true }, 'present, negated'); return true;
      default:
        if (/^[1-9]$/.test(e.key)) {
          const cc = d.coders[Number(e.key) - 1];
          if (!cc) ui.toast(`There is no coder ${e.key}.`);
          else await settle({ pick: cc.coder }, `as ${cc.coder}`);
          return true;
        }
        return false;
    }
  }

  return { load, onKey, keys: ADJUDICATE_KEYS, help: ADJUDICATE_HELP, render: () => render() };
}
