// The dashboard's shell: sign-in (contract A), language, the live indicator and the router between the four views.
import * as api from './api.js';
import { initialLanguage, onLanguage, setContext, setLanguage, t, translate } from './i18n.js';
import overview from './views/overview.js';
import campaigns from './views/campaigns.js';
import people from './views/people.js';
import alerts from './views/alerts.js';

const VIEWS = { overview, campaigns, people, alerts };
const ctx = { info: null, kpis: {}, me: null };
let current = null;
let currentName = null;
let authCfg = { mode: 'none', oidc: null };
let unseenAlerts = 0;

const $ = (id) => document.getElementById(id);

function showLogin(reasonKey) {
  api.disconnect();
  $('login').hidden = false;
  $('login-why').textContent = reasonKey ? t(reasonKey) : '';
  $('login-oidc').hidden = authCfg.mode !== 'oidc';
  $('login-token').hidden = authCfg.mode === 'oidc';
  (authCfg.mode === 'oidc' ? $('oidc-start') : $('token')).focus();
}

function hideLogin() {
  $('login').hidden = true;
}

function renderWho() {
  const me = ctx.me;
  const signedIn = api.mode() !== 'none' && !!api.token();
  $('signout').hidden = !signedIn;
  $('who').hidden = !signedIn || !me;
  if (me && signedIn) $('who').textContent = me.subject ? `${t(`role.${me.role}`)} · ${me.subject}` : t(`role.${me.role}`);
}

function renderLive(state) {
  $('live').dataset.state = state;
  $('live-text').textContent = t(`live.${state}`);
}

function renderBadge() {
  const b = $('alert-badge');
  b.hidden = unseenAlerts === 0;
  b.textContent = unseenAlerts > 99 ? '99+' : String(unseenAlerts);
}

function route() {
  const [name, ...rest] = (location.hash.replace(/^#/, '') || 'overview').split('/');
  const viewName = VIEWS[name] ? name : 'overview';
  document.querySelectorAll('#tabs a').forEach((a) => {
    if (a.dataset.view === viewName) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (viewName === 'alerts') { unseenAlerts = 0; renderBadge(); }
  if (current && currentName === viewName && current.navigate) {
    current.navigate(rest.map(decodeURIComponent));
    return;
  }
  if (current && current.unmount) current.unmount();
  const root = $('view');
  root.replaceChildren();
  currentName = viewName;
  current = VIEWS[viewName](root, ctx, rest.map(decodeURIComponent));
  document.title = `${t(`nav.${viewName}`)} · ${t('app.title')}`;
}

async function start() {
  try {
    ctx.me = await api.me();
    ctx.info = await api.api('/api/v1/info');
  } catch (e) {
    if (e.status === 401) return; // the login is showing
    $('notice').hidden = false;
    $('notice').textContent = `${t('error.failed')} ${e.message}`;
    return;
  }
  setContext(ctx.info.timezone, ctx.info.currency);
  ctx.info.kpis.forEach((k) => { ctx.kpis[k.id] = k; });
  $('notice').hidden = true;
  hideLogin();
  renderWho();
  try {
    await api.openSession();
  } catch (e) {
    if (e.status === 401) return;
  }
  api.connect();
  route();
}

async function boot() {
  await setLanguage(initialLanguage());
  $('lang').value = document.documentElement.lang;
  $('lang').addEventListener('change', (e) => setLanguage(e.target.value));
  onLanguage(() => {
    translate(document);
    renderLive(api.liveState());
    renderWho();
    if (current && current.relabel) current.relabel();
    else if (currentName) { current = null; route(); }
  });
  api.on('state', renderLive);
  api.on('alert', () => {
    if (currentName !== 'alerts') { unseenAlerts += 1; renderBadge(); }
  });
  renderLive('connecting');
  api.onUnauthorized(() => {
    if (api.mode() === 'none') return;
    api.setToken(null);
    showLogin('login.expired');
  });
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $('token').value.trim();
    if (!value) return;
    api.setToken(value);
    $('token').value = '';
    start();
  });
  $('oidc-start').addEventListener('click', () => api.startOidc(authCfg.oidc));
  $('signout').addEventListener('click', async () => {
    await api.closeSession();
    ctx.me = null;
    renderWho();
    if (current && current.unmount) current.unmount();
    current = null;
    $('view').replaceChildren();
    showLogin('login.signedOut');
  });
  window.addEventListener('hashchange', () => { if (ctx.info) route(); });

  try {
    authCfg = await api.authConfig();
    if (authCfg.mode === 'oidc') await api.finishOidc(authCfg.oidc);
  } catch (e) {
    $('notice').hidden = false;
    $('notice').textContent = `${t('error.failed')} ${e.message}`;
  }
  if (authCfg.mode !== 'none' && !api.token()) {
    showLogin();
    return;
  }
  start();
}

boot();
