import { notFound } from '../shared/domain-error';
import { BeneficiaryEvent, BeneficiaryRegistered, EligibilityValidated } from './beneficiary-events';

export const beneficiaryStreamId = (beneficiaryId: string) => `beneficiary-${beneficiaryId}`;
export const beneficiaryIdentityStreamId = (beneficiaryId: string) => `beneficiary-identity-${beneficiaryId}`;

export interface Beneficiary extends Omit<BeneficiaryRegistered['data'], 'registeredOn'> {
  readonly eligibilities: readonly EligibilityValidated['data'][];
}
export type MaybeBeneficiary = Beneficiary | undefined;

export function evolveBeneficiary(beneficiary: MaybeBeneficiary, e: BeneficiaryEvent): MaybeBeneficiary {
  switch (e.type) {
    case 'BeneficiaryRegistered': {
      const { registeredOn: _registeredOn, ...profile } = e.data;
      return { ...profile, eligibilities: [] };
    }
    case 'EligibilityValidated':
      if (!beneficiary) throw new Error(`eligibility for unknown beneficiary ${e.data.beneficiaryId}`);
      return { ...beneficiary, eligibilities: [...beneficiary.eligibilities, e.data] };
  }
}

export function requireBeneficiary(beneficiary: MaybeBeneficiary, beneficiaryId: string): Beneficiary {
  if (!beneficiary) throw notFound('BENEFICIARY_NOT_FOUND', `beneficiary ${beneficiaryId} does not exist`, 'beneficiaryId');
  return beneficiary;
}

/** The validation that makes the person eligible on `date` (the most recent one when several do). */
export function eligibilityOn(beneficiary: Beneficiary, date: string): EligibilityValidated['data'] | undefined {
  return [...beneficiary.eligibilities]
    .reverse()
    .find((e) => e.validatedOn <= date && date <= e.validUntil);
}
