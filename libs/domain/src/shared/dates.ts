import { ruleBroken } from './domain-error';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function isIsoMonth(value: string): boolean {
  const m = ISO_MONTH.exec(value);
  return !!m && +m[2] >= 1 && +m[2] <= 12;
}

export function requireIsoDate(value: string, field: string): void {
  if (!isIsoDate(value)) throw ruleBroken('INVALID_DATE', `${field} must be a calendar date YYYY-MM-DD, got "${value}"`, field);
}

export function requireIsoMonth(value: string, field: string): void {
  if (!isIsoMonth(value)) throw ruleBroken('INVALID_MONTH', `${field} must be a month YYYY-MM, got "${value}"`, field);
}

/** ISO dates and months compare correctly as strings. */
export const monthOf = (isoDate: string): string => isoDate.slice(0, 7);
export const firstDayOf = (month: string): string => `${month}-01`;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** Days in month `m` (1-12) of year `y`, by arithmetic: alert rules call this for every month of every placement. */
function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1];
}

export function lastDayOf(month: string): string {
  const dash = month.indexOf('-');
  return `${month}-${daysInMonth(Number(month.slice(0, dash)), Number(month.slice(dash + 1)))}`;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Full years between a birth date and a date (the age on that date). */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Does the month share at least one day with the period [start, end]? */
export function monthOverlaps(month: string, start: string, end: string): boolean {
  return firstDayOf(month) <= end && lastDayOf(month) >= start;
}

/** The same day `months` later, clamped to the month's last day (2026-08-31 + 6 months = 2027-02-28). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const [year, monthNumber] = [Math.floor(total / 12), (total % 12) + 1];
  const day = Math.min(d, daysInMonth(year, monthNumber));
  return `${year}-${monthNumber < 10 ? '0' : ''}${monthNumber}-${day < 10 ? '0' : ''}${day}`;
}
