import { DEFAULT_POLICY } from '../shared/domain-event';
import { DomainError } from '../shared/domain-error';
import { evolveUserLinks, linkMember, linkOf, unlinkMember, UserLinks } from './member-links';
import { Organisation } from './organisation';

const ctx = { today: '2026-03-02', policy: DEFAULT_POLICY };
const facilitator: Organisation = { organisationId: 'mef-cotentin', kind: 'FACILITATOR', name: 'MEF', registeredOn: '2026-01-05', auditedOrganisationIds: [] };
const ISS = 'https://proconnect.gouv.fr/api/v2';
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return (error as DomainError).code;
  }
  return undefined;
};

describe('users linked to organisations', () => {
  const links: UserLinks = linkMember({ memberId: 'claire', organisationId: 'mef-cotentin', issuer: ISS, subject: 's-1', role: 'FACILITATOR' }, undefined, facilitator, ctx)
    .reduce<UserLinks | undefined>(evolveUserLinks, undefined)!;

  it('finds a user by subject, or by e-mail whatever its case, at its own issuer only', () => {
    const byEmail = evolveUserLinks(links, linkMember({ memberId: 'paul', organisationId: 'mef-cotentin', issuer: ISS, email: 'Paul@X.fr', role: 'FACILITATOR' }, links, facilitator, ctx)[0]);
    expect(linkOf(byEmail, { issuer: ISS, subject: 's-1' })?.memberId).toBe('claire');
    expect(linkOf(byEmail, { issuer: ISS, subject: 's-9', email: 'paul@x.fr' })?.memberId).toBe('paul');
    expect(linkOf(byEmail, { issuer: 'https://other.example', subject: 's-1' })).toBeUndefined();
  });

  it('gives a member its organisation\'s kind as role, and one organisation per user', () => {
    expect(codeOf(() => linkMember({ memberId: 'b', organisationId: 'mef-cotentin', issuer: ISS, subject: 's-2', role: 'BUYER' }, links, facilitator, ctx))).toBe('MEMBER_ROLE_NOT_OF_ORGANISATION_KIND');
    expect(codeOf(() => linkMember({ memberId: 'c2', organisationId: 'mef-cotentin', issuer: ISS, subject: 's-1', role: 'FACILITATOR' }, links, facilitator, ctx))).toBe('USER_ALREADY_LINKED');
    expect(codeOf(() => linkMember({ memberId: 'c3', organisationId: 'x', issuer: ISS, subject: 's-3', role: 'FACILITATOR' }, links, undefined, ctx))).toBe('ORGANISATION_NOT_FOUND');
  });

  it('removes a link by event, and never another organisation\'s member', () => {
    expect(codeOf(() => unlinkMember({ memberId: 'claire', organisationId: 'cotentin-habitat' }, links, ctx))).toBe('MEMBER_NOT_FOUND');
    const after = evolveUserLinks(links, unlinkMember({ memberId: 'claire', organisationId: 'mef-cotentin' }, links, ctx)[0]);
    expect(linkOf(after, { issuer: ISS, subject: 's-1' })).toBeUndefined();
  });
});
