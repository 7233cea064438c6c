/**
 * SIRET: 14 digits, SIREN (9) + NIC (5), protected by a Luhn checksum. La Poste's establishments
 * (SIREN 356000000) are numbered beyond what Luhn allows; INSEE checks them with the sum of digits
 * being a multiple of 5 instead.
 */
const LA_POSTE_SIREN = '356000000';

export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== '35600000000048') {
    const digitSum = [...siret].reduce((sum, d) => sum + Number(d), 0);
    return digitSum % 5 === 0;
  }
  return luhnValid(siret);
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
