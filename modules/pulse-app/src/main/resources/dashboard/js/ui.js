// Small DOM helpers shared by the views: elements, empty and error states, the period switcher, sparklines and
// uPlot charts.
import uPlot from '/vendor/uplot.js';
import { t, tickName, value as fmtValue } from './i18n.js';

/** An element: el('div.card#id', {attr: v, onclick: fn}, child, 'text', ...). */
export function el(spec, attrs, ...children) {
  const [tagAndClasses, id] = spec.split('#');
  const [tag, ...classes] = tagAndClasses.split('.');
  const e = document.createElement(tag || 'div');
  if (classes.length) e.className = classes.join(' ');
  if (id) e.id = id;
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
  } else if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** An empty state that says why. */
export function empty(message, hint) {
  return el('div.empty', { role: 'status' }, el('p.empty-title', { text: message }), hint ? el('p.muted', { text: hint }) : null);
}

/** An error from the API: 403 says the caller may not see it, anything else what went wrong. */
export function failure(err) {
  const key = err.status === 403 ? 'error.forbidden' : err.status === 0 ? 'error.offline' : 'error.failed';
  return el('div.empty.error', { role: 'alert' }, el('p.empty-title', { text: t(key) }),
    el('p.muted', { text: err.message }));
}

/** Buttons hour/day/... as a radio group; `onchange(kind)`. */
export function periodSwitcher(kinds, current, onchange) {
  const group = el('div.seg', { role: 'radiogroup', 'aria-label': t('period.label') });
  for (const k of kinds) {
    const b = el('button', {
      type: 'button', role: 'radio', 'aria-checked': String(k === current), dataset: { period: k },
      tabindex: k === current ? '0' : '-1', text: t(`period.${k}`),
      onclick: () => onchange(k),
    });
    group.append(b);
  }
  group.addEventListener('keydown', (e) => {
    const i = kinds.indexOf(current);
    let n = -1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') n = (i + 1) % kinds.length;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') n = (i - 1 + kinds.length) % kinds.length;
    if (n >= 0) {
      e.preventDefault();
      onchange(kinds[n]);
      requestAnimationFrame(() => document.querySelector(`.seg [data-period="${kinds[n]}"]`)?.focus());
    }
  });
  return group;
}

/** A sparkline of values (nulls skipped) as inline SVG. */
export function sparkline(values, good) {
  const w = 120;
  const h = 32;
  const pts = values.map((v, i) => [i, v]).filter(([, v]) => v !== null && v !== undefined);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('class', `spark ${good === false ? 'down' : ''}`);
  svg.setAttribute('aria-hidden', 'true');
  if (pts.length < 2) return svg;
  const xs = Math.max(1, values.length - 1);
  const min = Math.min(...pts.map((p) => p[1]));
  const max = Math.max(...pts.map((p) => p[1]));
  const span = max - min || 1;
  const coords = pts.map(([i, v]) => `${((i / xs) * (w - 4) + 2).toFixed(1)},${(h - 3 - ((v - min) / span) * (h - 6)).toFixed(1)}`);
  const area = document.createElementNS(svg.namespaceURI, 'polygon');
  const first = coords[0].split(',')[0];
  const last = coords[coords.length - 1].split(',')[0];
  area.setAttribute('points', `${first},${h} ${coords.join(' ')} ${last},${h}`);
  area.setAttribute('class', 'area');
  const line = document.createElementNS(svg.namespaceURI, 'polyline');
  line.setAttribute('points', coords.join(' '));
  svg.append(area, line);
  return svg;
}

const PALETTE = ['#3b5bdb', '#0ca678', '#f08c00', '#ae3ec9', '#e03131', '#1098ad'];

/**
 * A time chart with uPlot: `series` is [{label, values}] over `times` (Date[]), all in one unit; `bars` for one
 * series of amounts per period (a count or money of each hour), lines otherwise; `slots`, the number of finer
 * periods in the whole period, widens the x axis to all of it (the day's 24 hours while only some have passed).
 * Resizes with its container.
 * Returns {node, update, destroy}.
 */
