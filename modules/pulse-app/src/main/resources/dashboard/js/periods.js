// Calendar periods in the business time zone, as the local date-times the API accepts (2026-11-02T00:00 is read
// in the business zone), so the page never does offset arithmetic itself and days of 23 or 25 hours stay right.
import { localParts } from './i18n.js';

export const KINDS = ['hour', 'day', 'week', 'month', 'quarter', 'year'];

/** The finer period a chart of one period is drawn in, and how many of it. */
export const SUB = { hour: 'hour', day: 'hour', week: 'day', month: 'day', quarter: 'week', year: 'month' };

const pad = (n) => String(n).padStart(2, '0');
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function iso(y, m, d, h = 0) {
  // normalise through UTC arithmetic on the calendar (no zone involved)
  const c = new Date(Date.UTC(y, m - 1, d, h));
  return `${c.getUTCFullYear()}-${pad(c.getUTCMonth() + 1)}-${pad(c.getUTCDate())}T${pad(c.getUTCHours())}:00`;
}

/** The local start of the period of `kind` containing now, shifted by `offset` periods (-1: the previous one). */
export function start(kind, offset = 0, now = new Date()) {
  const p = localParts(now);
  switch (kind) {
    case 'hour': return iso(p.year, p.month, p.day, p.hour + offset);
    case 'day': return iso(p.year, p.month, p.day + offset);
    case 'week': return iso(p.year, p.month, p.day - WEEKDAYS.indexOf(p.weekday) + 7 * offset);
    case 'month': return iso(p.year, p.month + offset, 1);
    case 'quarter': return iso(p.year, Math.floor((p.month - 1) / 3) * 3 + 1 + 3 * offset, 1);
    default: return iso(p.year + offset, 1, 1);
  }
}

/** Where a chart of the current `kind` period starts: the period's start, or the last 24 hours for an hour. */
export function chartFrom(kind) {
  return kind === 'hour' ? start('hour', -23) : start(kind);
}

/** Whether two period names (ISO offset date-times) are the same instant. */
export function same(a, b) {
  return a && b && Date.parse(a) === Date.parse(b);
}
