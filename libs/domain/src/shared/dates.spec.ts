import { addDays, addMonths, ageOn, daysBetween, isIsoDate, isIsoMonth, lastDayOf, monthOf, monthOverlaps, requireIsoDate, requireIsoMonth } from './dates';
import { refusalOf } from '../testing/given-when-then';

describe('calendar dates', () => {
  it('a date is a real calendar day written YYYY-MM-DD, 29 February only in leap years', () => {
    expect(['2026-02-28', '2028-02-29', '2026-12-31'].map(isIsoDate)).toEqual([true, true, true]);
  });
  it('days that do not exist are not dates: 2026-02-30, 2026-02-29, 2026-04-31, month 13 or 00', () => {
    expect(['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00'].map(isIsoDate)).toEqual([false, false, false, false, false, false]);
  });
  it('other spellings are not dates', () => {
    expect(['26-02-01', '2026-2-1', '01/02/2026', '2026-02-01T00:00:00Z', ''].map(isIsoDate)).toEqual([false, false, false, false, false]);
  });
  it('a month is YYYY-MM with a month from 01 to 12', () => {
    expect(['2026-01', '2026-12', '2026-13', '2026-00', '2026-3', '2026-03-01'].map(isIsoMonth)).toEqual([true, true, false, false, false, false]);
  });
  it('a refused date names the field it came from', () => {
    expect(refusalOf(() => requireIsoDate('2026-02-30', 'executionStart'))).toEqual({ kind: 'rule', code: 'INVALID_DATE', field: 'executionStart' });
    expect(refusalOf(() => requireIsoMonth('2026-13', 'month'))).toEqual({ kind: 'rule', code: 'INVALID_MONTH', field: 'month' });
  });
  it('a month ends on its last day, leap years included', () => {
    expect([lastDayOf('2026-02'), lastDayOf('2028-02'), lastDayOf('2026-04'), lastDayOf('2026-12')]).toEqual(['2026-02-28', '2028-02-29', '2026-04-30', '2026-12-31']);
  });
  it('the month of a date is its first seven characters', () => {
    expect(monthOf('2026-03-31')).toBe('2026-03');
  });
});

describe('adding months', () => {
  it('keeps the day of the month, across the year end', () => {
    expect([addMonths('2026-01-15', 12), addMonths('2026-09-10', 6), addMonths('2026-02-02', 6)]).toEqual(['2027-01-15', '2027-03-10', '2026-08-02']);
  });
  it('clamps to the last day of the target month when the day does not exist there', () => {
    expect([addMonths('2026-08-31', 6), addMonths('2027-08-31', 6), addMonths('2026-01-31', 3), addMonths('2026-11-30', 3)]).toEqual(['2027-02-28', '2028-02-29', '2026-04-30', '2027-02-28']);
  });
  it('goes back in time with a negative number of months', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });
});

describe('days', () => {
  it('counts whole days between two dates, negative when going back', () => {
    expect([daysBetween('2026-03-01', '2026-03-31'), daysBetween('2026-03-29', '2026-03-30'), daysBetween('2026-03-31', '2026-03-01')]).toEqual([30, 1, -30]);
  });
  it('adds days across months and leap days', () => {
    expect([addDays('2028-02-28', 1), addDays('2026-02-28', 1), addDays('2026-01-01', -1)]).toEqual(['2028-02-29', '2026-03-01', '2025-12-31']);
  });
});

describe('age', () => {
  it('a person turns a year older on their birthday, not the day before', () => {
    expect([ageOn('2000-06-15', '2026-06-14'), ageOn('2000-06-15', '2026-06-15')]).toEqual([25, 26]);
  });
  it('a person born on 29 February turns a year older on 1 March in common years', () => {
    expect([ageOn('2008-02-29', '2026-02-28'), ageOn('2008-02-29', '2026-03-01'), ageOn('2008-02-29', '2028-02-29')]).toEqual([17, 18, 20]);
  });
});

describe('a month and a period', () => {
  const [start, end] = ['2026-03-31', '2026-05-01'];
  it('overlap when the period starts on the month\'s last day', () => {
    expect(monthOverlaps('2026-03', start, end)).toBe(true);
  });
  it('overlap when the period ends on the month\'s first day', () => {
    expect(monthOverlaps('2026-05', start, end)).toBe(true);
  });
  it('overlap when the month lies inside the period', () => {
    expect(monthOverlaps('2026-04', start, end)).toBe(true);
  });
  it('do not overlap when the month is wholly before or after the period', () => {
    expect([monthOverlaps('2026-02', start, end), monthOverlaps('2026-06', start, end)]).toEqual([false, false]);
  });
});

describe('month arithmetic agrees with the calendar', () => {
  const calendarLastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

  it('gives the last day of every month from 2000 to 2100 (leap years, 2000 and 2100 included)', () => {
    for (let y = 2000; y <= 2100; y++) {
      for (let m = 1; m <= 12; m++) {
        const month = `${y}-${String(m).padStart(2, '0')}`;
        expect(lastDayOf(month)).toBe(`${month}-${calendarLastDay(y, m)}`);
      }
    }
  });

  it('adds months to the 28th-31st of any month, clamping to the target month\'s last day', () => {
    for (const start of ['2024-01-31', '2024-02-29', '2023-03-30', '2099-12-28', '2000-08-31']) {
      for (let n = -30; n <= 30; n++) {
        const [y, m, d] = start.split('-').map(Number);
        const target = new Date(Date.UTC(y, m - 1 + n, 1));
        const day = Math.min(d, calendarLastDay(target.getUTCFullYear(), target.getUTCMonth() + 1));
        expect(addMonths(start, n)).toBe(`${target.toISOString().slice(0, 8)}${String(day).padStart(2, '0')}`);
      }
    }
  });
});
