import { refusalOf } from '../testing/given-when-then';
import {
  FTE_HOURS, centiOfWholeHours, elapsedPercent, elapsedShare, exactCentiHours, fromCentiHours, fteOf, isBelowPercentOf, penaltyCents, percentOf, shareInHundredthsOfPercent, proRataCenti,
  remainingCenti, remainingCentiOfLots, requireWholeNonNegative, sumOf, toBasisPoints, toCentiHours,
} from './quantities';

describe('hours as hundredths of an hour', () => {
  it('converts hours with up to 2 decimals to whole hundredths without floating-point drift', () => {
    expect([toCentiHours(151.67), toCentiHours(0.1), toCentiHours(0.29), toCentiHours(4.35), toCentiHours(208), toCentiHours(0)]).toEqual([15167, 10, 29, 435, 20800, 0]);
  });
  it('gives the hours back from hundredths', () => {
    expect([fromCentiHours(15167), fromCentiHours(10)]).toEqual([151.67, 0.1]);
  });
  it('refuses more than 2 decimals', () => {
    expect(refusalOf(() => toCentiHours(10.005))).toEqual({ kind: 'rule', code: 'TOO_MANY_DECIMALS', field: 'hours' });
  });
  it('refuses negative hours', () => {
    expect(refusalOf(() => toCentiHours(-0.01))).toEqual({ kind: 'rule', code: 'NEGATIVE_HOURS', field: 'hours' });
  });
  it('refuses what is not a finite number', () => {
    expect([NaN, Infinity].map((h) => refusalOf(() => toCentiHours(h)))).toEqual([
      { kind: 'rule', code: 'INVALID_HOURS', field: 'hours' },
      { kind: 'rule', code: 'INVALID_HOURS', field: 'hours' },
    ]);
  });
  it('a command\'s hours are exactly hundredths: float noise and tiny fractions are refused, not rounded', () => {
    expect([0.1 + 0.2, 1e-7, 10.005].map((h) => refusalOf(() => exactCentiHours(h)))).toEqual([
      { kind: 'rule', code: 'TOO_MANY_DECIMALS', field: 'hours' },
      { kind: 'rule', code: 'TOO_MANY_DECIMALS', field: 'hours' },
      { kind: 'rule', code: 'TOO_MANY_DECIMALS', field: 'hours' },
    ]);
    expect([exactCentiHours(0.3), exactCentiHours(151.67), exactCentiHours(0.29)]).toEqual([30, 15167, 29]);
  });
  it('hours read back from an older event round its float noise away', () => {
    expect(toCentiHours(0.1 + 0.2)).toBe(30);
  });
  it('names the field the hours came from', () => {
    expect(refusalOf(() => toCentiHours(-1, 'previousHours'))).toEqual({ kind: 'rule', code: 'NEGATIVE_HOURS', field: 'previousHours' });
  });
});

describe('percentages as basis points', () => {
  it('converts a percentage with up to 2 decimals to basis points', () => {
    expect([toBasisPoints(50, 'p'), toBasisPoints(33.33, 'p'), toBasisPoints(1.15, 'p'), toBasisPoints(0.01, 'p'), toBasisPoints(100, 'p')]).toEqual([5000, 3333, 115, 1, 10000]);
  });
  it('refuses more than 2 decimals', () => {
    expect(refusalOf(() => toBasisPoints(5.125, 'target.insertionRatePercent'))).toEqual({ kind: 'rule', code: 'TOO_MANY_DECIMALS', field: 'target.insertionRatePercent' });
  });
  it('refuses a percentage that rounds to no basis point at all, or is a hundredth plus float noise', () => {
    expect([0.001, 0.000000001, 1e-7, 33.33 + 1e-12, 0.1 + 0.2].map((p) => refusalOf(() => toBasisPoints(p, 'p')))).toEqual(
      Array(5).fill({ kind: 'rule', code: 'TOO_MANY_DECIMALS', field: 'p' }),
    );
  });
  it('is above 0 and at most 100', () => {
    expect([0, -5, 100.01, NaN].map((p) => refusalOf(() => toBasisPoints(p, 'p')).code)).toEqual(['INVALID_PERCENT', 'INVALID_PERCENT', 'INVALID_PERCENT', 'INVALID_PERCENT']);
  });
});

describe('whole amounts', () => {
  it('accept 0 and 2,000,000,000.00 € in cents', () => {
    expect(() => [0, 200_000_000_000].forEach((cents) => requireWholeNonNegative(cents, 'amountCents', 'euro cents'))).not.toThrow();
  });
  it('refuse negative, fractional and unsafe integers', () => {
    expect([-1, 10.5, 2 ** 53].map((cents) => refusalOf(() => requireWholeNonNegative(cents, 'amountCents', 'euro cents')))).toEqual([
      { kind: 'rule', code: 'INVALID_AMOUNT', field: 'amountCents' },
      { kind: 'rule', code: 'INVALID_AMOUNT', field: 'amountCents' },
      { kind: 'rule', code: 'INVALID_AMOUNT', field: 'amountCents' },
    ]);
  });
});

