// Campaigns and channels: a sortable table of the marketing KPIs of the chosen period, live; a row opens its
// detail: every KPI and a chart of one of them over the finer periods.
import * as api from '../api.js';
import { kpiName, periodName, t, value as fmtValue } from '../i18n.js';
import { SUB, chartFrom, same, start } from '../periods.js';
import { chart, el, empty, failure, flash, periodSwitcher } from '../ui.js';

const COLUMNS = ['impressions', 'clicks', 'ctr', 'cpc', 'leads', 'cpl', 'cr', 'bounce_rate', 'spend', 'revenue', 'romi'];
/** How many finer periods a chart of one period spans: a day's hours, a week's or a month's days. */
const SLOTS = { hour: 0, day: 24, week: 7, month: 31 };
const CHARTABLE = ['spend', 'clicks', 'ctr', 'cpc', 'leads', 'cpl', 'cr', 'bounce_rate', 'revenue', 'romi', 'impressions'];

export default function campaigns(root, ctx, args) {
  const periods = ['hour', 'day', 'week', 'month'].filter((k) => ctx.info.periods.includes(k));
  let scope = args[0] === 'channel' ? 'channel' : 'campaign';
  let selected = args[1] || null;
  let kind = sessionStorage.getItem('pulse.campaigns.period') || (periods.includes('day') ? 'day' : periods[0]);
  let sortKey = sessionStorage.getItem('pulse.campaigns.sort') || 'spend';
  let sortDir = -1;
  let rows = {}; // id -> {kpi: row}
  let periodStart = null;
  let detailKpi = 'spend';
  let detailChart = null;
  let seq = 0;
  const off = [];

  const head = el('div.view-head');
  const body = el('div.campaigns');
  root.append(head, body);

  function renderHead() {
    const scopes = el('div.seg', { role: 'radiogroup', 'aria-label': t('campaigns.scope') },
      ['campaign', 'channel'].map((s) => el('button', {
        type: 'button', role: 'radio', 'aria-checked': String(s === scope), dataset: { scope: s },
        text: t(`scope.plural.${s}`), onclick: () => { location.hash = `#campaigns/${s}`; },
      })));
    head.replaceChildren(
      el('div', el('h1', { text: t('campaigns.title') }),
        el('p.muted', { text: periodStart ? periodName(kind, periodStart) : '' })),
      el('div.head-tools', scopes, periodSwitcher(periods, kind, (k) => {
        kind = k; sessionStorage.setItem('pulse.campaigns.period', k); load();
      })));
  }

  async function load() {
    const mine = ++seq;
    renderHead();
    body.replaceChildren(el('div.loading', { text: t('common.loading') }));
    try {
      const list = await api.api(`/api/v1/scopes/${scope}?period=${kind}`);
      periodStart = list.periodStart;
      const answers = await Promise.all(list.ids.map((id) => api.api(`/api/v1/kpis/${scope}/${encodeURIComponent(id)}?period=${kind}`)
        .then((a) => [id, a]).catch((e) => (e.status === 403 ? null : Promise.reject(e)))));
      if (mine !== seq) return;
      rows = {};
      for (const a of answers.filter(Boolean)) {
        rows[a[0]] = Object.fromEntries(a[1].values.map((v) => [v.kpi, v]));
      }
      render();
    } catch (e) {
      if (mine === seq) body.replaceChildren(failure(e));
    }
  }

  function cell(id, k) {
    const v = rows[id][k];
    return el('td.num', { dataset: { kpi: k, raw: v ? String(v.value) : '' } }, v ? fmtValue(v.value, v.unit) : '—');
  }

  function sortedIds() {
    const val = (id) => (sortKey === 'id' ? id : rows[id][sortKey]?.value ?? null);
    return Object.keys(rows).sort((a, b) => {
      const x = val(a);
      const y = val(b);
      if (x === null && y === null) return a.localeCompare(b);
      if (x === null) return 1;
      if (y === null) return -1;
      return (typeof x === 'string' ? x.localeCompare(y) : x - y) * sortDir;
    });
  }

  function header(k, label) {
    const active = sortKey === k;
    const th = el('th', { scope: 'col', 'aria-sort': active ? (sortDir > 0 ? 'ascending' : 'descending') : 'none', class: k === 'id' ? '' : 'num' },
      el('button.sort', {
        type: 'button', dataset: { sort: k },
        onclick: () => {
          if (sortKey === k) sortDir = -sortDir; else { sortKey = k; sortDir = k === 'id' ? 1 : -1; }
          sessionStorage.setItem('pulse.campaigns.sort', sortKey);
          renderTable();
          body.querySelector(`button[data-sort="${k}"]`)?.focus();
        },
      }, label, el('span.arrow', { 'aria-hidden': 'true', text: active ? (sortDir > 0 ? '▲' : '▼') : '' })));
    return th;
  }

  function renderTable() {
    const table = body.querySelector('table.grid');
    if (!table) return;
    const tbody = el('tbody', sortedIds().map((id) => {
      const tr = el('tr', {
        tabindex: '0', dataset: { id }, 'aria-selected': String(id === selected),
        onclick: () => select(id),
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(id); } },
      }, el('th.rowname', { scope: 'row', text: id }), COLUMNS.map((k) => cell(id, k)));
      return tr;
    }));
    table.replaceChildren(
      el('caption.sr', { text: t('campaigns.caption', { scope: t(`scope.plural.${scope}`), period: periodName(kind, periodStart) }) }),
      el('thead', el('tr', header('id', t(`scope.${scope}`)), COLUMNS.map((k) => header(k, kpiName(k, true))))),
      tbody);
  }

  function select(id) {
    selected = id;
    history.replaceState(null, '', selected ? `#campaigns/${scope}/${encodeURIComponent(selected)}` : `#campaigns/${scope}`);
    body.querySelectorAll('tbody tr').forEach((tr) => tr.setAttribute('aria-selected', String(tr.dataset.id === selected)));
    renderDetail();
  }

  async function renderDetail() {
    const box = body.querySelector('.detail');
    if (detailChart) { detailChart.destroy(); detailChart = null; }
    if (!box) return;
    if (!selected || !rows[selected]) {
      box.replaceChildren(empty(t(`campaigns.pick.${scope}`)));
      return;
    }
    const id = selected;
    const r = rows[id];
    const sub = SUB[kind];
    const picker = el('select#detail-kpi', {
      onchange: (e) => { detailKpi = e.target.value; renderDetail(); }, 'aria-label': t('campaigns.chartKpi'),
    }, CHARTABLE.filter((k) => r[k]).map((k) => el('option', { value: k, selected: k === detailKpi, text: kpiName(k) })));
    const kpis = el('dl.kv', Object.values(r).filter((v) => v.value !== null).map((v) => el('div',
      el('dt', { text: kpiName(v.kpi) }), el('dd', { dataset: { kpi: v.kpi }, text: fmtValue(v.value, v.unit) }))));
    box.replaceChildren(el('div.detail-head', el('h2.card-title', { text: `${t(`scope.${scope}`)} ${id}` }), picker),
      el('div.loading', { text: t('common.loading') }), kpis);
    if (!r[detailKpi]) detailKpi = CHARTABLE.find((k) => r[k]) || 'spend';
    try {
      const hist = await api.api(`/api/v1/kpis/${scope}/${encodeURIComponent(id)}?period=${sub}&kpi=${detailKpi}&from=${chartFrom(kind)}`);
      if (selected !== id || !box.isConnected) return;
      const pts = hist.values.filter((v) => v.kpi === detailKpi);
      const loading = box.querySelector('.loading');
      if (pts.length < 1 || (pts.length < 2 && !ctx.kpis[detailKpi]?.additive)) {
        loading.replaceWith(empty(t('campaigns.chartEmpty')));
        return;
      }
      detailChart = chart(pts.map((v) => new Date(v.periodStart)), [{ label: kpiName(detailKpi), values: pts.map((v) => v.value) }],
        pts[0].unit, sub, 220, Boolean(ctx.kpis[detailKpi]?.additive), SLOTS[kind]);
      loading.replaceWith(el('p.muted.chart-title', { text: t('campaigns.chart', { kpi: kpiName(detailKpi), by: t(`period.by.${sub}`) }) }), detailChart.node);
    } catch (e) {
      box.querySelector('.loading')?.replaceWith(failure(e));
    }
  }

  function render() {
    renderHead();
    if (!Object.keys(rows).length) {
      body.replaceChildren(empty(t(`campaigns.empty.${scope}`, { period: periodName(kind, periodStart) }),
        t('campaigns.emptyHint')));
      return;
    }
    if (selected && !rows[selected]) selected = null;
    if (!selected) selected = sortedIds()[0];
    body.replaceChildren(el('section.card.table-card', el('div.scroll', el('table.grid#grid'))), el('section.card.detail'));
    renderTable();
    renderDetail();
  }

  off.push(api.on('kpi', (v) => {
    if (v.scope !== scope || v.period !== kind || !periodStart) return;
    if (Date.parse(v.periodStart) > Date.parse(periodStart)) { load(); return; }
    if (!same(v.periodStart, periodStart)) return;
    const isNew = !rows[v.scopeId];
    (rows[v.scopeId] ||= {})[v.kpi] = v;
    if (isNew) { render(); return; }
    const td = body.querySelector(`tr[data-id="${CSS.escape(v.scopeId)}"] td[data-kpi="${v.kpi}"]`);
    if (td && td.dataset.raw !== String(v.value)) {
      td.dataset.raw = String(v.value);
      td.textContent = fmtValue(v.value, v.unit);
      flash(td, `cell|${v.scopeId}|${v.kpi}`);
    }
    if (v.scopeId === selected) {
      const dd = body.querySelector(`.detail dd[data-kpi="${v.kpi}"]`);
      if (dd) dd.textContent = fmtValue(v.value, v.unit);
    }
  }));

  load();
  return {
    navigate: (a) => {
      const s = a[0] === 'channel' ? 'channel' : 'campaign';
      if (s !== scope) { scope = s; selected = a[1] || null; load(); }
    },
    relabel: () => render(),
    unmount: () => { seq++; off.forEach((f) => f()); if (detailChart) detailChart.destroy(); },
  };
}
