import { ruleBroken } from './domain-error';

/**
 * Hours travel as numbers with at most 2 decimals; every sum is done on integer hundredths of an
 * hour ("centi-hours") so that no bilan total carries floating-point drift. This reads hours back
 * from events: those recorded before `exactCentiHours` guarded commands may carry float noise
 * (0.30000000000000004), which rounds away here instead of stopping a projection.
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

/**
 * Hours a command brings, as hundredths: exactly a number of hundredths, so 0.1 + 0.2
 * (0.30000000000000004) or 1e-7 is refused rather than recorded unrounded.
 */
export function exactCentiHours(hours: number, field = 'hours'): number {
  const centi = toCentiHours(hours, field);
  if (centi / 100 !== hours) throw ruleBroken('TOO_MANY_DECIMALS', `${field} must have at most 2 decimals, got ${hours}`, field);
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
  // exactly a number of hundredths: 33.330000000000005 or 1e-9 is refused, never rounded
  if (bp === 0 || bp / 100 !== percent) {
    throw ruleBroken('TOO_MANY_DECIMALS', `${field} must have at most 2 decimals, got ${percent}`, field);
  }
  return bp;
}
