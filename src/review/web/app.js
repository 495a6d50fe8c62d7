// The review page: log in, then route single keys to the current view (review or adjudication).
// Keys pressed with Ctrl, Cmd or Alt are left to the browser, so none of its shortcuts is taken;
// while a text box has the focus, keys type into it.
import { api, ApiError, setCsrf } from './api.js';
import { createAdjudication } from './adjudicate.js';
import { h, kbd } from './render.js';
import { createReview } from './review.js';

const $ = (id) => document.getElementById(id);
let session = null;
let view = null;
let review = null;
let adjudication = null;
let modal = null; // { onKey(e) } while a dialog is open

const ui = {
  main: () => $('main'),
  toast(message) {
    const t = $('toast');
    t.textContent = message;
    t.classList.add('show');
    clearTimeout(ui.toastTimer);
    ui.toastTimer = setTimeout(() => t.classList.remove('show'), 4000);
  },
  setProgress(progress, nav, label) {
    const bar = $('progress');
    const where = $('where');
    if (label !== undefined) {
      where.textContent = label;
      bar.hidden = true;
      return;
    }
    bar.hidden = !progress;
    if (progress) {
      $('progress-fill').style.width = `${progress.items ? (100 * progress.complete) / progress.items : 0}%`;
      $('progress-text').textContent = `${progress.complete} of ${progress.items} done`;
    }
    where.textContent = nav ? `Unit ${nav.index + 1} of ${nav.count}` : '';
  },
  /** A list to choose from, filtered as you type; resolves with the chosen id or null. */
  pick(title, choices) {
    return new Promise((resolve) => {
      const input = h('input', { type: 'text', id: 'picker-input', placeholder: 'Type to filter, ↑ ↓ to move, Enter to choose', autocomplete: 'off', spellcheck: 'false' });
      const list = h('ul.picker', { id: 'picker' });
      let shown = choices;
      let at = 0;
      const draw = () => {
        list.replaceChildren(...shown.map((c, i) => h(`li${i === at ? '.active' : ''}`, { dataset: { id: c.id } },
          h('span.code-label', null, c.label), h('span.code-group', null, c.note ?? ''), c.detail ? h('span.detail', null, c.detail) : null)));
        list.querySelector('.active')?.scrollIntoView({ block: 'nearest' });
      };
      input.addEventListener('input', () => {
        const q = input.value.trim().toLowerCase();
        shown = choices.filter((c) => `${c.label} ${c.id} ${c.note ?? ''}`.toLowerCase().includes(q));
        at = 0;
        draw();
      });
      list.addEventListener('click', (e) => {
        const li = e.target.closest('li');
        if (li) done(li.dataset.id);
      });
      const done = (value) => {
        closeModal();
        resolve(value);
      };
      openModal(h('div.dialog', { role: 'dialog', 'aria-label': title }, h('h2', null, title), input, list), (e) => {
        if (e.key === 'Escape') done(null);
        else if (e.key === 'Enter') done(shown[at]?.id ?? null);
        else if (e.key === 'ArrowDown') { at = Math.min(shown.length - 1, at + 1); draw(); }
        else if (e.key === 'ArrowUp') { at = Math.max(0, at - 1); draw(); }
        else return false;
        return true;
      });
      draw();
      input.focus();
    });
  },
  /** A line of text; resolves with it or null (Esc). */
  ask(title, hint) {
    return new Promise((resolve) => {
      const input = h('textarea', { id: 'ask-input', rows: '3', spellcheck: 'true' });
      const done = (value) => {
        closeModal();
        resolve(value);
      };
      openModal(h('div.dialog', { role: 'dialog', 'aria-label': title }, h('h2', null, title), input, h('p.hint', null, hint)), (e) => {
        if (e.key === 'Escape') done(null);
        else if (e.key === 'Enter' && !e.shiftKey) done(input.value);
        else return false;
        return true;
      });
      input.focus();
    });
  },
};

function openModal(content, onKey) {
  const o = $('overlay');
  o.replaceChildren(content);
  o.hidden = false;
  modal = { onKey };
}

function closeModal() {
  $('overlay').hidden = true;
  $('overlay').replaceChildren();
  modal = null;
}

