import { Role } from '../../apps/api/src/auth/actor';
import { Signer, TestApi } from './test-api';
import { ok } from './ok';
import * as story from './market-story';
import * as supportCase from './support-case-story';

/**
 * Two facilitator organisations, each with a closed, fulfilled market (a badge awarded), a
 * beneficiary placed with a company, and the buyers, companies and auditors around them:
 * what access rules are checked against. `own` is MEF du Cotentin's world, `foreign` the PLIE's.
 */
export interface World {
  readonly facilitator: string;
  readonly buyer: string;
  readonly company: { organisation: string; siret: string };
  readonly auditor: string;
  readonly marketId: string;
  readonly beneficiaryId: string;
  readonly placementId: string;
  readonly caseId: string;
  readonly offerId: string;
  badgeId: string;
  alertId?: string;
}

export const own: World = {
  facilitator: 'mef-cotentin', buyer: 'cotentin-habitat', company: { organisation: 'btp-cotentin', siret: story.company.siret }, auditor: 'crc-normandie',
  marketId: 'mkt-own', beneficiaryId: 'ben-own', placementId: 'plc-own', caseId: 'case-own', offerId: 'offer-own', badgeId: '',
};
export const foreign: World = {
  facilitator: 'plie-manche', buyer: 'ville-cherbourg', company: { organisation: 'aci-glacerie', siret: story.siaeCompany.siret }, auditor: 'dreets-normandie',
  marketId: 'mkt-foreign', beneficiaryId: 'ben-foreign', placementId: 'plc-foreign', caseId: 'case-foreign', offerId: 'offer-foreign', badgeId: '',
};

/** Who signs in for a role in a world. */
export function signerFor(role: Role, world: World): Exclude<Signer, 'anonymous'> {
  const organisation = { FACILITATOR: world.facilitator, BUYER: world.buyer, COMPANY: world.company.organisation, AUDITOR: world.auditor, ADMIN: 'clause-ledger-ops' }[role];
  return { role, organisation, user: `${role.toLowerCase()}@${organisation}` };
}


export async function registerOrganisations(api: TestApi): Promise<void> {
  const admin = await api.as({ role: 'ADMIN', organisation: 'clause-ledger-ops' });
  for (const w of [own, foreign]) {
    await ok(admin.post('/organisations', { organisationId: w.facilitator, kind: 'FACILITATOR', name: w.facilitator }));
    await ok(admin.post('/organisations', { organisationId: w.buyer, kind: 'BUYER', name: w.buyer }));
    await ok(admin.post('/organisations', { organisationId: w.company.organisation, kind: 'COMPANY', name: w.company.organisation, siret: w.company.siret }));
    await ok(admin.post('/organisations', { organisationId: w.auditor, kind: 'AUDITOR', name: w.auditor }));
    await ok(admin.put(`/organisations/${w.auditor}/audit-scope`, { facilitatorOrganisationIds: [w.facilitator] }));
  }
}

/** The world's facilitator follows a one-lot market to its end: 140 h done of 100, closed, badge to the buyer. */
export async function buildWorld(api: TestApi, w: World, companyRecord: typeof story.company): Promise<void> {
  const facilitator = await api.as(signerFor('FACILITATOR', w));
  await ok(facilitator.post('/companies', companyRecord));
  await ok(facilitator.post('/markets', { ...story.market, marketId: w.marketId, buyerOrganisationId: w.buyer, lots: [story.market.lots[0]] }));
  await ok(facilitator.put(`/markets/${w.marketId}/lots/lot-1/clause`, { clauseTypes: ['EXECUTION'], target: { mode: 'FIXED', hours: 100, basis: 'WHOLE_MARKET' }, penaltyPerMissingHourCents: 0 }));
  await ok(facilitator.post(`/markets/${w.marketId}/lots/lot-1/acceptance`, { companyId: w.company.siret, committedHours: 100 }));
  await ok(facilitator.post('/beneficiaries', { ...story.beneficiary, beneficiaryId: w.beneficiaryId }));
  await ok(facilitator.post('/job-offers', {
    offerId: w.offerId, marketId: w.marketId, lotId: 'lot-1', companyId: w.company.siret, jobTitle: 'Maçon', romeCode: 'F1703', contractType: 'FIXED_TERM', weeklyHours: 35,
    positions: 1, startDate: '2026-03-02', place: 'Cherbourg', requirements: { drivingLicence: false, vehicle: false, qualificationLevel: 'NONE', physicalWork: true }, expiresOn: '2026-12-31',
  }));
  await ok(facilitator.post(`/job-offers/${w.offerId}/candidates`, { candidateId: 'cand-1', beneficiaryId: w.beneficiaryId, qpvResident: true, sex: 'F', ageBand: 'UNDER_26' }));
  await ok(facilitator.post(`/beneficiaries/${w.beneficiaryId}/eligibilities`, story.eligibility));
  await ok(facilitator.post('/placements', { ...story.placement, placementId: w.placementId, marketId: w.marketId, companyId: w.company.siret, beneficiaryId: w.beneficiaryId }));
  await ok(facilitator.post(`/placements/${w.placementId}/hours`, { month: '2026-03', hours: 140, source: 'PAYSLIP' }));
  const closed = await ok(facilitator.post(`/markets/${w.marketId}/closure`, { earlyClosureReason: 'fin anticipée', qualitative: { summary: 'Clause réalisée.', writtenBy: w.facilitator } }));
  await ok(facilitator.get(`/markets/${w.marketId}/bilan?waitForPosition=${closed.position}`));
  w.badgeId = (await ok(facilitator.post(`/markets/${w.marketId}/badges`, { recipient: 'BUYER' }))).badgeId;
  // and a buyer's support request, its lots described
  await ok(facilitator.post('/support-cases', { ...supportCase.request, caseId: w.caseId }));
  await ok(facilitator.put(`/support-cases/${w.caseId}/lots`, supportCase.lots));
}
