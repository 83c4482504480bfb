// Overview: the company's KPIs for the chosen period (today by default): value, change against the previous
// period, a sparkline of the finer periods, and a chart of revenue and spend. Live from the stream.
import * as api from '../api.js';
import { kpiName, percent, periodName, t, value as fmtValue } from '../i18n.js';
import { SUB, chartFrom, same, start } from '../periods.js';
import { chart, el, empty, failure, flash, periodSwitcher, sparkline } from '../ui.js';

/** The company KPIs shown first, in this order; others with a value follow up to the tile limit. */
const HEADLINE = ['revenue', 'gross_profit', 'orders', 'new_customers', 'aov', 'spend', 'romi', 'leads',
  'qualified_leads', 'cpl', 'ctr', 'cr', 'cac', 'nps', 'csat', 'tickets_resolved'];
const MAX_TILES = 12;

export default function overview(root, ctx) {
  const periods = ['hour', 'day', 'week', 'month', 'quarter', 'year'].filter((k) => ctx.info.periods.includes(k));
  let kind = sessionStorage.getItem('pulse.overview.period') || (periods.includes('day') ? 'day' : periods[0]);
  let state = null; // {current: {kpi: row}, previous: {kpi: row}, start, spark: {kpi: [values]}, times, sub}
  let big = null;
  let seq = 0;
  const off = [];

  const head = el('div.view-head');
  const body = el('div.overview');
  root.append(head, body);

  function renderHead() {
    head.replaceChildren(
      el('div', el('h1', { text: t('overview.title') }),
        el('p.muted#overview-period', { text: state ? periodName(kind, state.label) : '' })),
      periodSwitcher(periods, kind, (k) => { kind = k; sessionStorage.setItem('pulse.overview.period', k); load(); }));
  }

  async function load() {
    const mine = ++seq;
    renderHead();
    body.replaceChildren(el('div.loading', { text: t('common.loading') }));
    const sub = SUB[kind];
    try {
      const withMonth = kind !== 'month' && ctx.info.periods.includes('month');
      const [now, spark, month] = await Promise.all([
        api.api(`/api/v1/kpis/company/all?period=${kind}&from=${start(kind, -1)}`),
        ctx.info.periods.includes(sub)
          ? api.api(`/api/v1/kpis/company/all?period=${sub}&from=${chartFrom(kind)}`) : { values: [] },
        withMonth ? api.api(`/api/v1/kpis/company/all?period=month&from=${start('month', -1)}`) : null,
      ]);
      if (mine !== seq) return;
      const starts = [...new Set(now.values.map((v) => v.periodStart))].sort((a, b) => Date.parse(a) - Date.parse(b));
      const { current, previous, currentStart } = split(now);
      const times = [...new Set(spark.values.map((v) => v.periodStart))].sort((a, b) => Date.parse(a) - Date.parse(b));
      const series = {};
      for (const v of spark.values) {
        (series[v.kpi] ||= new Array(times.length).fill(null))[times.findIndex((x) => same(x, v.periodStart))] = v.value;
      }
      // label: a time inside the shown period, for its name even before it has values
      state = { current, previous, start: currentStart, from: now.from, label: currentStart || now.to, spark: series, times, sub,
        month: month ? { ...split(month), from: month.from, label: split(month).currentStart || month.to } : null };
      seedLive();
      render();
    } catch (e) {
      if (mine === seq) body.replaceChildren(failure(e));
    }
  }

  /** A KPI answer over [previous start, now]: the previous window (starting at `from`) and the current one, either may be missing. */
  function split(answer) {
    const starts = [...new Set(answer.values.map((v) => v.periodStart))];
    const prevStart = starts.find((x) => same(x, answer.from)) || null;
    const currentStart = starts.find((x) => !same(x, answer.from)) || null;
    const byKpi = (s) => (s ? Object.fromEntries(answer.values.filter((v) => same(v.periodStart, s)).map((v) => [v.kpi, v])) : {});
    return { current: byKpi(currentStart), previous: byKpi(prevStart), currentStart };
  }

  function change(cur, prev) {
    return prev && prev.value && cur.value !== null ? ((cur.value - prev.value) / Math.abs(prev.value)) * 100 : null;
  }

  /** The same headline KPIs for the month so far, beside the day (SPEC §7's "today and this month"). */
  function monthStrip() {
    const m = state.month;
    if (!m) return null;
    const kpis = HEADLINE.filter((k) => m.current[k] && m.current[k].value !== null).slice(0, 6);
    if (!kpis.length) return null;
    return el('section.card.month#month', el('h2.card-title', { text: t('overview.month', { month: periodName('month', m.label) }) }),
      el('div.month-row', kpis.map((k) => {
        const row = m.current[k];
        const c = change(row, m.previous[k]);
        const good = c === null ? null : (c >= 0) === ((ctx.kpis[k]?.direction ?? 'higher') === 'higher');
        return el('div.month-stat', { dataset: { kpi: k, raw: String(row.value) } },
          el('p.stat-label', { text: kpiName(k) }), el('p.month-value', { text: fmtValue(row.value, row.unit) }),
          el(`p.tile-change${good === null ? '' : good ? '.good' : '.bad'}`, {
            text: c === null ? t('overview.noPrevious', { period: t('period.prevName.month') })
              : t('overview.change', { change: `${c >= 0 ? '▲' : '▼'} ${percent(Math.abs(c), 1)}`, period: t('period.previous.month') }),
          }));
      })));
  }

  function tileKpis() {
    const have = Object.keys(state.current).filter((k) => state.current[k].value !== null);
    const ordered = [...HEADLINE.filter((k) => have.includes(k)), ...have.filter((k) => !HEADLINE.includes(k))];
    return ordered.slice(0, MAX_TILES);
  }

  function tile(k) {
    const row = state.current[k];
    const prev = state.previous[k];
    const unit = row.unit;
    const better = ctx.kpis[k]?.direction ?? 'higher';
    const node = el('article.tile', { dataset: { kpi: k, raw: String(row.value) }, tabindex: '0' });
    const delta = prev && prev.value ? ((row.value - prev.value) / Math.abs(prev.value)) * 100 : null;
    const good = delta === null ? null : (delta >= 0) === (better === 'higher');
    node.append(
      el('h2.tile-name', { text: kpiName(k) }),
      el('p.tile-value', { text: fmtValue(row.value, unit) }),
      el('p.tile-change', { class: `tile-change ${good === null ? '' : good ? 'good' : 'bad'}` },
        delta === null ? t('overview.noPrevious', { period: t(`period.prevName.${kind}`) })
          : t('overview.change', { change: `${delta >= 0 ? '▲' : '▼'} ${percent(Math.abs(delta), 1)}`, period: t(`period.previous.${kind}`) })),
      sparkline(state.spark[k] || [], good === null ? undefined : good));
    node.setAttribute('aria-label', `${kpiName(k)}: ${fmtValue(row.value, unit)}`);
    return node;
  }

  // While the history has fewer than two finer periods (a demo's first hour), the chart shows the current period's
  // money KPIs as they arrive on the stream, sampled every few seconds since the page opened.
  const MONEY = ['revenue', 'gross_profit', 'spend'];
  const LIVE_EVERY_MS = 5000;
  let live = { times: [], series: {} };
  let latest = {};
  let liveMode = false;

  function seedLive() {
    live = { times: [], series: {} };
    latest = {};
    MONEY.forEach((k) => { if (state.current[k]) latest[k] = state.current[k].value; });
    sampleLive();
  }

  function sampleLive() {
    const kpis = MONEY.filter((k) => latest[k] !== undefined);
    if (!kpis.length) return;
    live.times.push(new Date());
    for (const k of kpis) {
      (live.series[k] ||= new Array(live.times.length - 1).fill(null)).push(latest[k]);
    }
    Object.keys(live.series).filter((k) => !kpis.includes(k)).forEach((k) => live.series[k].push(null));
  }

  const liveTimer = setInterval(() => {
    if (!state || !liveMode) return;
    sampleLive();
    const kpis = Object.keys(live.series);
    if (big && live.times.length >= 2) big.update(kpis.map((k) => ({ label: kpiName(k), values: live.series[k] })), live.times);
    else if (live.times.length >= 2) render();
  }, LIVE_EVERY_MS);

  function moneyChart(chartCard) {
    const money = MONEY.filter((k) => state.spark[k]);
    liveMode = state.times.length < 2;
    if (!liveMode && money.length) {
      big = chart(state.times.map((x) => new Date(x)), money.map((k) => ({ label: kpiName(k), values: state.spark[k] })),
        'money', state.sub);
      chartCard.append(el('h2.card-title', { text: t('overview.chart', { period: t(`period.by.${state.sub}`) }) }), big.node);
      return;
    }
    const kpis = Object.keys(live.series);
    if (live.times.length >= 2 && kpis.length) {
      big = chart(live.times, kpis.map((k) => ({ label: kpiName(k), values: live.series[k] })), 'money', 'hour');
      chartCard.append(el('h2.card-title', { text: t('overview.chartLive', { period: t(`period.this.${kind}`) }) }), big.node);
    } else {
      chartCard.append(el('h2.card-title', { text: t('overview.chartTitle') }), empty(t('overview.chartWaiting')));
    }
  }

  function render() {
    renderHead();
    const kpis = tileKpis();
    if (!kpis.length) {
      body.replaceChildren(empty(t('overview.empty', { period: periodName(kind, state.label) }), t('overview.emptyHint')));
      return;
    }
    const tiles = el('div.tiles#tiles', kpis.map(tile));
    if (big) big.destroy();
    big = null;
    const chartCard = el('section.card');
    moneyChart(chartCard);
    body.replaceChildren(tiles, monthStrip() || '', chartCard);
  }

  // Live: a company value of the shown period replaces the tile's; a finer one moves the sparkline.
  off.push(api.on('kpi', (v) => {
    if (!state || v.scope !== 'company') return;
    if (state.month && v.period === 'month' && same(v.periodStart, state.month.currentStart)) {
      state.month.current[v.kpi] = v;
      const strip = body.querySelector('#month');
      const fresh = monthStrip();
      if (strip && fresh && HEADLINE.includes(v.kpi)) strip.replaceWith(fresh);
      return;
    }
    if (v.period === kind) {
      const newer = state.start ? Date.parse(v.periodStart) > Date.parse(state.start) : Date.parse(v.periodStart) > Date.parse(state.from);
      if (newer) { load(); return; }
      if (!same(v.periodStart, state.start)) return;
      const had = state.current[v.kpi];
      state.current[v.kpi] = v;
      if (MONEY.includes(v.kpi)) latest[v.kpi] = v.value;
      const node = body.querySelector(`.tile[data-kpi="${v.kpi}"]`);
      if (node) {
        const fresh = tile(v.kpi);
        node.replaceWith(fresh);
        if (!had || had.value !== v.value) flash(fresh.querySelector('.tile-value'), `tile|${v.kpi}`);
      } else if (v.value !== null && tileKpis().includes(v.kpi)) {
        render();
      }
    } else if (v.period === state.sub) {
      let i = state.times.findIndex((x) => same(x, v.periodStart));
      if (i < 0) {
        if (!state.times.length || Date.parse(v.periodStart) > Date.parse(state.times[state.times.length - 1])) {
          state.times.push(v.periodStart);
          Object.values(state.spark).forEach((a) => a.push(null));
          i = state.times.length - 1;
        } else return;
      }
      (state.spark[v.kpi] ||= new Array(state.times.length).fill(null))[i] = v.value;
    }
  }));

  load();
  return {
    relabel: () => (state ? render() : renderHead()),
    unmount: () => { seq++; clearInterval(liveTimer); off.forEach((f) => f()); if (big) big.destroy(); },
  };
}
