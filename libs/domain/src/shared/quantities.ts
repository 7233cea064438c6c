import { daysBetween } from './dates';
import { ruleBroken } from './domain-error';

/**
 * The one arithmetic of the clause's figures, shared by execution tracking, alerts and bilans so the
 * three can never disagree. Hours travel as numbers with at most 2 decimals; every sum is done on
 * integer hundredths of an hour ("centi-hours") so that no total carries floating-point drift;
 * targets are whole hours, money is whole euro cents. `toCentiHours` reads hours back from events:
 * those recorded before `exactCentiHours` guarded commands may carry float noise
 * (0.30000000000000004), which rounds away here instead of stopping a projection.
 */
export type CentiHours = number;

export function toCentiHours(hours: number, field = 'hours'): number {
  if (!Number.isFinite(hours)) throw ruleBroken('INVALID_HOURS', `${field} must be a number`, field);
  if (hours < 0) throw ruleBroken('NEGATIVE_HOURS', `${field} must not be negative, got ${hours}`, field);
  const centi = Math.round(hours * 100);
  if (Math.abs(centi - hours * 100) > 1e-6) {
    throw ruleBroken('TOO_MANY_DECIMALS', `${field} must have at most 2 decimals, got ${hours}`, field);
  }
  return centi;
}

/**
 * Hours a command brings, as hundredths: exactly a number of hundredths, so 0.1 + 0.2
 * (0.30000000000000004) or 1e-7 is refused rather than recorded unrounded.
 */
export function exactCentiHours(hours: number, field = 'hours'): number {
  const centi = toCentiHours(hours, field);
  if (centi / 100 !== hours) throw ruleBroken('TOO_MANY_DECIMALS', `${field} must have at most 2 decimals, got ${hours}`, field);
  return centi;
}

export const fromCentiHours = (centi: CentiHours): number => centi / 100;

/** Targets are whole hours: their hundredths are exact, no validation needed. */
export const centiOfWholeHours = (hours: number): CentiHours => hours * 100;

export function sumOf(values: Iterable<number>): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}

/** What one obligation (a lot) still owes: never negative. */
export const remainingCenti = (targetCenti: CentiHours, doneCenti: CentiHours): CentiHours => Math.max(targetCenti - doneCenti, 0);

/**
 * What several lots still owe together: each lot owes its own hours (and its own penalty), so
 * hours beyond one lot's target never fill another lot's gap.
 */
export const remainingCentiOfLots = (lots: Iterable<{ targetCenti: CentiHours; doneCenti: CentiHours }>): CentiHours =>
  sumOf([...lots].map((lot) => remainingCenti(lot.targetCenti, lot.doneCenti)));

/** part ÷ whole in %, one decimal, halves rounded up; 0 when there is nothing to measure against. */
export const percentOf = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part * 1000) / whole) / 10);

/** part ÷ whole in hundredths of a percent (6667 is 66.67 %), halves rounded up; 0 when whole is 0. */
export const shareInHundredthsOfPercent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part * 10000) / whole));

/** Whether part is below `percent` % of whole, decided on whole numbers (no rounded ratio in between). */
export const isBelowPercentOf = (part: number, whole: number, percent: number): boolean => part * 100 < whole * percent;

/** A share of the execution period as a fraction of whole days, kept exact until the last rounding. */
export interface ElapsedShare {
  readonly numerator: number;
  readonly denominator: number;
}

/** Days elapsed at `at` (start and `at` both counted) over the execution period's days, clamped to [0, 1]. */
export function elapsedShare(start: string, end: string, at: string): ElapsedShare {
  const total = daysBetween(start, end) + 1;
  const elapsed = Math.min(Math.max(daysBetween(start, at) + 1, 0), total);
  return { numerator: elapsed, denominator: total };
}

export const elapsedPercent = (share: ElapsedShare): number => percentOf(share.numerator, share.denominator);

/** The hours expected by now if execution followed elapsed time: target × elapsed share, to the nearest hundredth. */
export const proRataCenti = (targetCenti: CentiHours, share: ElapsedShare): CentiHours => Math.round((targetCenti * share.numerator) / share.denominator);

/** French legal annual working time: one full-time equivalent. */
export const FTE_HOURS = 1607;

/** Full-time equivalents with 2 decimals. */
export const fteOf = (centi: CentiHours): number => Math.round(centi / FTE_HOURS) / 100;

/** Missing hours × the CCAP's penalty per missing hour, in euro cents, to the nearest cent. */
export const penaltyCents = (missingCenti: CentiHours, perMissingHourCents: number): number => Math.round((missingCenti * perMissingHourCents) / 100);

export function requireWholeNonNegative(value: number, field: string, unit: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw ruleBroken('INVALID_AMOUNT', `${field} must be a whole, non-negative number of ${unit}, got ${value}`, field);
  }
}

/** A percentage with at most 2 decimals, as integer basis points (50 % -> 5000). */
export function toBasisPoints(percent: number, field: string): number {
  if (!Number.isFinite(percent) || percent <= 0 || percent > 100) {
    throw ruleBroken('INVALID_PERCENT', `${field} must be a percentage above 0 and at most 100, got ${percent}`, field);
  }
  const bp = Math.round(percent * 100);
  // exactly a number of hundredths: 33.330000000000005 or 1e-9 is refused, never rounded
  if (bp === 0 || bp / 100 !== percent) {
    throw ruleBroken('TOO_MANY_DECIMALS', `${field} must have at most 2 decimals, got ${percent}`, field);
  }
  return bp;
}
