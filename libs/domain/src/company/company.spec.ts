import { context, given } from '../testing/given-when-then';
import { aCompanyRegistered } from '../testing/fixtures';
import { isValidSiret } from '../shared/siret';
import { evolveCompany, registerCompany } from './company';

const ctx = context('2026-01-02');

describe('SIRET validation', () => {
  it.each(['73282932000074', '44306184100047', '35600000000048'])('accepts %s (14 digits, Luhn)', (siret) => {
    expect(isValidSiret(siret)).toBe(true);
  });
  it('accepts La Poste establishments, whose digits sum to a multiple of 5 instead of Luhn', () => {
    expect(isValidSiret('35600000049837')).toBe(true); // digit sum 45
    expect(isValidSiret('35600000049838')).toBe(false);
  });
  it.each([
    ['a wrong checksum', '73282932000075'],
    ['13 digits', '7328293200007'],
    ['15 digits', '732829320000740'],
    ['letters', '7328293200007A'],
    ['spaces', '732 829 320 00074'],
  ])('refuses %s', (_why, siret) => {
    expect(isValidSiret(siret)).toBe(false);
  });
});

describe('registering a company', () => {
  const cmd = { siret: '73282932000074', name: 'Bâtiments du Cotentin', postcode: '50100', kind: 'ORDINARY' as const };

  it('records it under its SIRET', () => {
    given([], evolveCompany).when((c) => registerCompany(cmd, c, ctx)).then([aCompanyRegistered()]);
  });
  it('knows an SIAE and a disability-sector company by their kind', () => {
    const [aci] = registerCompany({ ...cmd, kind: 'ACI' }, undefined, ctx);
    const [esat] = registerCompany({ ...cmd, kind: 'ESAT' }, undefined, ctx);
    expect([aci.data.isSiae, aci.data.isDisabilitySector, esat.data.isSiae, esat.data.isDisabilitySector]).toEqual([true, false, false, true]);
  });
  it('an invalid SIRET is refused on the siret field', () => {
    given([], evolveCompany).when((c) => registerCompany({ ...cmd, siret: '73282932000075' }, c, ctx)).thenRefuses({ kind: 'rule', code: 'INVALID_SIRET', field: 'siret' });
  });
  it('the same establishment registered twice is a conflict', () => {
    given([aCompanyRegistered()], evolveCompany).when((c) => registerCompany(cmd, c, ctx)).thenRefuses({ kind: 'conflict', code: 'COMPANY_ALREADY_REGISTERED' });
  });
  it('a postcode is 5 digits', () => {
    given([], evolveCompany).when((c) => registerCompany({ ...cmd, postcode: '501' }, c, ctx)).thenRefuses({ kind: 'rule', code: 'INVALID_POSTCODE', field: 'postcode' });
  });
});
