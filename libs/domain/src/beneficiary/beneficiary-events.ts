import { DomainEvent } from '../shared/domain-event';
import { EligibilityCriterion, ProofKind, QualificationLevel, Sex } from '../shared/vocabulary';
import { AgeBand } from './age-band';
import { StoredIdentity } from './identity';

/**
 * v2: one event, one stream. The identity travels as ciphertext under the person's own key (held
 * outside the log, destroyed on erasure); only non-identifying attributes the bilans count stay clear.
 */
export type BeneficiaryRegistered = DomainEvent<'BeneficiaryRegistered', {
  beneficiaryId: string;
  identity: StoredIdentity;
  /** At registration (entry into the scheme): the bilans' age bands without the exact birth date. */
  ageBand: AgeBand;
  sex: Sex;
  /** Département of the postcode: territorial figures without the address. */
  department: string;
  qpvResident: boolean;
  qualificationLevel: QualificationLevel;
  registeredOn: string;
}>;

/** v1 payload (birth date and postcode in clear, names in beneficiary-identity-<id>); read through upcastBeneficiaryRegistered. */
export interface BeneficiaryRegisteredV1Data {
  beneficiaryId: string;
  birthDate: string;
  sex: Sex;
  postcode: string;
  qpvResident: boolean;
  qualificationLevel: QualificationLevel;
  registeredOn: string;
}

/** v1 only (stream beneficiary-identity-<id>): no longer written, still readable. */
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

/** Who did it, as the API authenticated them ('anonymous' when nobody signed in). */
export interface ActorRef {
  userId: string;
  organisationId?: string;
  role?: string;
}

/** The person's key was destroyed: their identity can no longer be read. Carries no personal data. */
export type BeneficiaryErased = DomainEvent<'BeneficiaryErased', {
  beneficiaryId: string;
  erasedOn: string;
  reason: string;
  erasedBy: ActorRef;
}>;

export type BeneficiaryEvent = BeneficiaryRegistered | EligibilityValidated | BeneficiaryErased;
export const BENEFICIARY_EVENT_TYPES: ReadonlySet<string> = new Set(['BeneficiaryRegistered', 'EligibilityValidated', 'BeneficiaryErased']);
