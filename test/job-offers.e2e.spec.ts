import { join } from 'node:path';
import { EventStore, SqliteEventStore } from '@clause-ledger/event-store';
import { ProjectionRunner, ReadModelStore, jobOffersProjection } from '@clause-ledger/projections';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';
import { TestApi } from './support/test-api';
import { lastPosition, ok } from './support/ok';
import { suiteWithMarketStory } from './support/seed-story';
import * as story from './support/market-story';

const { marketId } = story.market;
const person = (beneficiaryId: string, firstName: string, sex: 'F' | 'M') => ({ ...story.beneficiary, beneficiaryId, firstName, sex });
const offer = {
  offerId: 'offre-macons', marketId, lotId: 'lot-1', companyId: story.company.siret, jobTitle: 'Maçon / maçonne', romeCode: 'F1703', contractType: 'FIXED_TERM',
  weeklyHours: 35, positions: 2, startDate: '2026-06-01', place: 'Cherbourg-en-Cotentin, quartier des Fourches',
  requirements: { drivingLicence: false, vehicle: false, qualificationLevel: 'NONE', physicalWork: true }, expiresOn: '2026-07-31',
};
const hire = { modality: 'DIRECT_HIRE', plannedEndDate: '2026-11-30' };
const candidates = [
  { candidateId: 'c-yanis', partnerId: 'mission-locale', beneficiaryId: 'ben-yanis', qpvResident: true, sex: 'M', ageBand: 'UNDER_26' },
  { candidateId: 'c-lea', partnerId: 'france-travail', beneficiaryId: 'ben-lea', qpvResident: true, sex: 'F', ageBand: 'FROM_26_TO_49' },
  { candidateId: 'c-noah', beneficiaryId: 'ben-noah', qpvResident: false, sex: 'M', ageBand: 'UNDER_26' },
  { candidateId: 'c-4', partnerId: 'mission-locale', qpvResident: true, sex: 'F', ageBand: 'UNDER_26' },
  { candidateId: 'c-5', partnerId: 'france-travail', qpvResident: false, sex: 'M', ageBand: 'FROM_50' },
];
const path = (candidateId: string, step: string) => `/job-offers/${offer.offerId}/candidates/${candidateId}/${step}`;