describe('the figures\' arithmetic (one module for tracking, alerts and bilans)', () => {
  it('sums hours as whole hundredths: 0.1 + 0.2 is 0.3 exactly, where floating-point hours would drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(fromCentiHours(sumOf([0.1, 0.2].map((h) => toCentiHours(h))))).toBe(0.3);
    const month = toCentiHours(151.67);
    expect(fromCentiHours(sumOf(Array(12).fill(month)))).toBe(1820.04);
    expect(Number.isInteger(sumOf(Array(12).fill(month)))).toBe(true);
  });
  it('takes whole-hour targets to hundredths exactly', () => {
    expect([centiOfWholeHours(833), centiOfWholeHours(0)]).toEqual([83300, 0]);
  });

  it('gives a percentage with one decimal, halves rounded up, computed on whole numbers', () => {
    expect([percentOf(1, 8), percentOf(1, 16), percentOf(2, 3), percentOf(25177, 83300)]).toEqual([12.5, 6.3, 66.7, 30.2]);
    // 16.15 h of a 100 h target is exactly 16.15 %: on floating-point hours (16.15 × 1000 ÷ 100) it rounded down to 16.1
    expect(percentOf(toCentiHours(16.15), centiOfWholeHours(100))).toBe(16.2);
  });
  it('gives a share in hundredths of a percent as a whole number, halves rounded up, 0 of nothing', () => {
    expect([shareInHundredthsOfPercent(2, 3), shareInHundredthsOfPercent(1, 3), shareInHundredthsOfPercent(1, 8), shareInHundredthsOfPercent(3, 5), shareInHundredthsOfPercent(1, 0)])
      .toEqual([6667, 3333, 1250, 6000, 0]);
  });
  it('gives 0 % of a 0 target, and more than 100 % when the target is exceeded', () => {
    expect([percentOf(0, 0), percentOf(500, 0), percentOf(150, 100)]).toEqual([0, 0, 150]);
  });
  it('compares with a threshold on whole numbers, exactly at the limit', () => {
    expect([isBelowPercentOf(79, 100, 80), isBelowPercentOf(80, 100, 80), isBelowPercentOf(8000, 10001, 80)]).toEqual([true, false, true]);
  });

  it('owes what is left of a target, never less than nothing', () => {
    expect([remainingCenti(83300, 25177), remainingCenti(83300, 90000), remainingCenti(0, 100)]).toEqual([58123, 0, 0]);
  });
  it('does not let one lot\'s extra hours fill another lot\'s gap', () => {
    expect(remainingCentiOfLots([{ targetCenti: 10000, doneCenti: 15000 }, { targetCenti: 10000, doneCenti: 4000 }, { targetCenti: 0, doneCenti: 700 }])).toBe(6000);
  });

  describe('pro-rata of the execution period', () => {
    // 2026-01-05 to 2027-06-30: 542 days
    const start = '2026-01-05';
    const end = '2027-06-30';
    it('counts the first day as elapsed, nothing before the start and everything after the end', () => {
      expect([elapsedShare(start, end, '2026-01-04'), elapsedShare(start, end, start), elapsedShare(start, end, end), elapsedShare(start, end, '2030-01-01')])
        .toEqual([{ numerator: 0, denominator: 542 }, { numerator: 1, denominator: 542 }, { numerator: 542, denominator: 542 }, { numerator: 542, denominator: 542 }]);
    });
    it('expects the target times the elapsed days, to the nearest hundredth of an hour', () => {
      expect(fromCentiHours(proRataCenti(centiOfWholeHours(833), elapsedShare(start, end, start)))).toBe(1.54);
      expect(proRataCenti(centiOfWholeHours(833), elapsedShare(start, end, end))).toBe(83300);
      expect(proRataCenti(0, elapsedShare(start, end, '2026-06-15'))).toBe(0);
    });
    it('moves by exactly one day across month ends, February and a leap year included', () => {
      const year = (at: string) => elapsedShare('2028-01-01', '2028-12-31', at);
      expect([year('2028-01-31'), year('2028-02-01'), year('2028-02-29'), year('2028-03-01')].map((s) => s.numerator)).toEqual([31, 32, 60, 61]);
      expect(year('2028-03-01').denominator).toBe(366);
      expect([elapsedPercent(year('2028-06-30')), fromCentiHours(proRataCenti(centiOfWholeHours(366), year('2028-02-29')))]).toEqual([49.7, 60]);
    });
    it('handles a one-day execution period', () => {
      expect(elapsedShare('2026-03-31', '2026-03-31', '2026-03-31')).toEqual({ numerator: 1, denominator: 1 });
    });
  });

  it('counts full-time equivalents on 1,607 h a year, with 2 decimals', () => {
    expect(FTE_HOURS).toBe(1607);
    expect([fteOf(centiOfWholeHours(1607)), fteOf(toCentiHours(28900)), fteOf(0), fteOf(toCentiHours(803.5))]).toEqual([1, 17.98, 0, 0.5]);
  });

  it('prices missing hours in whole euro cents, to the nearest cent', () => {
    // 12.34 h missing at 30.00 €/h = 370.20 €; 0.01 h at 0.50 €/h = half a cent, rounded up
    expect([penaltyCents(toCentiHours(12.34), 3000), penaltyCents(1, 50), penaltyCents(0, 3000)]).toEqual([37020, 1, 0]);
    expect(Number.isInteger(penaltyCents(toCentiHours(581.23), 2999))).toBe(true);
  });
});
