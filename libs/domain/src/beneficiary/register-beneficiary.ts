import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { ageOn, requireIsoDate } from '../shared/dates';
import { requirePostcode } from '../company/company';
import { QualificationLevel, Sex, departmentOfPostcode } from '../shared/vocabulary';
import { ageBandOn } from './age-band';
import { BeneficiaryRegistered } from './beneficiary-events';
import { MaybeBeneficiary } from './beneficiary';
import { SealedIdentity } from './identity';

/**
 * The birth date and postcode are checked here but never written: the event keeps the identity as
 * the ciphertext the handler sealed, and only derived, non-identifying attributes in clear.
 */
export interface RegisterBeneficiary {
  readonly beneficiaryId: string;
  readonly birthDate: string;
  readonly sex: Sex;
  readonly postcode: string;
  readonly qpvResident: boolean;
  readonly qualificationLevel: QualificationLevel;
  readonly identity: SealedIdentity;
}

export const BENEFICIARY_REGISTERED_VERSION = 2;

/** Checked by the handler before it creates a key and seals, and again by the decider. */
export function requireNotRegistered(beneficiary: MaybeBeneficiary, beneficiaryId: string): void {
  if (beneficiary) throw conflict('BENEFICIARY_ALREADY_REGISTERED', `beneficiary ${beneficiaryId} is already registered`, 'beneficiaryId');
}

export function registerBeneficiary(cmd: RegisterBeneficiary, beneficiary: MaybeBeneficiary, ctx: DecisionContext): BeneficiaryRegistered[] {
  requireNotRegistered(beneficiary, cmd.beneficiaryId);
  requireIsoDate(cmd.birthDate, 'birthDate');
  if (cmd.birthDate > ctx.today) throw ruleBroken('BIRTH_DATE_IN_FUTURE', `birthDate ${cmd.birthDate} is in the future`, 'birthDate');
  const age = ageOn(cmd.birthDate, ctx.today);
  if (age < 16) throw ruleBroken('TOO_YOUNG_TO_WORK', `a beneficiary must be at least 16 years old (legal working age), got ${age}`, 'birthDate');
  requirePostcode(cmd.postcode, 'postcode');
  return [
    event('BeneficiaryRegistered', {
      beneficiaryId: cmd.beneficiaryId,
      identity: cmd.identity,
      ageBand: ageBandOn(cmd.birthDate, ctx.today),
      sex: cmd.sex,
      department: departmentOfPostcode(cmd.postcode),
      qpvResident: cmd.qpvResident,
      qualificationLevel: cmd.qualificationLevel,
      registeredOn: ctx.today,
    }, BENEFICIARY_REGISTERED_VERSION),
  ];
}
