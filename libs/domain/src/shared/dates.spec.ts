import { addMonths, ageOn, isIsoDate, isIsoMonth, lastDayOf, monthOverlaps } from './dates';
import { toCentiHours } from './quantities';

describe('dates', () => {
  it('a date is a real calendar day', () => {
    expect([isIsoDate('2026-02-28'), isIsoDate('2028-02-29'), isIsoDate('2026-02-29'), isIsoDate('2026-02-30'), isIsoDate('26-02-01')]).toEqual([true, true, false, false, false]);
    expect([isIsoMonth('2026-12'), isIsoMonth('2026-13'), isIsoMonth('2026-00')]).toEqual([true, false, false]);
  });
  it('months end on their last day, leap years included', () => {
    expect([lastDayOf('2026-02'), lastDayOf('2028-02'), lastDayOf('2026-04')]).toEqual(['2026-02-28', '2028-02-29', '2026-04-30']);
  });
  it('adding months clamps to the last day of the target month', () => {
    expect([addMonths('2026-08-31', 6), addMonths('2026-01-15', 12), addMonths('2026-11-30', 3)]).toEqual(['2027-02-28', '2027-01-15', '2027-02-28']);
  });
  it('age turns on the birthday', () => {
    expect([ageOn('2000-06-15', '2026-06-14'), ageOn('2000-06-15', '2026-06-15')]).toEqual([25, 26]);
  });
  it('a month overlaps a period when they share a day', () => {
    expect([monthOverlaps('2026-03', '2026-03-31', '2026-05-01'), monthOverlaps('2026-05', '2026-03-31', '2026-05-01'), monthOverlaps('2026-06', '2026-03-31', '2026-05-01')]).toEqual([true, true, false]);
  });
});

describe('hours as hundredths', () => {
  it('converts without floating-point drift', () => {
    expect([toCentiHours(151.67), toCentiHours(0.1), toCentiHours(0.29), toCentiHours(208)]).toEqual([15167, 10, 29, 20800]);
  });
});
