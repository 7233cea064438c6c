import { event } from '@clause-ledger/domain';
import { aBeneficiaryPlaced, anErasure } from '@clause-ledger/domain/testing/fixtures';
import { aCandidateHired, aCandidatePreselected, aCandidateProposed, aFollowUpContact, aJobOfferPublished } from '@clause-ledger/domain/testing/job-offer-fixtures';
import { listByPrefix, projectionSpec } from '../testing/fold';
import { caseworkWatch, jobOffersProjection } from './job-offers.projection';
import { OfferBoardDoc, boardEntry, sourcingFigures } from './offer-board';
import { TimelineDoc } from './journey-timeline';
import { caseworkAlerts } from './casework-alerts';

/** The watched entries among the spec's documents, listed by prefix the way the read-model store does. */
const watchOf = (documents: ReadonlyMap<string, unknown>) => caseworkWatch((prefix) => listByPrefix(documents, prefix));

const tick = (date: string) => event('ClockTicked', { date });
const second = aCandidateProposed({ candidateId: 'c-2', beneficiaryId: null, qpvResident: false, sex: 'M', ageBand: 'FROM_50', proposedOn: '2026-03-06' });
const story = [aJobOfferPublished(), aCandidateProposed(), second, aCandidatePreselected(), aCandidateHired(), aBeneficiaryPlaced({ placementId: 'p-1', startDate: '2026-03-16' })];

describe('the job-offers projection', () => {
  it('puts the offer on the board with its candidates per stage and days open', () => {
    const { documents } = projectionSpec(jobOffersProjection).given(...story).when();
    const entry = boardEntry(documents.get('offer:o-1') as OfferBoardDoc, '2026-03-12');
    expect(entry).toMatchObject({ status: 'OPEN', hired: 1, daysOpen: 10, daysToFill: null, candidatesByStage: { PROPOSED: 1, PRESELECTED: 0, INTERVIEWED: 0, HIRED: 1, NOT_RETAINED: 0 } });
  });

  it('counts shares of QPV residents, women and under-26s in hundredths of a percent', () => {
    const { documents } = projectionSpec(jobOffersProjection).given(...story).when();
    expect(sourcingFigures([documents.get('offer:o-1') as OfferBoardDoc])).toEqual({
      offers: 1,
      candidates: { count: 2, qpvResidentsShare: 5000, womenShare: 5000, under26Share: 5000 },
      preselected: { count: 1, qpvResidentsShare: 10000, womenShare: 10000, under26Share: 10000 },
      hired: { count: 1, qpvResidentsShare: 10000, womenShare: 10000, under26Share: 10000 },
    });
  });

  it('routes a candidate\'s steps to the person\'s timeline through the offer, in date order', () => {
    const { documents } = projectionSpec(jobOffersProjection).given(...story).when(aFollowUpContact());
    expect((documents.get('timeline:b-1') as TimelineDoc).entries.map((e) => [e.date, e.kind])).toEqual([
      ['2026-03-04', 'CANDIDATE_PROPOSED'], ['2026-03-05', 'CANDIDATE_PRESELECTED'], ['2026-03-10', 'CANDIDATE_HIRED'], ['2026-03-16', 'PLACED'], ['2026-04-01', 'CONTACT'],
    ]);
  });

  it('drops the notes and the referent from a timeline when the person is erased', () => {
    const { documents } = projectionSpec(jobOffersProjection).given(...story, aFollowUpContact()).when(anErasure());
    const timeline = documents.get('timeline:b-1') as TimelineDoc;
    expect(JSON.stringify(timeline)).not.toContain('Bonne intégration');
    expect(timeline.entries).toHaveLength(5);
  });

  it('raises the casework alerts on the clock\'s day, in French, and clears them with a candidate or a contact', () => {
    const rules = { offerWithoutCandidateDays: 15, placementWithoutContactWeeks: 6 };
    const quiet = projectionSpec(jobOffersProjection).given(aJobOfferPublished(), aBeneficiaryPlaced({ placementId: 'p-1', startDate: '2026-03-16' })).when(tick('2026-04-27'));
    const alerts = caseworkAlerts(watchOf(quiet.documents), rules);
    expect(alerts.map((a) => a.alertId)).toEqual(['OFFER_WITHOUT_CANDIDATE:o-1', 'PLACEMENT_WITHOUT_CONTACT:p-1']);
    expect(alerts[0].message).toBe('L\'offre « Maçon » est ouverte depuis 56 jours sans aucun candidat : relancer la diffusion auprès des partenaires.');
    const followed = projectionSpec(jobOffersProjection).given(...story, aFollowUpContact()).when(tick('2026-04-27'));
    expect(caseworkAlerts(watchOf(followed.documents), rules)).toEqual([]);
  });

  it('keeps one watched document per open offer and active placement, gone once the offer closes or the contract ends', () => {
    const { documents } = projectionSpec(jobOffersProjection)
      .given(aJobOfferPublished(), aJobOfferPublished({ offerId: 'o-2' }), aBeneficiaryPlaced({ placementId: 'p-1' }), aBeneficiaryPlaced({ placementId: 'p-2', beneficiaryId: 'b-2' }), tick('2026-04-27'))
      .when(event('JobOfferCancelled', { offerId: 'o-2', marketId: 'm-1', cancelledOn: '2026-04-28', reason: 'abandon' }), event('PlacementEnded', { placementId: 'p-2', marketId: 'm-1', beneficiaryId: 'b-2', lotId: 'lot-1', endDate: '2026-04-28', reason: 'END_OF_CONTRACT' }));
    const watch = watchOf(documents);
    expect(watch.today).toBe('2026-04-27');
    expect(Object.keys(watch.openOffers)).toEqual(['o-1']);
    expect(Object.keys(watch.activePlacements)).toEqual(['p-1']);
    // no document holds every placement: each one is as small as its own entry
    expect(Math.max(...[...documents.values()].map((d) => JSON.stringify(d ?? '').length))).toBeLessThan(1000);
  });
});
