import { DEFAULT_POLICY } from '../shared/domain-event';
import { DomainError } from '../shared/domain-error';
import { evolveOrganisation, grantAuditScope, MaybeOrganisation, OrganisationEvent, registerOrganisation } from './organisation';

const ctx = { today: '2026-06-15', policy: DEFAULT_POLICY };
const fold = (events: OrganisationEvent[]): MaybeOrganisation => events.reduce<MaybeOrganisation>(evolveOrganisation, undefined);
const codeOf = (f: () => unknown) => {
  try { f(); } catch (e) { return (e as DomainError).code; }
  return undefined;
};

describe('organisations', () => {
  it('a company organisation is linked to its establishment by SIRET', () => {
    const events = registerOrganisation({ organisationId: 'btp-cotentin', kind: 'COMPANY', name: 'Bâtiments du Cotentin', siret: '73282932000074' }, undefined, ctx);
    expect(fold(events)).toEqual({ organisationId: 'btp-cotentin', kind: 'COMPANY', name: 'Bâtiments du Cotentin', siret: '73282932000074', registeredOn: '2026-06-15', auditedOrganisationIds: [] });
  });

  it('a company organisation without a valid SIRET is refused, and only companies have one', () => {
    expect(codeOf(() => registerOrganisation({ organisationId: 'x', kind: 'COMPANY', name: 'X', siret: '12345678901234' }, undefined, ctx))).toBe('COMPANY_ORGANISATION_NEEDS_SIRET');
    expect(codeOf(() => registerOrganisation({ organisationId: 'x', kind: 'BUYER', name: 'X', siret: '73282932000074' }, undefined, ctx))).toBe('SIRET_ONLY_FOR_COMPANIES');
  });

  it('registering the same organisation twice is a conflict', () => {
    const known = fold(registerOrganisation({ organisationId: 'mef', kind: 'FACILITATOR', name: 'MEF' }, undefined, ctx));
    expect(codeOf(() => registerOrganisation({ organisationId: 'mef', kind: 'FACILITATOR', name: 'MEF' }, known, ctx))).toBe('ORGANISATION_ALREADY_REGISTERED');
  });

  it('an auditor is granted a list of facilitator organisations, each grant replacing the previous one', () => {
    const registered = registerOrganisation({ organisationId: 'crc', kind: 'AUDITOR', name: 'Chambre régionale des comptes' }, undefined, ctx);
    const first = grantAuditScope({ organisationId: 'crc', facilitatorOrganisationIds: ['mef', 'plie', 'mef'] }, fold(registered), ctx);
    const second = grantAuditScope({ organisationId: 'crc', facilitatorOrganisationIds: ['plie'] }, fold([...registered, ...first]), ctx);
    expect(fold([...registered, ...first])!.auditedOrganisationIds).toEqual(['mef', 'plie']);
    expect(fold([...registered, ...first, ...second])!.auditedOrganisationIds).toEqual(['plie']);
  });

  it('only an auditor is granted an audit scope', () => {
    const buyer = fold(registerOrganisation({ organisationId: 'ch', kind: 'BUYER', name: 'Cotentin Habitat' }, undefined, ctx));
    expect(codeOf(() => grantAuditScope({ organisationId: 'ch', facilitatorOrganisationIds: ['mef'] }, buyer, ctx))).toBe('NOT_AN_AUDITOR');
    expect(codeOf(() => grantAuditScope({ organisationId: 'nobody', facilitatorOrganisationIds: ['mef'] }, undefined, ctx))).toBe('ORGANISATION_NOT_FOUND');
  });
});
