import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { MaybeBeneficiary, requireBeneficiary, requireNotErased } from '../beneficiary/beneficiary';
import { MaybePartner, requirePartner } from './partner';
import { CandidateInterviewed, CandidateNotRetained, CandidatePreselected, CandidateProposed } from './job-offer-events';
import { Candidate, JobOffer, MaybeJobOffer, requireCandidate, requireOpenOffer } from './job-offer';
import { CandidateProfile, CandidateSource, NotRetainedReason } from './job-offer-vocabulary';

export interface ProposeCandidate extends CandidateProfile {
  readonly offerId: string;
  readonly candidateId: string;
  readonly source: CandidateSource;
  readonly beneficiaryId: string | null;
}

export interface CandidateWorld {
  readonly offer: MaybeJobOffer;
  /** The proposing partner, when a partner proposes. */
  readonly partner: MaybePartner;
  /** The linked beneficiary, when there is one. */
  readonly beneficiary: MaybeBeneficiary;
}

/** A partner proposes only on an offer it received; a linked person must be registered and not erased. */
export function proposeCandidate(cmd: ProposeCandidate, world: CandidateWorld, ctx: DecisionContext): CandidateProposed[] {
  const offer = requireOpenOffer(world.offer, cmd.offerId);
  if (offer.candidates[cmd.candidateId]) throw conflict('CANDIDATE_ALREADY_PROPOSED', `candidate ${cmd.candidateId} is already on job offer ${cmd.offerId}`, 'candidateId');
  if (cmd.source.by === 'PARTNER') {
    requirePartner(world.partner, cmd.source.partnerId, 'partnerId');
    if (!offer.sharedWith.includes(cmd.source.partnerId)) {
      throw ruleBroken('OFFER_NOT_SHARED_WITH_PARTNER', `job offer ${cmd.offerId} was not shared with partner ${cmd.source.partnerId}`, 'partnerId');
    }
  }
  if (cmd.beneficiaryId) {
    requireNotErased(requireBeneficiary(world.beneficiary, cmd.beneficiaryId));
    const twice = Object.values(offer.candidates).find((c) => c.beneficiaryId === cmd.beneficiaryId);
    if (twice) throw conflict('CANDIDATE_ALREADY_PROPOSED', `beneficiary ${cmd.beneficiaryId} is already candidate ${twice.candidateId} on job offer ${cmd.offerId}`, 'beneficiaryId');
  }
  const { offerId, candidateId, source, beneficiaryId, qpvResident, sex, ageBand } = cmd;
  return [event('CandidateProposed', { offerId, candidateId, source, beneficiaryId, qpvResident, sex, ageBand, proposedOn: ctx.today })];
}

/** A candidacy only moves forward, and a hire or a refusal ends it. */
function activeCandidate(offer: JobOffer, candidateId: string): Candidate {
  const c = requireCandidate(offer, candidateId);
  if (c.stage === 'HIRED' || c.stage === 'NOT_RETAINED') {
    throw conflict('CANDIDACY_CLOSED', `candidate ${candidateId} is already ${c.stage === 'HIRED' ? 'hired' : 'not retained'}`, 'candidateId');
  }
  return c;
}

export function preselectCandidate(offerId: string, candidateId: string, offer: MaybeJobOffer, ctx: DecisionContext): CandidatePreselected[] {
  const c = activeCandidate(requireOpenOffer(offer, offerId), candidateId);
  if (c.stage !== 'PROPOSED') throw conflict('CANDIDATE_ALREADY_PRESELECTED', `candidate ${candidateId} is already preselected`, 'candidateId');
  return [event('CandidatePreselected', { offerId, candidateId, preselectedOn: ctx.today })];
}

export function recordInterview(offerId: string, candidateId: string, offer: MaybeJobOffer, ctx: DecisionContext): CandidateInterviewed[] {
  const c = activeCandidate(requireOpenOffer(offer, offerId), candidateId);
  if (c.stage !== 'PRESELECTED') throw ruleBroken('CANDIDATE_NOT_PRESELECTED', `candidate ${candidateId} must be preselected (and not yet interviewed) to be interviewed`, 'candidateId');
  return [event('CandidateInterviewed', { offerId, candidateId, interviewedOn: ctx.today })];
}

export function notRetainCandidate(offerId: string, candidateId: string, reason: NotRetainedReason, offer: MaybeJobOffer, ctx: DecisionContext): CandidateNotRetained[] {
  activeCandidate(requireOpenOffer(offer, offerId), candidateId);
  return [event('CandidateNotRetained', { offerId, candidateId, reason, decidedOn: ctx.today })];
}
