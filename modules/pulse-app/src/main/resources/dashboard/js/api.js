// Talking to Pulse's HTTP API (contract A): the bearer token (kept in sessionStorage) goes with every request; the
// server-sent-event stream, which cannot send headers, rides on the session cookie POST /api/v1/session sets.
// GET /api/v1/auth/config answering 404 means the server has no access control: open mode, nothing to send.

const TOKEN_KEY = 'pulse.token';
const PKCE_KEY = 'pulse.pkce';

export class ApiError extends Error {
  constructor(status, message, path) {
    super(message);
    this.status = status;
    this.path = path;
  }
}

let authMode = 'none';
let unauthorized = () => {};

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value.trim());
  else sessionStorage.removeItem(TOKEN_KEY);
}

export function mode() {
  return authMode;
}

/** What to do when the server says 401 (show the login). */
export function onUnauthorized(fn) {
  unauthorized = fn;
}

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  const tk = token();
  if (tk) h.Authorization = `Bearer ${tk}`;
  return h;
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/**
 * GET (or another method) of an API path; the JSON answer, or an ApiError with the server's one-line reason. A GET
 * answered 503 (state moving between instances, a rebalance) is tried again a few times first.
 */
export async function api(path, options = {}) {
  let r;
  for (let attempt = 0; ; attempt++) {
    try {
      r = await fetch(path, { ...options, headers: headers(options.headers), credentials: 'same-origin' });
    } catch (e) {
      throw new ApiError(0, e.message, path);
    }
    if (r.status !== 503 || (options.method && options.method !== 'GET') || attempt >= 3) break;
    await sleep(1000 * (attempt + 1));
  }
  if (r.status === 204) return null;
  const text = await r.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!r.ok) {
    const err = new ApiError(r.status, (body && body.error) || text || r.statusText, path);
    if (r.status === 401) unauthorized(err);
    throw err;
  }
  return body;
}

/** The access mode: none (404 from a server without access control too), tokens or oidc, and the OIDC settings. */
export async function authConfig() {
  const r = await fetch('/api/v1/auth/config', { headers: { Accept: 'application/json' } });
  if (r.status === 404) {
    authMode = 'none';
    return { mode: 'none', oidc: null };
  }
  if (r.status === 401) {
    // A server that guards all of /api/ with one token and has no auth/config of its own yet.
    authMode = 'tokens';
    return { mode: 'tokens', oidc: null };
  }
  if (!r.ok) throw new ApiError(r.status, r.statusText, '/api/v1/auth/config');
  const cfg = await r.json();
  authMode = cfg.mode || 'none';
  return cfg;
}

/** Who the caller is; an open server (404) or one without the endpoint answers as admin without a subject. */
export async function me() {
  if (authMode === 'none') return { role: 'admin', subject: null };
  try {
    return await api('/api/v1/me');
  } catch (e) {
    if (e.status === 404) return { role: 'admin', subject: null };
    throw e;
  }
}

/** Trades the bearer token for the stream's session cookie; nothing to do in open mode. */
export async function openSession() {
  if (authMode === 'none' || !token()) return;
  await api('/api/v1/session', { method: 'POST' });
}

export async function closeSession() {
  if (authMode !== 'none') {
    try { await api('/api/v1/session', { method: 'DELETE' }); } catch { /* signing out anyway */ }
  }
  setToken(null);
}

// ---- OIDC authorization code with PKCE (RFC 7636)

function base64url(bytes) {
  let s = '';
  bytes.forEach((b) => { s += String.fromCharCode(b); });
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(n) {
  const b = new Uint8Array(n);
  crypto.getRandomValues(b);
  return base64url(b);
}

function redirectUri() {
  return `${location.origin}${location.pathname}`;
}

/** Sends the browser to the identity provider. */
export async function startOidc(oidc) {
  const verifier = randomString(48);
  const state = randomString(16);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, hash: location.hash }));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope || 'openid',
    state,
    code_challenge: base64url(digest),
    code_challenge_method: 'S256',
  });
  location.assign(`${oidc.authorizationEndpoint}?${q}`);
}

/**
 * Completes a login when the identity provider sent the browser back with ?code=...&state=...: exchanges the code
 * for tokens and keeps the access token (the id token when the provider gives no JWT access token). Returns
 * whether it did.
 */
export async function finishOidc(oidc) {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code || !oidc) return false;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null');
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', redirectUri() + ((saved && saved.hash) || ''));
  if (!saved || saved.state !== params.get('state')) throw new ApiError(400, 'state mismatch', 'oidc');
  const r = await fetch(oidc.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: redirectUri(), client_id: oidc.clientId,
      code_verifier: saved.verifier,
    }),
  });
  if (!r.ok) throw new ApiError(r.status, await r.text(), 'oidc');
  const tokens = await r.json();
  const jwt = (s) => typeof s === 'string' && s.split('.').length === 3;
  setToken(jwt(tokens.access_token) ? tokens.access_token : (tokens.id_token || tokens.access_token));
  return true;
}

// ---- the live stream

const handlers = { kpi: new Set(), scorecard: new Set(), alert: new Set(), state: new Set() };
let source = null;
let retry = 0;
let retryTimer = null;
let streamState = 'connecting';

export function on(event, fn) {
  handlers[event].add(fn);
  return () => handlers[event].delete(fn);
}

function setState(s) {
  streamState = s;
  handlers.state.forEach((fn) => fn(s));
}

export function liveState() {
  return streamState;
}

/** Opens the stream and keeps it open: EventSource retries by itself; when it gives up, so that a new session may be needed, this does. */
export function connect() {
  clearTimeout(retryTimer);
  if (source) source.close();
  setState(retry ? 'reconnecting' : 'connecting');
  source = new EventSource('/api/v1/stream');
  source.onopen = () => { retry = 0; setState('live'); };
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) {
      setState('reconnecting');
      retry += 1;
      retryTimer = setTimeout(async () => {
        try { await openSession(); } catch (e) { if (e.status === 401) return; }
        connect();
      }, Math.min(30000, 1000 * 2 ** Math.min(retry, 5)));
    } else {
      setState('reconnecting');
    }
  };
  for (const ev of ['kpi', 'scorecard', 'alert']) {
    source.addEventListener(ev, (m) => {
      let data;
      try { data = JSON.parse(m.data); } catch { return; }
      handlers[ev].forEach((fn) => fn(data));
    });
  }
}

export function disconnect() {
  clearTimeout(retryTimer);
  if (source) source.close();
  source = null;
}
