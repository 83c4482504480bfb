// Message catalogs and locale formatting. Every visible string comes from i18n/<lang>.json; numbers, money,
// percentages and dates are formatted with Intl for the chosen language, dates in the business time zone.

const LANGS = ['en', 'ru'];
const LOCALES = { en: 'en-US', ru: 'ru-RU' };
const STORAGE_KEY = 'pulse.lang';

let lang = 'en';
let catalog = {};
let fallback = {};
let zone = 'UTC';
let currency = 'USD';
const listeners = new Set();

export function language() {
  return lang;
}

export function locale() {
  return LOCALES[lang];
}

/** The remembered language, else the browser's if we have it, else English. */
export function initialLanguage() {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (LANGS.includes(saved)) return saved;
  const browser = (navigator.language || 'en').slice(0, 2).toLowerCase();
  return LANGS.includes(browser) ? browser : 'en';
}

async function load(l) {
  const r = await fetch(`i18n/${l}.json`, { cache: 'no-cache' });
  if (!r.ok) throw new Error(`i18n/${l}.json: ${r.status}`);
  return r.json();
}

export async function setLanguage(l) {
  if (!LANGS.includes(l)) l = 'en';
  if (!Object.keys(fallback).length) fallback = await load('en');
  catalog = l === 'en' ? fallback : await load(l);
  lang = l;
  localStorage.setItem(STORAGE_KEY, l);
  document.documentElement.lang = l;
  translate(document);
  listeners.forEach((fn) => fn(l));
}

export function onLanguage(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Business time zone and currency from /api/v1/info. */
export function setContext(tz, cur) {
  zone = tz || 'UTC';
  currency = cur || 'USD';
}

export function timeZone() {
  return zone;
}

/** A message by key with {name} placeholders filled in; the key itself when no catalog has it. */
export function t(key, params) {
  let s = catalog[key] ?? fallback[key];
  if (s === undefined) return key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? m));
  return s;
}

/** A message with a plural form chosen by Intl.PluralRules: keys key.one, key.few, key.many, key.other. */
export function tn(key, n, params) {
  const form = new Intl.PluralRules(locale()).select(n);
  const k = catalog[`${key}.${form}`] !== undefined ? `${key}.${form}` : `${key}.other`;
  return t(k, { n: number(n), ...params });
}

/** Fills data-i18n (text), data-i18n-aria (aria-label), data-i18n-placeholder and data-i18n-title below root. */
export function translate(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-aria]').forEach((el) => el.setAttribute('aria-label', t(el.dataset.i18nAria)));
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder)));
  root.querySelectorAll('[data-i18n-title]').forEach((el) => el.setAttribute('title', t(el.dataset.i18nTitle)));
}

/** The display name of a KPI: the catalog's, else its id (a custom KPI the catalogs do not know). */
export function kpiName(id, short) {
  const k = `kpi.${id}`;
  if (short && (catalog[`kpiShort.${id}`] ?? fallback[`kpiShort.${id}`])) return catalog[`kpiShort.${id}`] ?? fallback[`kpiShort.${id}`];
  return catalog[k] ?? fallback[k] ?? id;
}

const cache = new Map();
function fmt(kind, opts) {
  const key = `${lang}|${kind}|${JSON.stringify(opts)}|${zone}|${currency}`;
  let f = cache.get(key);
  if (!f) {
    f = kind === 'n' ? new Intl.NumberFormat(locale(), opts) : new Intl.DateTimeFormat(locale(), { timeZone: zone, ...opts });
    cache.set(key, f);
  }
  return f;
}

export function number(v, digits) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const max = digits ?? (Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : 2);
  return fmt('n', { maximumFractionDigits: max, minimumFractionDigits: 0 }).format(v);
}

export function money(v, compact) {
  if (v === null || v === undefined) return '—';
  const big = Math.abs(v) >= 1000 || v === 0 || (compact && Number.isInteger(v));
  const opts = { style: 'currency', currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: big ? 0 : 2, minimumFractionDigits: big ? 0 : 2 };
  if (compact && Math.abs(v) >= 100000) Object.assign(opts, { notation: 'compact', maximumFractionDigits: 1, minimumFractionDigits: 0 });
  return fmt('n', opts).format(v);
}

/** A percentage given in points (99.0 means 99 %). */
export function percent(v, digits) {
  if (v === null || v === undefined) return '—';
  const d = digits ?? (Math.abs(v) >= 100 ? 0 : 1);
  return fmt('n', { style: 'percent', maximumFractionDigits: d, minimumFractionDigits: 0 }).format(v / 100);
}

/** A KPI value in its unit: count, money, percent, minutes, score, points. */
export function value(v, unit, compact) {
  if (v === null || v === undefined) return '—';
  switch (unit) {
    case 'money': return money(v, compact);
    case 'percent': return percent(v, 2);
    case 'minutes': return t('unit.minutes', { v: number(v, 1) });
    case 'score': return number(v, 2);
    case 'count': return compact && Math.abs(v) >= 100000
      ? fmt('n', { notation: 'compact', maximumFractionDigits: 1 }).format(v) : number(v, Number.isInteger(v) ? 0 : 1);
    default: return number(v);
  }
}

/** The name of a period by its start (ISO offset date-time) and kind, in the business time zone. */
export function periodName(kind, iso) {
  const d = new Date(iso);
  switch (kind) {
    case 'hour': return fmt('d', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(d);
    case 'day': return fmt('d', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
    case 'week': return t('period.weekOf', { date: fmt('d', { day: 'numeric', month: 'long', year: 'numeric' }).format(d) });
    case 'month': return fmt('d', { month: 'long', year: 'numeric' }).format(d);
    case 'quarter': {
      const p = localParts(d);
      return t('period.quarterName', { q: Math.floor((p.month - 1) / 3) + 1, year: p.year });
    }
    default: return String(localParts(d).year);
  }
}

/** A short axis label of a sub-period start. */
export function tickName(kind, date) {
  switch (kind) {
    case 'hour': return fmt('d', { hour: '2-digit', minute: '2-digit' }).format(date);
    case 'day': case 'week': return fmt('d', { day: 'numeric', month: 'short' }).format(date);
    case 'month': return fmt('d', { month: 'short' }).format(date);
    default: return fmt('d', { month: 'short', year: 'numeric' }).format(date);
  }
}

/** Date and time of an instant, the date left out when it is today. */
export function when(iso) {
  const d = new Date(iso);
  const today = localParts(new Date());
  const p = localParts(d);
  const sameDay = p.year === today.year && p.month === today.month && p.day === today.day;
  return sameDay ? fmt('d', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d)
    : fmt('d', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** Calendar fields of an instant in the business time zone. */
export function localParts(date) {
  const parts = {};
  fmt('d', { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', hourCycle: 'h23', weekday: 'short' })
    .formatToParts(date).forEach((p) => { parts[p.type] = p.value; });
  // the weekday in English, whatever the language, for the Monday of the week
  const wd = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short' }).format(date);
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, weekday: wd };
}
