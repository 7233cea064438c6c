import { DomainEvent } from '../shared/domain-event';
import { ContractType, Modality } from '../shared/vocabulary';
import { CandidateProfile, CandidateSource, NotRetainedReason, OfferRequirements } from './job-offer-vocabulary';

export type JobOfferPublished = DomainEvent<'JobOfferPublished', {
  offerId: string;
  marketId: string;
  lotId: string;
  companyId: string;
  jobTitle: string;
  romeCode: string;
  contractType: ContractType;
  weeklyHours: number;
  positions: number;
  startDate: string;
  place: string;
  requirements: OfferRequirements;
  /** The day the offer lapses if not filled before. */
  expiresOn: string;
  publishedOn: string;
}>;

export type JobOfferShared = DomainEvent<'JobOfferShared', { offerId: string; partnerIds: string[]; sharedOn: string }>;

export type CandidateProposed = DomainEvent<'CandidateProposed', CandidateProfile & {
  offerId: string;
  candidateId: string;
  source: CandidateSource;
  /** Set when the person is already a registered beneficiary: links the candidacy to their journey. */
  beneficiaryId: string | null;
  proposedOn: string;
}>;

export type CandidatePreselected = DomainEvent<'CandidatePreselected', { offerId: string; candidateId: string; preselectedOn: string }>;
export type CandidateInterviewed = DomainEvent<'CandidateInterviewed', { offerId: string; candidateId: string; interviewedOn: string }>;
export type CandidateNotRetained = DomainEvent<'CandidateNotRetained', { offerId: string; candidateId: string; reason: NotRetainedReason; decidedOn: string }>;

/** The hire, decided on the offer; the placement it names is then written to its own stream (idempotently). */
export type CandidateHired = DomainEvent<'CandidateHired', {
  offerId: string;
  candidateId: string;
  beneficiaryId: string;
  placementId: string;
  marketId: string;
  lotId: string;
  companyId: string;
  modality: Modality;
  contractType: ContractType;
  startDate: string;
  plannedEndDate: string;
  hiredOn: string;
}>;

export type JobOfferFilled = DomainEvent<'JobOfferFilled', { offerId: string; filledOn: string }>;
export type JobOfferCancelled = DomainEvent<'JobOfferCancelled', { offerId: string; cancelledOn: string }>;
export type JobOfferExpired = DomainEvent<'JobOfferExpired', { offerId: string; expiredOn: string }>;

export type JobOfferEvent =
  | JobOfferPublished | JobOfferShared | CandidateProposed | CandidatePreselected | CandidateInterviewed | CandidateNotRetained
  | CandidateHired | JobOfferFilled | JobOfferCancelled | JobOfferExpired;
