import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { ageOn, requireIsoDate } from '../shared/dates';
import { requirePostcode } from '../company/company';
import { QualificationLevel, Sex } from '../shared/vocabulary';
import { BeneficiaryIdentityRecorded, BeneficiaryRegistered } from './beneficiary-events';
import { MaybeBeneficiary } from './beneficiary';

export interface RegisterBeneficiary {
  readonly beneficiaryId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string;
  readonly sex: Sex;
  readonly postcode: string;
  readonly qpvResident: boolean;
  readonly qualificationLevel: QualificationLevel;
}

/** Two streams are written: the figures, and the identity that can be erased later on its own. */
export interface BeneficiaryRegistration {
  readonly figures: BeneficiaryRegistered[];
  readonly identity: BeneficiaryIdentityRecorded[];
}

export function registerBeneficiary(cmd: RegisterBeneficiary, beneficiary: MaybeBeneficiary, ctx: DecisionContext): BeneficiaryRegistration {
  if (beneficiary) throw conflict('BENEFICIARY_ALREADY_REGISTERED', `beneficiary ${cmd.beneficiaryId} is already registered`, 'beneficiaryId');
  requireIsoDate(cmd.birthDate, 'birthDate');
  if (cmd.birthDate > ctx.today) throw ruleBroken('BIRTH_DATE_IN_FUTURE', `birthDate ${cmd.birthDate} is in the future`, 'birthDate');
  const age = ageOn(cmd.birthDate, ctx.today);
  if (age < 16) throw ruleBroken('TOO_YOUNG_TO_WORK', `a beneficiary must be at least 16 years old (legal working age), got ${age}`, 'birthDate');
  requirePostcode(cmd.postcode, 'postcode');
  return {
    figures: [
      event('BeneficiaryRegistered', {
        beneficiaryId: cmd.beneficiaryId,
        birthDate: cmd.birthDate,
        sex: cmd.sex,
        postcode: cmd.postcode,
        qpvResident: cmd.qpvResident,
        qualificationLevel: cmd.qualificationLevel,
        registeredOn: ctx.today,
      }),
    ],
    identity: [event('BeneficiaryIdentityRecorded', { beneficiaryId: cmd.beneficiaryId, firstName: cmd.firstName, lastName: cmd.lastName })],
  };
}
