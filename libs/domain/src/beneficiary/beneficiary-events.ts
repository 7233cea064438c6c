import { DomainEvent } from '../shared/domain-event';
import { EligibilityCriterion, ProofKind, QualificationLevel, Sex } from '../shared/vocabulary';

/** The figures the bilans need; never the person's name (see BeneficiaryIdentityRecorded). */
export type BeneficiaryRegistered = DomainEvent<'BeneficiaryRegistered', {
  beneficiaryId: string;
  birthDate: string;
  sex: Sex;
  postcode: string;
  qpvResident: boolean;
  qualificationLevel: QualificationLevel;
  registeredOn: string;
}>;

/**
 * Identity lives in its own stream (beneficiary-identity-<id>) so it can be erased on request
 * without touching the figures nor the history the bilans are computed from.
 */
export type BeneficiaryIdentityRecorded = DomainEvent<'BeneficiaryIdentityRecorded', {
  beneficiaryId: string;
  firstName: string;
  lastName: string;
}>;

export type EligibilityValidated = DomainEvent<'EligibilityValidated', {
  beneficiaryId: string;
  criteria: EligibilityCriterion[];
  validatedOn: string;
  validUntil: string;
  /** Who validated (the facilitator), never the proof itself. */
  validatedBy: string;
  proofKinds: ProofKind[];
  /** Required when the person is accepted on a prescriber's reasoned opinion. */
  prescriberOpinion?: { prescriber: string; summary: string };
}>;

export type BeneficiaryEvent = BeneficiaryRegistered | EligibilityValidated;
export const BENEFICIARY_EVENT_TYPES: ReadonlySet<string> = new Set(['BeneficiaryRegistered', 'EligibilityValidated']);
