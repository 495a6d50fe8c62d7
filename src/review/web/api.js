// Calls to the review server's JSON API. State-changing calls carry the session's CSRF token;
// the server also checks the Origin header, which the browser sets itself.
let csrf = null;

export function setCsrf(token) {
  csrf = token;
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path, body) {
  const init = { method, headers: {}, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    if (csrf) init.headers['X-CSRF-Token'] = csrf;
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, (data && data.error) || `${res.status} ${res.statusText}`);
  return data;
}

export const api = {
  session: () => call('GET', '/api/session'),
  login: (body) => call('POST', '/api/login', body),
  logout: () => call('POST', '/api/logout', {}),
  codes: () => call('GET', '/api/codes'),
  item: (id) => call('GET', id === undefined || id === null ? '/api/item' : `/api/item?id=${encodeURIComponent(id)}`),
  decide: (body) => call('POST', '/api/decide', body),
  disagreements: () => call('GET', '/api/disagreements'),
  adjudicate: (body) => call('POST', '/api/adjudicate', body),
};
