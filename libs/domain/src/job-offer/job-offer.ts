import { conflict, notFound } from '../shared/domain-error';
import { CandidateHired, JobOfferEvent, JobOfferPublished } from './job-offer-events';
import { CandidateProfile, CandidateStage, OfferStatus } from './job-offer-vocabulary';

export const jobOfferStreamId = (offerId: string) => `job-offer-${offerId}`;

export interface Candidate extends CandidateProfile {
  readonly candidateId: string;
  readonly beneficiaryId: string | null;
  readonly stage: CandidateStage;
  readonly hire?: CandidateHired['data'];
}

export interface JobOffer extends Omit<JobOfferPublished['data'], 'publishedOn'> {
  readonly status: OfferStatus;
  readonly sharedWith: readonly string[];
  readonly candidates: Readonly<Record<string, Candidate>>;
  readonly hired: number;
}
export type MaybeJobOffer = JobOffer | undefined;

export function evolveJobOffer(offer: MaybeJobOffer, e: JobOfferEvent): MaybeJobOffer {
  if (e.type === 'JobOfferPublished') {
    const { publishedOn: _on, ...data } = e.data;
    return { ...data, status: 'OPEN', sharedWith: [], candidates: {}, hired: 0 };
  }
  if (!offer) throw new Error(`${e.type} for unknown job offer ${e.data.offerId}`);
  const withCandidate = (candidateId: string, change: Partial<Candidate>): JobOffer =>
    ({ ...offer, candidates: { ...offer.candidates, [candidateId]: { ...offer.candidates[candidateId], ...change } } });
  switch (e.type) {
    case 'JobOfferShared': return { ...offer, sharedWith: [...offer.sharedWith, ...e.data.partnerIds.filter((p) => !offer.sharedWith.includes(p))] };
    case 'CandidateProposed': {
      const { candidateId, beneficiaryId, qpvResident, sex, ageBand } = e.data;
      return withCandidate(candidateId, { candidateId, beneficiaryId, qpvResident, sex, ageBand, stage: 'PROPOSED' });
    }
    case 'CandidatePreselected': return withCandidate(e.data.candidateId, { stage: 'PRESELECTED' });
    case 'CandidateInterviewed': return withCandidate(e.data.candidateId, { stage: 'INTERVIEWED' });
    case 'CandidateNotRetained': return withCandidate(e.data.candidateId, { stage: 'NOT_RETAINED' });
    case 'CandidateHired': return { ...withCandidate(e.data.candidateId, { stage: 'HIRED', beneficiaryId: e.data.beneficiaryId, hire: e.data }), hired: offer.hired + 1 };
    case 'JobOfferFilled': return { ...offer, status: 'FILLED' };
    case 'JobOfferCancelled': return { ...offer, status: 'CANCELLED' };
    case 'JobOfferExpired': return { ...offer, status: 'EXPIRED' };
  }
}

export function requireJobOffer(offer: MaybeJobOffer, offerId: string): JobOffer {
  if (!offer) throw notFound('JOB_OFFER_NOT_FOUND', `job offer ${offerId} does not exist`, 'offerId');
  return offer;
}

export function requireOpenOffer(offer: MaybeJobOffer, offerId: string): JobOffer {
  const o = requireJobOffer(offer, offerId);
  if (o.status === 'FILLED') throw conflict('OFFER_FULL', `job offer ${offerId} is filled: its ${o.positions} position(s) are all taken`, 'offerId');
  if (o.status !== 'OPEN') throw conflict('OFFER_CLOSED', `job offer ${offerId} is ${o.status.toLowerCase()}`, 'offerId');
  return o;
}

export function requireCandidate(offer: JobOffer, candidateId: string): Candidate {
  const c = offer.candidates[candidateId];
  if (!c) throw notFound('CANDIDATE_NOT_FOUND', `job offer ${offer.offerId} has no candidate ${candidateId}`, 'candidateId');
  return c;
}
