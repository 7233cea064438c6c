import { ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { addMonths, ageOn, requireIsoDate } from '../shared/dates';
import { EligibilityCriterion, ProofKind } from '../shared/vocabulary';
import { EligibilityValidated } from './beneficiary-events';
import { MaybeBeneficiary, requireBeneficiary, requireNotErased } from './beneficiary';

export interface ValidateEligibility {
  readonly beneficiaryId: string;
  readonly criteria: readonly EligibilityCriterion[];
  readonly validatedOn: string;
  /** Defaults to validatedOn + the policy's validity (6 months). */
  readonly validUntil?: string;
  readonly validatedBy: string;
  readonly proofKinds: readonly ProofKind[];
  readonly prescriberOpinion?: { prescriber: string; summary: string };
}

/**
 * `birthDate` is opened from the person's sealed identity by the handler (JEUNE and SENIOR are
 * judged on the exact age on the day of validation); undefined only when nothing can be opened.
 */
export function validateEligibility(cmd: ValidateEligibility, beneficiary: MaybeBeneficiary, ctx: DecisionContext, birthDate: string | undefined): EligibilityValidated[] {
  const person = requireNotErased(requireBeneficiary(beneficiary, cmd.beneficiaryId));
  requireIsoDate(cmd.validatedOn, 'validatedOn');
  if (cmd.validatedOn > ctx.today) throw ruleBroken('VALIDATION_IN_FUTURE', `validatedOn ${cmd.validatedOn} is after today (${ctx.today})`, 'validatedOn');
  const validUntil = cmd.validUntil ?? addMonths(cmd.validatedOn, ctx.policy.eligibilityValidityMonths);
  requireIsoDate(validUntil, 'validUntil');
  if (validUntil < cmd.validatedOn) throw ruleBroken('VALIDITY_REVERSED', `validUntil (${validUntil}) must not be before validatedOn (${cmd.validatedOn})`, 'validUntil');
  if (cmd.criteria.length === 0) throw ruleBroken('NO_CRITERION', 'criteria needs at least one eligibility criterion', 'criteria');
  if (new Set(cmd.criteria).size !== cmd.criteria.length) throw ruleBroken('DUPLICATE_CRITERION', 'criteria lists a criterion twice', 'criteria');
  if (birthDate === undefined) throw new Error(`beneficiary ${cmd.beneficiaryId}: identity could not be opened to judge the age`);
  const age = ageOn(birthDate, cmd.validatedOn);
  if (cmd.criteria.includes('JEUNE') && age >= 26) {
    throw ruleBroken('CRITERION_DOES_NOT_APPLY', `criterion JEUNE is for people under 26; the beneficiary was ${age} on ${cmd.validatedOn}`, 'criteria');
  }
  if (cmd.criteria.includes('SENIOR') && age < 50) {
    throw ruleBroken('CRITERION_DOES_NOT_APPLY', `criterion SENIOR is for people aged 50 or more; the beneficiary was ${age} on ${cmd.validatedOn}`, 'criteria');
  }
  if (cmd.criteria.includes('QPV') && !person.qpvResident) {
    throw ruleBroken('CRITERION_DOES_NOT_APPLY', 'criterion QPV needs the beneficiary to be registered as living in a priority neighbourhood (qpvResident)', 'criteria');
  }
  if (cmd.criteria.includes('CAP_BEP') && !['NONE', '3'].includes(person.qualificationLevel)) {
    throw ruleBroken('CRITERION_DOES_NOT_APPLY', `criterion CAP_BEP is for people with no qualification above level 3; the beneficiary is registered at level ${person.qualificationLevel}`, 'criteria');
  }
  if (cmd.criteria.includes('PRESCRIBER_OPINION') && !cmd.prescriberOpinion) {
    throw ruleBroken('PRESCRIBER_OPINION_MISSING', 'criterion PRESCRIBER_OPINION needs prescriberOpinion (who gave the reasoned opinion and its summary)', 'prescriberOpinion');
  }
  if (cmd.proofKinds.length === 0) throw ruleBroken('NO_PROOF_KIND', 'proofKinds must name the kind of proof seen (the proof itself is never stored)', 'proofKinds');
  return [
    event('EligibilityValidated', {
      beneficiaryId: cmd.beneficiaryId,
      criteria: [...cmd.criteria],
      validatedOn: cmd.validatedOn,
      validUntil,
      validatedBy: cmd.validatedBy,
      proofKinds: [...cmd.proofKinds],
      ...(cmd.prescriberOpinion ? { prescriberOpinion: cmd.prescriberOpinion } : {}),
    }),
  ];
}
