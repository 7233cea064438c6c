import { ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { Modality } from '../shared/vocabulary';
import { PlaceBeneficiary, PlacementWorld, placeBeneficiary } from '../placement/place-beneficiary';
import { CandidateHired, JobOfferFilled } from './job-offer-events';
import { JobOffer, MaybeJobOffer, requireCandidate, requireOpenOffer } from './job-offer';

export interface HireCandidate {
  readonly offerId: string;
  readonly candidateId: string;
  /** The placement the hire becomes (the API derives it from offer and candidate, so a retry names the same one). */
  readonly placementId: string;
  /** Needed when the candidacy is not yet linked to a registered beneficiary. */
  readonly beneficiaryId?: string;
  readonly modality: Modality;
  readonly startDate?: string;
  readonly plannedEndDate: string;
}

/** The placement command a hire stands for: the offer's lot, company and contract. */
export function placementOfHire(cmd: HireCandidate, offer: JobOffer, beneficiaryId: string): PlaceBeneficiary {
  return {
    placementId: cmd.placementId, marketId: offer.marketId, lotId: offer.lotId, companyId: offer.companyId, beneficiaryId,
    modality: cmd.modality, contractType: offer.contractType, startDate: cmd.startDate ?? offer.startDate, plannedEndDate: cmd.plannedEndDate,
  };
}

export function beneficiaryOfHire(cmd: HireCandidate, offer: MaybeJobOffer): string {
  const o = requireOpenOffer(offer, cmd.offerId);
  const candidate = requireCandidate(o, cmd.candidateId);
  const beneficiaryId = candidate.beneficiaryId ?? cmd.beneficiaryId;
  if (!beneficiaryId) throw ruleBroken('CANDIDATE_NOT_REGISTERED', `candidate ${cmd.candidateId} is not linked to a beneficiary: register the person and give beneficiaryId`, 'beneficiaryId');
  return beneficiaryId;
}

/**
 * Decided on the offer stream, so two hires racing for the last position cannot both win. The
 * placement is checked with the very PlaceBeneficiary rules (eligibility on the start date, the
 * company holds the lot...): a hire is refused exactly when the placement would be.
 */
export function hireCandidate(cmd: HireCandidate, offer: MaybeJobOffer, world: Omit<PlacementWorld, 'placement'>, ctx: DecisionContext): (CandidateHired | JobOfferFilled)[] {
  const o = requireOpenOffer(offer, cmd.offerId);
  const candidate = requireCandidate(o, cmd.candidateId);
  if (candidate.stage === 'HIRED' || candidate.stage === 'NOT_RETAINED') {
    throw ruleBroken('CANDIDATE_NOT_PRESELECTED', `candidate ${cmd.candidateId} is ${candidate.stage === 'HIRED' ? 'already hired' : 'not retained'}`, 'candidateId');
  }
  if (candidate.stage === 'PROPOSED') throw ruleBroken('CANDIDATE_NOT_PRESELECTED', `candidate ${cmd.candidateId} must be preselected before a hire`, 'candidateId');
  const beneficiaryId = beneficiaryOfHire(cmd, offer);
  if (Object.values(o.candidates).some((c) => c.stage === 'HIRED' && c.beneficiaryId === beneficiaryId)) {
    throw ruleBroken('CANDIDATE_NOT_PRESELECTED', `beneficiary ${beneficiaryId} is already hired on job offer ${cmd.offerId}`, 'beneficiaryId');
  }
  const [placed] = placeBeneficiary(placementOfHire(cmd, o, beneficiaryId), { ...world, placement: undefined }, ctx);
  const { eligibility: _e, placedOn: _p, ...placement } = placed.data;
  const hired = event('CandidateHired', { offerId: cmd.offerId, candidateId: cmd.candidateId, ...placement, hiredOn: ctx.today });
  return o.hired + 1 === o.positions ? [hired, event('JobOfferFilled', { offerId: cmd.offerId, filledOn: ctx.today })] : [hired];
}
