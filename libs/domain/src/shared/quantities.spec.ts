import { refusalOf } from '../testing/given-when-then';
import { exactCentiHours, fromCentiHours, requireWholeNonNegative, toBasisPoints, toCentiHours } from './quantities';

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
