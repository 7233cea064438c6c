import { ruleBroken } from './domain-error';

/**
 * Hours travel as numbers with at most 2 decimals; every sum is done on integer hundredths of an
 * hour ("centi-hours") so that no bilan total carries floating-point drift.
 */
export function toCentiHours(hours: number, field = 'hours'): number {
  if (!Number.isFinite(hours)) throw ruleBroken('INVALID_HOURS', `${field} must be a number`, field);
  if (hours < 0) throw ruleBroken('NEGATIVE_HOURS', `${field} must not be negative, got ${hours}`, field);
  const centi = Math.round(hours * 100);
  if (Math.abs(centi - hours * 100) > 1e-6) {
    throw ruleBroken('TOO_MANY_DECIMALS', `${field} must have at most 2 decimals, got ${hours}`, field);
  }
  return centi;
}

export const fromCentiHours = (centi: number): number => centi / 100;

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
  // a tiny positive percentage (0.000000001) is within the tolerance of 0 bp, yet has more than 2 decimals
  if (bp === 0 || Math.abs(bp - percent * 100) > 1e-6) {
    throw ruleBroken('TOO_MANY_DECIMALS', `${field} must have at most 2 decimals, got ${percent}`, field);
  }
  return bp;
}
