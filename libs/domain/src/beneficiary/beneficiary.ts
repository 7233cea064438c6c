import { gone, notFound } from '../shared/domain-error';
import { BeneficiaryErased, BeneficiaryEvent, BeneficiaryRegistered, EligibilityValidated } from './beneficiary-events';

export const beneficiaryStreamId = (beneficiaryId: string) => `beneficiary-${beneficiaryId}`;
/** v1 only: where names were written before they were sealed into BeneficiaryRegistered. */
export const beneficiaryIdentityStreamId = (beneficiaryId: string) => `beneficiary-identity-${beneficiaryId}`;

type Registration = BeneficiaryRegistered['data'];
export interface Beneficiary extends Registration {
  readonly eligibilities: readonly EligibilityValidated['data'][];
  readonly erased?: Omit<BeneficiaryErased['data'], 'beneficiaryId'>;
}
export type MaybeBeneficiary = Beneficiary | undefined;

export function evolveBeneficiary(beneficiary: MaybeBeneficiary, e: BeneficiaryEvent): MaybeBeneficiary {
  switch (e.type) {
    case 'BeneficiaryRegistered':
      return { ...e.data, eligibilities: [] };
    case 'EligibilityValidated':
      if (!beneficiary) throw new Error(`eligibility for unknown beneficiary ${e.data.beneficiaryId}`);
      return { ...beneficiary, eligibilities: [...beneficiary.eligibilities, e.data] };
    case 'BeneficiaryErased': {
      if (!beneficiary) throw new Error(`erasure of unknown beneficiary ${e.data.beneficiaryId}`);
      const { beneficiaryId: _id, ...erased } = e.data;
      return { ...beneficiary, erased };
    }
  }
}

export function requireBeneficiary(beneficiary: MaybeBeneficiary, beneficiaryId: string): Beneficiary {
  if (!beneficiary) throw notFound('BENEFICIARY_NOT_FOUND', `beneficiary ${beneficiaryId} does not exist`, 'beneficiaryId');
  return beneficiary;
}

/** An erased person's record stays (figures, history) but nothing new is learnt about them. */
export function requireNotErased(beneficiary: Beneficiary): Beneficiary {
  if (beneficiary.erased) throw beneficiaryErased(beneficiary.beneficiaryId, beneficiary.erased.erasedOn);
  return beneficiary;
}

export const beneficiaryErased = (beneficiaryId: string, erasedOn: string) =>
  gone('BENEFICIARY_ERASED', `beneficiary ${beneficiaryId}'s personal data was erased on ${erasedOn}`, 'beneficiaryId');

/** The validation that makes the person eligible on `date` (the most recent one when several do). */
export function eligibilityOn(beneficiary: Beneficiary, date: string): EligibilityValidated['data'] | undefined {
  return [...beneficiary.eligibilities]
    .reverse()
    .find((e) => e.validatedOn <= date && date <= e.validUntil);
}
