import { Cutoff, HistoryQuery } from '@clause-ledger/projections';
import { positionFromString } from '@clause-ledger/event-store';
import { isIsoDate } from '@clause-ledger/domain';
import { InvalidInputException } from '../http/invalid-input';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const POSITION = /^\d{1,19}(\/\d{1,19})?$/;
const MAX_PAGE_SIZE = 500;

const invalid = (field: string, rule: string, message: string) => new InvalidInputException([{ field, rule, message }]);

/** An ISO instant, or a bare date (its whole day); normalised to UTC so it compares with recordedAt. */
export function instantOf(field: string, value: string, endOfDay = false): string {
  if (isIsoDate(value)) return endOfDay ? `${value}T23:59:59.999Z` : `${value}T00:00:00.000Z`;
  const time = INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw invalid(field, 'format', `${field} must be an ISO instant such as 2026-03-31T18:00:00Z or a date YYYY-MM-DD`);
  return new Date(time).toISOString();
}

/** `at`: a global position ("42" or "commit/prepare" as commands answer it) or an instant. */
export function cutoffOf(field: string, value: string): Cutoff {
  if (POSITION.test(value)) {
    const [commit, prepare = commit] = value.split('/');
    return { position: positionFromString(`${commit}/${prepare}`) };
  }
  try {
    return { instant: instantOf(field, value, true) };
  } catch {
    throw invalid(field, 'format', `${field} must be a position (as a command answers it, e.g. 42/42) or an ISO instant such as 2026-03-31T18:00:00Z`);
  }
}

export function monthOf(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw invalid('month', 'format', 'month must be a month YYYY-MM');
  return value;
}

export function historyQueryOf(raw: { kind?: string; from?: string; to?: string; page?: string; pageSize?: string }): HistoryQuery {
  const whole = (field: string, value: string | undefined, fallback: number, max: number) => {
    if (value === undefined) return fallback;
    if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > max) throw invalid(field, 'range', `${field} must be a whole number from 1 to ${max}`);
    return Number(value);
  };
  const kinds = raw.kind?.split(',').map((k) => k.trim()).filter(Boolean);
  if (kinds?.some((k) => !/^[A-Z][A-Za-z]{1,80}$/.test(k))) throw invalid('kind', 'format', 'kind must be event types such as HoursCorrected, comma-separated');
  return {
    ...(kinds?.length ? { kinds } : {}),
    ...(raw.from !== undefined ? { from: instantOf('from', raw.from) } : {}),
    ...(raw.to !== undefined ? { to: instantOf('to', raw.to, true) } : {}),
    page: whole('page', raw.page, 1, 1_000_000),
    pageSize: whole('pageSize', raw.pageSize, 100, MAX_PAGE_SIZE),
  };
}
