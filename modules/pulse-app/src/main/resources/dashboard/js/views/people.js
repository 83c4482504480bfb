// People and teams: the KPI passport of SPEC §4. Each plan item's fact against its threshold, target and
// challenge as a bar with those marks; fulfillment, weight and what it earns; pace (expected by now) and the
// projection to the period's end at the current rate; total fulfillment, bonus so far and projected, payout.
// Virtual until the period closes, final after.
import * as api from '../api.js';
import { kpiName, money, percent, periodName, t, value as fmtValue } from '../i18n.js';
import { same } from '../periods.js';
import { el, empty, failure, periodSwitcher } from '../ui.js';

const SCOPES = ['team', 'employee'];

export default function people(root, ctx, args) {
  const periods = ['day', 'week', 'month', 'quarter', 'year'].filter((k) => ctx.info.periods.includes(k));
  let kind = sessionStorage.getItem('pulse.people.period') || (periods.includes('month') ? 'month' : periods[0]);
  let sel = args.length >= 2 ? { scope: args[0], id: args[1] } : null;
  let lists = {}; // scope -> {ids, scorecards, periodStart}
  let cards = {}; // scope|id -> scorecard
  let seq = 0;
  const off = [];

  const head = el('div.view-head');
  const body = el('div.people');
  root.append(head, body);

  const key = (scope, id) => `${scope}|${id}`;

  function periodStart() {
    return lists.employee?.periodStart || lists.team?.periodStart || null;
  }

  function renderHead() {
    head.replaceChildren(
      el('div', el('h1', { text: t('people.title') }), el('p.muted', { text: periodStart() ? periodName(kind, periodStart()) : '' })),
      periodSwitcher(periods, kind, (k) => { kind = k; sessionStorage.setItem('pulse.people.period', k); load(); }));
  }

  async function load() {
    const mine = ++seq;
    renderHead();
    body.replaceChildren(el('div.loading', { text: t('common.loading') }));
    try {
      const answers = await Promise.all(SCOPES.map((s) => api.api(`/api/v1/scopes/${s}?period=${kind}`)
        .catch((e) => (e.status === 403 ? { ids: [], scorecards: [], periodStart: null } : Promise.reject(e)))));
      if (mine !== seq) return;
      lists = {};
      SCOPES.forEach((s, i) => { lists[s] = answers[i]; });
      cards = {};
      await Promise.all(SCOPES.flatMap((s) => lists[s].scorecards.map((id) => api.api(`/api/v1/scorecards/${s}/${encodeURIComponent(id)}?period=${kind}`)
        .then((c) => { cards[key(s, id)] = c; }).catch(() => {}))));
      if (mine !== seq) return;
      render();
    } catch (e) {
      if (mine === seq) body.replaceChildren(failure(e));
    }
  }

  function entries(scope) {
    const l = lists[scope];
    if (!l) return [];
    return [...new Set([...l.scorecards, ...l.ids])].sort((a, b) => a.localeCompare(b));
  }

  /** Good at full pay: 100 % for the weighted and multiplicative models, 100 % per KPI for the cumulative one. */
  function status(card) {
    if (!card || card.totalFulfillment === null) return 'none';
    const full = card.bonusModel === 'cumulative' ? 100 * Math.max(1, card.items.length) : 100;
    const f = card.totalFulfillment / full;
    return f >= 1 ? 'good' : f >= 0.8 ? 'warn' : 'bad';
  }

  function listItem(scope, id) {
    const card = cards[key(scope, id)];
    const active = sel && sel.scope === scope && sel.id === id;
    return el('li', el('a.person', {
      href: `#people/${scope}/${encodeURIComponent(id)}`, 'aria-current': active ? 'true' : null, dataset: { scope, id },
    }, el('span.person-id', { text: id }),
    card ? el(`span.pill.${status(card)}`, { text: percent(card.totalFulfillment) })
      : el('span.pill.none', { text: t('people.noPlanShort') })));
  }

  function renderList() {
    const nav = el('nav.roster', { 'aria-label': t('people.roster') });
    for (const s of SCOPES) {
      const ids = entries(s);
      nav.append(el('h2.roster-title', { text: t(`scope.plural.${s}`) }),
        ids.length ? el('ul', ids.map((id) => listItem(s, id))) : el('p.muted.small', { text: t(`people.none.${s}`) }));
    }
    return nav;
  }

  function render() {
    renderHead();
    const all = SCOPES.flatMap((s) => entries(s).map((id) => ({ scope: s, id })));
    if (!all.length) {
      body.replaceChildren(empty(t('people.empty', { period: t(`period.this.${kind}`) }), t('people.emptyHint')));
      return;
    }
    if (!sel) {
      const planned = all.find((e) => e.scope === 'employee' && cards[key(e.scope, e.id)]) || all.find((e) => cards[key(e.scope, e.id)]) || all[0];
      sel = planned;
    }
    body.replaceChildren(renderList(), el('section.passport#passport', passport()));
  }

  function passport() {
    const card = cards[key(sel.scope, sel.id)];
    if (!card) {
      return [empty(t('people.noPlan', { id: sel.id, period: t(`period.this.${kind}`) }), t('people.noPlanHint'))];
    }
    const m = (v) => (v === null || v === undefined ? '—' : money(v));
    const summary = el('div.summary',
      stat('total', t('passport.total'), percent(card.totalFulfillment, 1), card.totalFulfillment,
        card.projectedTotalFulfillment !== null && !card.final ? t('passport.projectedTotal', { v: percent(card.projectedTotalFulfillment, 1) }) : null, status(card)),
      card.bonus === null ? null : stat('bonus', t('passport.bonus'), m(card.bonus), card.bonus,
        card.plannedBonus !== null ? t('passport.ofPlanned', { v: m(card.plannedBonus) }) : null),
      card.final || card.bonus === null ? null : stat('projected-bonus', t('passport.projectedBonus'), m(card.projectedBonus), card.projectedBonus,
        t(card.projectedTotalFulfillment === null ? 'passport.projectionLater' : 'passport.atThisRate')),
      card.baseSalary !== null ? stat('payout', t('passport.payout'), m(card.payout), card.payout,
        t('passport.salaryPlus', { v: m(card.baseSalary) })) : null);
    const badge = el(`span.badge-state.${card.final ? 'final' : 'virtual'}`, {
      text: t(card.final ? 'passport.final' : 'passport.virtual'), title: t(card.final ? 'passport.finalHint' : 'passport.virtualHint'),
    });
    return [
      el('header.passport-head',
        el('div', el('h2', { text: `${t(`scope.${sel.scope}`)} ${sel.id}` }),
          el('p.muted', { text: `${periodName(card.period, card.periodStart)} · ${t(`model.${card.bonusModel}`)}` })),
        badge),
      summary,
      el('ol.items', card.items.map((item) => itemRow(card, item))),
    ];
  }

  function stat(name, label, text, raw, note, tone) {
    return el(`div.stat.${name}${tone ? `.${tone}` : ''}`, { dataset: { raw: raw === null || raw === undefined ? '' : String(raw) } },
      el('p.stat-label', { text: label }), el('p.stat-value', { text }), note ? el('p.stat-note', { text: note }) : null);
  }

  function itemRow(card, item) {
    const unit = ctx.kpis[item.kpi]?.unit || 'count';
    const lower = item.scoring === 'inverse_ratio' || item.scoring === 'inverse_linear';
    const f = (v) => (v === null || v === undefined ? '—' : fmtValue(v, unit));
    const fact = item.fact;
    const worse = (a, b) => (lower ? a > b : a < b);
    let tone = 'none';
    if (fact !== null) {
      if (item.challenge !== null && !worse(fact, item.challenge)) tone = 'top';
      else if (!worse(fact, item.target)) tone = 'good';
      else if (item.threshold !== null && worse(fact, item.threshold)) tone = 'bad';
      else tone = 'warn';
    }
    const levels = [item.target, item.threshold, item.challenge, fact, item.projected].filter((v) => v !== null && v !== undefined);
    const scaleMax = Math.max(...levels, lower ? (item.threshold ?? item.target * 1.5) : 0) * 1.1 || 1;
    const pos = (v) => `${Math.max(0, Math.min(100, (v / scaleMax) * 100)).toFixed(2)}%`;
    const marks = [['threshold', item.threshold], ['target', item.target], ['challenge', item.challenge]]
      .filter(([, v]) => v !== null)
      .map(([name, v]) => el(`span.mark.${name}`, { style: `left:${pos(v)}`, title: `${t(`passport.mark.${name}`)}: ${f(v)}` },
        el('span.mark-label', { text: t(`passport.markShort.${name}`) })));
    const expectedMark = item.expected !== null && item.expected !== undefined && !card.final
      ? el('span.mark.expected', { style: `left:${pos(item.expected)}`, title: `${t('passport.mark.expected')}: ${f(item.expected)}` }) : null;
    const bar = el('div.bar', {
      role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': String(scaleMax), 'aria-valuenow': String(fact ?? 0),
      'aria-label': `${kpiName(item.kpi)}: ${f(fact)} / ${f(item.target)}`,
    }, el(`span.fill.${tone}`, { style: `width:${fact === null ? 0 : pos(fact)}` }), expectedMark, ...marks);

    const used = item.coefficient !== null ? item.coefficient * 100 : null;
    const notes = [];
    if (item.fulfillment !== null && used !== null && Math.abs(used - item.fulfillment) > 0.005) {
      notes.push(t(used === 0 ? 'passport.belowThreshold' : 'passport.capped', { v: percent(used, 1) }));
    }
    let earns = null;
    if (card.bonusModel === 'weighted' && card.plannedBonus !== null && item.weight !== null && item.coefficient !== null) {
      earns = card.plannedBonus * item.weight * item.coefficient;
    }
    const pace = [];
    // Nothing is expected before the period's working time begins: no pace to show then.
    if (!card.final && item.expected && item.target) {
      const need = (item.expected / item.target) * 100;
      const has = ((fact ?? 0) / item.target) * 100;
      pace.push(el(`span.pace.${has + 1e-9 >= need ? 'ok' : 'behind'}`, { text: t('passport.pace', { need: percent(need, 0), has: percent(has, 0) }) }));
    }
    if (!card.final && item.projected !== null && item.projected !== undefined) {
      pace.push(el('span.projection', { text: t('passport.projection', { v: f(item.projected), pct: percent(item.target ? (lower ? item.target / item.projected : item.projected / item.target) * 100 : null, 0) }) }));
    }
    return el('li.item', { dataset: { kpi: item.kpi } },
      el('div.item-head',
        el('h3', { text: kpiName(item.kpi) }),
        item.weight !== null && card.bonusModel === 'weighted' ? el('span.weight', { text: t('passport.weight', { v: percent(item.weight * 100, 0) }) }) : null,
        lower ? el('span.hint', { text: t('passport.lowerBetter') }) : null,
        el(`span.fulfillment.${tone}`, { dataset: { raw: item.fulfillment === null ? '' : String(item.fulfillment) }, text: percent(item.fulfillment, 1) })),
      bar,
      el('div.item-facts',
        el('span.fact', { dataset: { raw: fact === null ? '' : String(fact) } }, el('b', { text: f(fact) }), ' ', t('passport.of'), ' ', f(item.target)),
        item.threshold !== null ? el('span.muted', { text: `${t('passport.mark.threshold')} ${f(item.threshold)}` }) : null,
        item.challenge !== null ? el('span.muted', { text: `${t('passport.mark.challenge')} ${f(item.challenge)}` }) : null,
        earns !== null ? el('span.earns', { text: t('passport.earns', { v: money(earns) }) }) : null,
        ...notes.map((n) => el('span.note', { text: n }))),
      pace.length ? el('div.item-pace', pace) : null);
  }

  off.push(api.on('scorecard', (c) => {
    if (!SCOPES.includes(c.scope) || c.period !== kind || !same(c.periodStart, periodStart())) return;
    const k = key(c.scope, c.scopeId);
    const isNew = !cards[k];
    cards[k] = c;
    if (isNew && !lists[c.scope].scorecards.includes(c.scopeId)) lists[c.scope].scorecards.push(c.scopeId);
    const link = body.querySelector(`.roster a[data-scope="${c.scope}"][data-id="${CSS.escape(c.scopeId)}"]`);
    if (!link || isNew) { render(); return; }
    link.parentElement.replaceWith(listItem(c.scope, c.scopeId));
    if (sel && sel.scope === c.scope && sel.id === c.scopeId) {
      const p = body.querySelector('#passport');
      if (p) p.replaceChildren(...passport().filter(Boolean));
    }
  }));

  load();
  return {
    navigate: (a) => {
      if (a.length >= 2) {
        sel = { scope: a[0], id: a[1] };
        if (Object.keys(lists).length) render();
      }
    },
    relabel: () => render(),
    unmount: () => { seq++; off.forEach((f) => f()); },
  };
}
