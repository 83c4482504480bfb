// Alerts: the live feed (SPEC §5) with type, severity, scope, KPI, message and time; filters by type, scope and
// id. The recent list comes from /api/v1/alerts, new alerts from the stream.
import * as api from '../api.js';
import { kpiName, percent, t, value as fmtValue, when } from '../i18n.js';
import { el, empty, failure } from '../ui.js';

const TYPES = ['THRESHOLD', 'PLAN_MET', 'CHALLENGE_MET', 'BELOW_THRESHOLD', 'PACE_BEHIND', 'PACE_RECOVERED'];
const SCOPES = ['company', 'campaign', 'channel', 'team', 'employee'];
const LIMIT = 300;

export default function alerts(root, ctx) {
  let list = null;
  const filter = JSON.parse(sessionStorage.getItem('pulse.alerts.filter') || '{"type":"","scope":"","id":""}');
  const off = [];
  const head = el('div.view-head');
  const bar = el('form.filters', { role: 'search', onsubmit: (e) => e.preventDefault() });
  const feed = el('div.feed');
  root.append(head, bar, feed);

  function renderHead() {
    head.replaceChildren(el('div', el('h1', { text: t('alerts.title') }), el('p.muted', { text: t('alerts.subtitle') })));
    const type = el('select#filter-type', { onchange: (e) => { filter.type = e.target.value; save(); } },
      el('option', { value: '', text: t('alerts.allTypes') }),
      TYPES.map((x) => el('option', { value: x, selected: filter.type === x, text: t(`alert.type.${x}`) })));
    const scope = el('select#filter-scope', { onchange: (e) => { filter.scope = e.target.value; save(); } },
      el('option', { value: '', text: t('alerts.allScopes') }),
      SCOPES.map((x) => el('option', { value: x, selected: filter.scope === x, text: t(`scope.${x}`) })));
    const id = el('input#filter-id', {
      type: 'search', value: filter.id, placeholder: t('alerts.idPlaceholder'), autocomplete: 'off',
      oninput: (e) => { filter.id = e.target.value.trim(); save(); },
    });
    bar.replaceChildren(
      el('label', el('span', { text: t('alerts.type') }), type),
      el('label', el('span', { text: t('alerts.scope') }), scope),
      el('label', el('span', { text: t('alerts.id') }), id));
  }

  function save() {
    sessionStorage.setItem('pulse.alerts.filter', JSON.stringify(filter));
    renderFeed();
  }

  function matches(a) {
    return (!filter.type || a.type === filter.type) && (!filter.scope || a.scope === filter.scope)
      && (!filter.id || (a.scopeId || '').toLowerCase().includes(filter.id.toLowerCase()));
  }

  /** A readable line in the page's language from the alert's fields; the server's English message is the tooltip. */
  function summary(a) {
    const unit = ctx.kpis[a.kpi]?.unit;
    const v = (x) => (x === null || x === undefined ? '—' : unit ? fmtValue(x, unit) : String(x));
    const who = `${t(`scope.${a.scope}`)} ${a.scopeId}`;
    if (a.kpi === 'total') return t(`alert.msg.${a.type}.total`, { who, value: percent(a.value, 1) });
    return t(`alert.msg.${a.type}`, { who, kpi: kpiName(a.kpi), value: v(a.value), limit: v(a.limit), expected: v(a.expected), projection: v(a.projection), rule: a.rule || '' });
  }

  function row(a) {
    return el('li', { class: `alert sev-${a.severity}`, dataset: { id: a.alertId, type: a.type } },
      el('span.sev', { text: t(`severity.${a.severity}`) }),
      el('div.alert-main',
        el('p.alert-line', { title: a.message, text: summary(a) }),
        el('p.alert-meta', el('span.type', { text: t(`alert.type.${a.type}`) }), ' · ', el('span.scope', { text: `${t(`scope.${a.scope}`)} ${a.scopeId}` }),
          a.kpi ? ' · ' : null, a.kpi ? el('span', { text: a.kpi === 'total' ? t('alerts.totalPlan') : kpiName(a.kpi) }) : null)),
      el('time', { datetime: a.at, text: when(a.at) }));
  }

  function renderFeed() {
    if (list === null) return;
    const shown = list.filter(matches);
    if (!list.length) {
      feed.replaceChildren(empty(t('alerts.empty'), t('alerts.emptyHint')));
    } else if (!shown.length) {
      feed.replaceChildren(empty(t('alerts.noMatch')));
    } else {
      feed.replaceChildren(el('p.muted.small#alert-count', { text: t('alerts.count', { shown: shown.length, all: list.length }) }),
        el('ol.alerts#alert-list', shown.map(row)));
    }
  }

  async function load() {
    renderHead();
    feed.replaceChildren(el('div.loading', { text: t('common.loading') }));
    try {
      const answer = await api.api(`/api/v1/alerts?limit=${LIMIT}`);
      list = answer.alerts;
      renderFeed();
    } catch (e) {
      feed.replaceChildren(failure(e));
    }
  }

  off.push(api.on('alert', (a) => {
    if (list === null || list.some((x) => x.alertId === a.alertId)) return;
    list.unshift(a);
    if (list.length > LIMIT) list.pop();
    const ol = feed.querySelector('#alert-list');
    if (ol && matches(a)) {
      const r = row(a);
      r.classList.add('new');
      ol.prepend(r);
      feed.querySelector('#alert-count').textContent = t('alerts.count', { shown: list.filter(matches).length, all: list.length });
    } else {
      renderFeed();
    }
  }));

  load();
  return {
    relabel: () => { renderHead(); renderFeed(); },
    unmount: () => off.forEach((f) => f()),
  };
}
