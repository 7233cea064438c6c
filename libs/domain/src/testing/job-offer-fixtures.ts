import { event } from '../shared/domain-event';
import { CandidateHired, CandidatePreselected, CandidateProposed, JobOfferPublished } from '../job-offer/job-offer-events';
import { FollowUpContactRecorded } from '../journey/journey';

/** Two masons wanted on lot 1 of m-1 (see fixtures.ts), published on 2026-03-02. */
export const aJobOfferPublished = (over: Partial<JobOfferPublished['data']> = {}): JobOfferPublished =>
  event('JobOfferPublished', {
    offerId: 'o-1', marketId: 'm-1', lotId: 'lot-1', companyId: '73282932000074', jobTitle: 'Maçon', romeCode: 'F1703', contractType: 'FIXED_TERM',
    weeklyHours: 35, positions: 2, startDate: '2026-03-16', place: 'Cherbourg', expiresOn: '2026-04-30',
    requirements: { drivingLicence: false, vehicle: false, qualificationLevel: 'NONE', physicalWork: true }, publishedOn: '2026-03-02', ...over,
  });

export const aCandidateProposed = (over: Partial<CandidateProposed['data']> = {}): CandidateProposed =>
  event('CandidateProposed', {
    offerId: 'o-1', candidateId: 'c-1', source: { by: 'PARTNER', partnerId: 'ml' }, beneficiaryId: 'b-1', qpvResident: true, sex: 'F', ageBand: 'UNDER_26',
    proposedOn: '2026-03-04', ...over,
  });

export const aCandidatePreselected = (over: Partial<CandidatePreselected['data']> = {}): CandidatePreselected =>
  event('CandidatePreselected', { offerId: 'o-1', candidateId: 'c-1', preselectedOn: '2026-03-05', ...over });

export const aCandidateHired = (over: Partial<CandidateHired['data']> = {}): CandidateHired =>
  event('CandidateHired', {
    offerId: 'o-1', candidateId: 'c-1', beneficiaryId: 'b-1', placementId: 'p-1', marketId: 'm-1', lotId: 'lot-1', companyId: '73282932000074',
    modality: 'DIRECT_HIRE', contractType: 'FIXED_TERM', startDate: '2026-03-16', plannedEndDate: '2026-08-31', hiredOn: '2026-03-10', ...over,
  });

export const aFollowUpContact = (over: Partial<FollowUpContactRecorded['data']> = {}): FollowUpContactRecorded =>
  event('FollowUpContactRecorded', {
    beneficiaryId: 'b-1', placementId: 'p-1', marketId: 'm-1', contactDate: '2026-04-01', withWhom: 'EMPLOYER', note: 'Bonne intégration.',
    trainingMobilised: null, barriers: null, recordedOn: '2026-04-01', ...over,
  });