function showHelp() {
  const rows = view.help.map(([k, what]) => h('tr', null, h('th', null, ...k.split(' ').map((p) => (['/', '…', '+'].includes(p) ? ` ${p} ` : kbd(p)))), h('td', null, what)));
  openModal(h('div.dialog.help', { role: 'dialog', 'aria-label': 'Keys' },
    h('h2', null, 'Keys'), h('table', null, ...rows),
    h('p.hint', null, 'Single keys only: the browser keeps all its shortcuts. You see only your own decisions.'),
  ), (e) => {
    if (e.key === 'Escape' || e.key === '?') closeModal();
    return true;
  });
}

function drawKeys() {
  const keys = [...view.keys];
  if (view === review && session.adjudicator) keys.splice(keys.length - 1, 0, ['v', 'adjudicate']);
  $('keys').replaceChildren(...keys.map(([k, what]) => h('span.key', { dataset: { key: k } }, kbd(k), ' ', what)));
}

async function switchTo(next) {
  view = next;
  drawKeys();
  await view.load();
}

// Keys are handled one after another: a decision is answered before the next key is read, so a
// fast typist neither overtakes the server nor loses a key.
let chain = Promise.resolve();

function onKeyDown(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return; // the browser's
  if (modal) {
    if (modal.onKey(e)) e.preventDefault();
    return;
  }
  const t = e.target;
  if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLButtonElement) return;
  if (!view) return;
  const ours = /^[a-zA-Z0-9?]$/.test(e.key) || (e.shiftKey && e.key.startsWith('Arrow'));
  if (ours) e.preventDefault();
  if (e.key === 'Escape') {
    window.getSelection()?.removeAllRanges();
    return;
  }
  if (!ours) return;
  const key = { key: e.key, shiftKey: e.shiftKey };
  chain = chain.then(() => handleKey(key));
}

async function handleKey(e) {
  if (e.key === '?') return showHelp();
  if (e.key === 'v' && session.adjudicator) return run(() => switchTo(view === review ? adjudication : review));
  await run(() => view.onKey(e));
}

async function run(fn) {
  document.body.classList.add('busy');
  try {
    await fn();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      ui.toast('Your session ended: log in again.');
      await start();
    } else {
      ui.toast(err instanceof Error ? err.message : String(err));
    }
  } finally {
    document.body.classList.remove('busy');
  }
}

async function loginScreen(info) {
  $('keys').replaceChildren();
  const main = $('main');
  if (info.mode === 'token') {
    const input = h('input', { type: 'password', id: 'token', autocomplete: 'off', placeholder: 'access token' });
    const form = h('form.login', null, h('h2', null, 'Log in'), h('p', null, 'Paste the access token you were given, then Enter.'), input);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      run(() => login({ token: input.value.trim() }));
    });
    main.replaceChildren(form);
    input.focus();
    return;
  }
  const list = h('ol.coder-list', { id: 'coder-list' }, ...info.coders.map((c, i) => {
    const b = h('button', { type: 'button', dataset: { coder: c } }, h('span.num', null, i < 9 ? String(i + 1) : ''), c);
    b.addEventListener('click', () => run(() => login({ coder: c })));
    return h('li', null, b);
  }));
  main.replaceChildren(h('section.login', null, h('h2', null, 'Who is coding?'),
    info.coders.length ? list : h('p', null, 'No coders yet: start the server with --coder NAME.'),
    h('p.hint', null, 'Press the number of your name.')));
  modal = { onKey: (e) => {
    const c = /^[1-9]$/.test(e.key) ? info.coders[Number(e.key) - 1] : null;
    if (c) { modal = null; run(() => login({ coder: c })); }
    return Boolean(c);
  } };
}

async function login(body) {
  const info = await api.login(body);
  await enter(info);
}

async function enter(info) {
  session = info;
  setCsrf(info.csrf);
  $('queue').textContent = info.queue.name;
  const codes = new Map((await api.codes()).map((c) => [c.id, c]));
  review = createReview(ui, session, codes);
  adjudication = info.adjudicator ? createAdjudication(ui, codes) : null;
  await switchTo(review);
  // The name appears once the page can take keys: before, a key pressed right after logging in
  // found no view and was dropped (seen as a flaky browser test under load).
  $('who').textContent = info.coder + (info.adjudicator ? ' (adjudicator)' : '');
}

async function start() {
  const info = await api.session();
  $('queue').textContent = info.queue.name;
  if (info.coder) return enter(info);
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token) {
    history.replaceState(null, '', location.pathname); // keep the token out of the address bar and history
    return login({ token });
  }
  if (info.mode === 'loopback' && info.defaultCoder) return login({ coder: info.defaultCoder });
  return loginScreen(info);
}

document.addEventListener('keydown', (e) => { onKeyDown(e); });
run(start);