export function chart(times, series, unit, subKind, height = 260, bars = false, slots = 0) {
  const node = el('div.chart');
  const data = [times.map((d) => d.getTime() / 1000), ...series.map((s) => s.values)];
  let plot = null;
  // half a period, so the first and the last bar are whole
  const STEP = { hour: 3600, day: 86400, week: 604800 };
  const step = () => (data[0].length > 1 ? data[0][1] - data[0][0] : STEP[subKind] || 86400);
  const half = () => step() / 2;
  const last = (max) => (slots && STEP[subKind] ? Math.max(max, data[0][0] + (slots - 1) * step()) : max);
  const everySlot = (u) => {
    const out = [];
    for (let x = u.data[0][0]; x <= last(u.data[0][u.data[0].length - 1]); x += step()) out.push(x);
    return out.filter((x, i, a) => a.length <= 12 || i % Math.ceil(a.length / 12) === 0);
  };
  const opts = (width) => ({
    width, height,
    legend: { show: series.length > 1 },
    cursor: { points: { size: 7 } },
    scales: bars ? { x: { time: true, range: (u, min, max) => [min - half(), last(max) + half()] }, y: { range: (u, min, max) => [0, max * 1.1 || 1] } }
      : { x: { time: true } },
    axes: [
      { stroke: '#5c6370', grid: { stroke: '#eef0f4' }, ticks: { stroke: '#dfe3ea' },
        // ticks at the periods themselves while there are few of them, not at uPlot's round minutes
        splits: bars && slots && STEP[subKind] ? everySlot : bars || times.length <= 12 ? (u) => u.data[0].slice() : undefined,
        values: (u, splits) => splits.map((s) => tickName(subKind, new Date(s * 1000))) },
      { stroke: '#5c6370', grid: { stroke: '#eef0f4' }, ticks: { stroke: '#dfe3ea' }, size: 70,
        values: (u, splits) => splits.map((s) => fmtValue(s, unit, true)) },
    ],
    series: [
      { value: (u, v) => (v === null ? '' : tickName(subKind, new Date(v * 1000))) },
      ...series.map((s, i) => ({
        label: s.label, stroke: PALETTE[i % PALETTE.length], width: bars ? 0 : 2, spanGaps: !bars,
        fill: bars ? 'rgba(59,91,219,0.75)' : series.length === 1 ? 'rgba(59,91,219,0.08)' : undefined,
        paths: bars ? uPlot.paths.bars({ size: [0.6, 48] }) : undefined,
        points: { show: !bars && times.length < 40 },
        value: (u, v) => fmtValue(v, unit),
      })),
    ],
  });
  const ro = new ResizeObserver(() => {
    const w = Math.max(240, node.clientWidth);
    if (!plot) plot = new uPlot(opts(w), data, node);
    else plot.setSize({ width: w, height });
  });
  ro.observe(node);
  return {
    node,
    /** New values, and new times when given (a live series grows). */
    update(newSeries, newTimes) {
      if (newTimes) data[0] = newTimes.map((d) => d.getTime() / 1000);
      data.length = 1;
      data.push(...newSeries.map((s) => s.values));
      if (plot) plot.setData(data);
    },
    destroy() { ro.disconnect(); if (plot) plot.destroy(); },
  };
}

const lastFlash = new Map();

/**
 * Briefly tints a number that changed. At most once every few seconds per `key`: with hundreds of events a
 * second everything changes all the time, and a page that blinks everywhere says nothing.
 */
export function flash(node, key) {
  const now = Date.now();
  if (key && now - (lastFlash.get(key) || 0) < 4000) return;
  if (key) lastFlash.set(key, now);
  node.classList.remove('flash');
  void node.offsetWidth; // restart the animation
  node.classList.add('flash');
}
