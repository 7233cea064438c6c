import { Streams, context, given } from '../testing/given-when-then';
import { aCompanyRegistered } from '../testing/fixtures';
import { RegisterCompany, registerCompany } from './company';

const ctx = context('2026-01-02');
const cmd: RegisterCompany = { siret: '73282932000074', name: 'Bâtiments du Cotentin', postcode: '50100', kind: 'ORDINARY' };
const register = (over: Partial<RegisterCompany> = {}) => ({ company }: Streams) => registerCompany({ ...cmd, ...over }, company, ctx);

describe('registering a company', () => {
  it('records the establishment under its SIRET', () => {
    given().when(register()).then([aCompanyRegistered()]);
  });
  it('an SIAE is known by its kind (ACI, AI, EI, EITI, ETTI)', () => {
    given().when(register({ kind: 'ACI', name: 'Chantier d\'insertion du Val de Saire' })).then([aCompanyRegistered({ kind: 'ACI', name: 'Chantier d\'insertion du Val de Saire', isSiae: true })]);
  });
  it('a disability-sector company is known by its kind (EA, EATT, ESAT)', () => {
    given().when(register({ kind: 'ESAT', name: 'ESAT du Cotentin' })).then([aCompanyRegistered({ kind: 'ESAT', name: 'ESAT du Cotentin', isDisabilitySector: true })]);
  });
  it('a GEIQ is neither an SIAE nor a disability-sector company', () => {
    given().when(register({ kind: 'GEIQ' })).then([aCompanyRegistered({ kind: 'GEIQ' })]);
  });
  it('a La Poste establishment is registered under its own SIRET', () => {
    given().when(register({ siret: '35600000049837', name: 'La Poste - Plateforme de Cherbourg' }))
      .then([aCompanyRegistered({ companyId: '35600000049837', siret: '35600000049837', name: 'La Poste - Plateforme de Cherbourg' })]);
  });
  it('an invalid SIRET is refused on the siret field', () => {
    given().when(register({ siret: '73282932000075' })).thenRefuses({ kind: 'rule', code: 'INVALID_SIRET', field: 'siret' });
  });
  it('the same establishment registered twice is a conflict', () => {
    given([aCompanyRegistered()]).when(register()).thenRefuses({ kind: 'conflict', code: 'COMPANY_ALREADY_REGISTERED', field: 'siret' });
  });
  it('a postcode is 5 digits', () => {
    given().when(register({ postcode: '501' })).thenRefuses({ kind: 'rule', code: 'INVALID_POSTCODE', field: 'postcode' });
    given().when(register({ postcode: '2A004' })).thenRefuses({ kind: 'rule', code: 'INVALID_POSTCODE', field: 'postcode' });
  });
});