describe('job offers: from the offer to the placements, the board, the sourcing figures and the journey', () => {
  const suite = suiteWithMarketStory('job-offers');
  const { dir } = suite;
  let api: TestApi;
  let yanisPlacement: string;

  beforeAll(async () => {
    api = suite.api;
    await ok(api.post('/partners', { partnerId: 'mission-locale', name: 'Mission locale du Cotentin', kind: 'MISSION_LOCALE' }));
    await ok(api.post('/partners', { partnerId: 'france-travail', name: 'France Travail Cherbourg', kind: 'FRANCE_TRAVAIL' }));
    for (const [id, name, sex] of [['ben-yanis', 'Yanis', 'M'], ['ben-lea', 'Léa', 'F'], ['ben-noah', 'Noah', 'M']] as const) await ok(api.post('/beneficiaries', person(id, name, sex)));
    // Noah is registered but his eligibility is not validated yet
    for (const id of ['ben-yanis', 'ben-lea']) await ok(api.post(`/beneficiaries/${id}/eligibilities`, { ...story.eligibility, validatedOn: '2026-05-04' }));
  }, 60_000);

  it('takes an offer of 2 positions through 5 candidates to 2 hires, refusing a third and a not-yet-eligible person', async () => {
    expect((await api.post('/job-offers', { ...offer, romeCode: 'F170' })).body.problems).toEqual([expect.objectContaining({ field: 'romeCode' })]);
    await ok(api.post('/job-offers', offer));
    await ok(api.post(`/job-offers/${offer.offerId}/sharing`, { partnerIds: ['mission-locale', 'france-travail'] }));
    for (const c of candidates) await ok(api.post(`/job-offers/${offer.offerId}/candidates`, c));
    for (const id of ['c-yanis', 'c-lea', 'c-noah']) await ok(api.post(path(id, 'preselection'), {}));
    await ok(api.post(path('c-yanis', 'interview'), {}));
    await ok(api.post(path('c-5', 'not-retained'), { reason: 'MOBILITY' }));

    const notEligible = await api.post(path('c-noah', 'hire'), hire);
    expect([notEligible.status, notEligible.body.code, notEligible.body.field]).toEqual([422, 'NOT_ELIGIBLE_AT_START', 'beneficiaryId']);

    const yanis = await ok(api.post(path('c-yanis', 'hire'), hire));
    yanisPlacement = yanis.placementId;
    const lea = await ok(api.post(path('c-lea', 'hire'), { ...hire, startDate: '2026-06-08' }));
    const full = await api.post(path('c-noah', 'hire'), hire);
    expect([full.status, full.body.code]).toEqual([409, 'OFFER_FULL']);

    const placement = await ok(api.get(`/placements/${yanis.placementId}`));
    expect(placement).toMatchObject({ marketId, lotId: 'lot-1', companyId: story.company.siret, beneficiaryId: 'ben-yanis', contractType: 'FIXED_TERM', startDate: '2026-06-01' });
    expect((await ok(api.get(`/placements/${lea.placementId}`))).startDate).toBe('2026-06-08');
    await ok(api.post(`/placements/${yanis.placementId}/hours`, { month: '2026-06', hours: 70, source: 'PAYSLIP' }));
    await ok(api.post(`/placements/${lea.placementId}/hours`, { month: '2026-06', hours: 80.5, source: 'TIMESHEET' }));
    const tracking = await ok(api.get(`/markets/${marketId}/tracking?waitForPosition=${lastPosition()}`));
    // Amina's first month (140 h, from the story) and the two hires' June
    expect(tracking.lots[0]).toMatchObject({ lotId: 'lot-1', hoursDone: 290.5, beneficiariesCounted: 3, lastDeclaredMonth: '2026-06' });
  });

  it('shows the offer on the board: candidates per stage, filled the day it opened', async () => {
    const board = await ok(api.get(`/job-offers?waitForPosition=${lastPosition()}`));
    expect(board).toEqual([expect.objectContaining({
      offerId: offer.offerId, status: 'FILLED', positions: 2, hired: 2, sharedWith: ['mission-locale', 'france-travail'],
      candidatesByStage: { PROPOSED: 1, PRESELECTED: 1, INTERVIEWED: 0, HIRED: 2, NOT_RETAINED: 1 },
      publishedOn: story.TODAY, filledOn: story.TODAY, daysOpen: 0, daysToFill: 0,
    })]);
  });

  it('lets the company holding the lot publish and see its own offers, counts only; never another company\'s', async () => {
    const admin = await api.as({ role: 'ADMIN' });
    await ok(admin.post('/organisations', { organisationId: 'btp-cotentin', kind: 'COMPANY', name: story.company.name, siret: story.company.siret }));
    await ok(admin.post('/organisations', { organisationId: 'aci-glacerie', kind: 'COMPANY', name: story.siaeCompany.name, siret: story.siaeCompany.siret }));
    const company = await api.as({ role: 'COMPANY', organisation: 'btp-cotentin' });
    const other = await api.as({ role: 'COMPANY', organisation: 'aci-glacerie' });
    const own = await ok(company.get(`/job-offers/${offer.offerId}`));
    expect(own).toMatchObject({ offerId: offer.offerId, hired: 2 });
    expect(own.candidates).toBeUndefined();
    expect((await other.get(`/job-offers/${offer.offerId}`)).body.code).toBe('JOB_OFFER_NOT_FOUND');
    expect(await ok(other.get('/job-offers'))).toEqual([]);
    const forOther = await other.post('/job-offers', { ...offer, offerId: 'offre-usurpee', companyId: story.company.siret });
    expect(forOther.status).toBe(404);
    await ok(company.post('/job-offers', { ...offer, offerId: 'offre-entreprise', positions: 1 }), 201);
    await ok(api.post('/companies', story.siaeCompany));
    expect((await api.post('/job-offers', { ...offer, offerId: 'offre-x', companyId: story.siaeCompany.siret })).body).toMatchObject({ code: 'NOT_THE_LOT_COMPANY' });
    expect((await (await api.as({ role: 'BUYER', organisation: 'cotentin-habitat' })).get('/job-offers')).status).toBe(403);
  });

  it('counts who the offer reached, in hundredths of a percent', async () => {
    expect(await ok(api.get(`/casework/sourcing-figures?waitForPosition=${lastPosition()}`))).toEqual({
      // the company's own offer (above) has no candidate yet
      offers: 2,
      candidates: { count: 5, qpvResidentsShare: 6000, womenShare: 4000, under26Share: 6000 },
      preselected: { count: 3, qpvResidentsShare: 6667, womenShare: 3333, under26Share: 6667 },
      hired: { count: 2, qpvResidentsShare: 10000, womenShare: 5000, under26Share: 5000 },
    });
    const figures = await ok(api.get('/key-figures?year=2026'));
    expect([figures.candidatesIdentified.value, figures.candidatesHired.value]).toEqual([5, 2]);
    expect(figures.candidatesHired.eventIds).toHaveLength(2);
    expect((await ok(api.get('/key-figures?year=2025'))).candidatesIdentified.value).toBe(0);
  });

  it('tells the person\'s journey: referent, contacts, offer and placement in date order', async () => {
    await ok(api.post('/beneficiaries/ben-yanis/referent', { referentName: 'Mme Durand', partnerId: 'mission-locale' }));
    const placementId = yanisPlacement;
    const contact = { placementId, contactDate: '2026-06-10', withWhom: 'EMPLOYER', note: 'Bonne intégration dans l\'équipe.', trainingMobilised: 'CACES R482', barriers: { mobility: true, childcare: false, housing: false, health: false } };
    expect((await api.post('/beneficiaries/ben-yanis/contacts', { ...contact, note: 'a\u0000b' })).body.problems).toEqual([expect.objectContaining({ field: 'note' })]);
    await ok(api.post('/beneficiaries/ben-yanis/contacts', contact));
    const timeline = await ok(api.get(`/beneficiaries/ben-yanis/timeline?waitForPosition=${lastPosition()}`));
    expect(timeline.referent).toEqual({ referentName: 'Mme Durand', partnerId: 'mission-locale' });
    expect(timeline.entries.map((e: any) => [e.date, e.kind, e.offerId ?? e.placementId ?? null])).toEqual([
      ['2026-06-01', 'PLACED', placementId],
      ['2026-06-10', 'CONTACT', placementId],
      [story.TODAY, 'CANDIDATE_PROPOSED', offer.offerId],
      [story.TODAY, 'CANDIDATE_PRESELECTED', offer.offerId],
      [story.TODAY, 'CANDIDATE_INTERVIEWED', offer.offerId],
      [story.TODAY, 'CANDIDATE_HIRED', offer.offerId],
      [story.TODAY, 'REFERENT_ASSIGNED', null],
    ]);
    expect(timeline.entries[0]).toMatchObject({ marketId, detail: { companyId: story.company.siret, contractType: 'FIXED_TERM' } });
  });

  it('a hire recorded on the offer whose placement append never happened (crash) is completed by sending the hire again, once', async () => {
    const store: EventStore = api.app.get(EVENT_STORE);
    await ok(api.post('/beneficiaries', person('ben-ines', 'Inès', 'F')));
    await ok(api.post('/beneficiaries/ben-ines/eligibilities', { ...story.eligibility, validatedOn: '2026-05-04' }));
    await ok(api.post('/job-offers', { ...offer, offerId: 'offre-2', positions: 1 }));
    await ok(api.post('/job-offers/offre-2/candidates', { candidateId: 'c-ines', beneficiaryId: 'ben-ines', qpvResident: true, sex: 'F', ageBand: 'UNDER_26' }));
    await ok(api.post('/job-offers/offre-2/candidates/c-ines/preselection', {}));
    // the first append of a hire, as if the process died right after it
    const placementId = 'plc-crashed';
    const [revision] = [BigInt((await store.readStream('job-offer-offre-2')).length - 1)];
    await store.appendToStream('job-offer-offre-2', [{
      id: crypto.randomUUID(), type: 'CandidateHired', metadata: { schemaVersion: 1 },
      data: { offerId: 'offre-2', candidateId: 'c-ines', beneficiaryId: 'ben-ines', placementId, marketId, lotId: 'lot-1', companyId: story.company.siret, modality: 'DIRECT_HIRE', contractType: 'FIXED_TERM', startDate: '2026-06-01', plannedEndDate: '2026-11-30', hiredOn: story.TODAY },
    }], { expectedRevision: revision });
    expect((await api.get(`/placements/${placementId}`)).status).toBe(404);
    const retried = await ok(api.post('/job-offers/offre-2/candidates/c-ines/hire', hire));
    expect(retried.replayed).toBe(true);
    expect(await ok(api.get(`/placements/${placementId}`))).toMatchObject({ beneficiaryId: 'ben-ines', startDate: '2026-06-01' });
    await ok(api.post('/job-offers/offre-2/candidates/c-ines/hire', hire));
    expect((await store.readStream(`placement-${placementId}`)).map((e) => e.type)).toEqual(['BeneficiaryPlaced']);
  });

  it('alerts the facilitator in French once the clock says so', async () => {
    await ok(api.post('/job-offers', { ...offer, offerId: 'offre-vide', positions: 1 }));
    const admin = await api.as({ role: 'ADMIN' });
    await ok(admin.post('/clock/ticks', { date: story.TODAY }));
    const { alerts } = await ok(api.get(`/casework/alerts?waitForPosition=${lastPosition()}`));
    // offers are 0 days old (15 needed); Amina's contract started on 2026-03-02, with no contact since (6 weeks)
    expect(alerts.map((a: any) => a.alertId)).toEqual([`PLACEMENT_WITHOUT_CONTACT:${story.placement.placementId}`]);
    expect(alerts[0].message).toMatch(/^Aucun contact de suivi depuis le début du contrat .* le 02\/03\/2026/);
  });

  it('a rebuild from zero gives the same documents', async () => {
    await ok(api.get(`/job-offers?waitForPosition=${lastPosition()}`));
    await api.close();
    const store = await SqliteEventStore.open(join(dir.path, 'events.db'));
    const live = ReadModelStore.open(join(dir.path, 'read-models.db'));
    const rebuilt = ReadModelStore.open(':memory:');
    await new ProjectionRunner(store, rebuilt, jobOffersProjection).rebuild();
    expect(rebuilt.list('job-offers')).toEqual(live.list('job-offers'));
    expect(live.list('job-offers').length).toBeGreaterThan(5);
    live.close();
    rebuilt.close();
    await store.close();
    api = await suite.restart();
  });
});
