import { Streams, context, given } from '../testing/given-when-then';
import { aBeneficiaryRegistered, anEligibilityValidated, anErasure } from '../testing/fixtures';
import { DecisionContext } from '../shared/domain-event';
import { ValidateEligibility, validateEligibility } from './validate-eligibility';

const today = context('2026-03-01');
const cmd: ValidateEligibility = { beneficiaryId: 'b-1', criteria: ['JEUNE', 'QPV'], validatedOn: '2026-02-02', validatedBy: 'C. Lefèvre', proofKinds: ['ID_DOCUMENT'] };
const AMINA_BIRTH_DATE = '2003-04-12';
const validate = (over: Partial<ValidateEligibility> = {}, ctx: DecisionContext = today, birthDate = AMINA_BIRTH_DATE) => ({ beneficiary }: Streams) =>
  validateEligibility({ ...cmd, ...over }, beneficiary, ctx, birthDate);
/** The birth date is sealed in the event: the handler opens it and hands it to the decider. */
const bornOn = (birthDate: string) => (over: Partial<ValidateEligibility> = {}) => validate(over, today, birthDate);
const registered = (over: Parameters<typeof aBeneficiaryRegistered>[0] = {}) => [aBeneficiaryRegistered(over)];

describe('validating eligibility', () => {
  it('records the criteria, who validated them and the kinds of proof seen, never the proof', () => {
    given(registered()).when(validate()).then([anEligibilityValidated()]);
  });
  it('lasts 6 months by default', () => {
    given(registered()).when(validate({ validatedOn: '2026-01-15' })).then([anEligibilityValidated({ validatedOn: '2026-01-15', validUntil: '2026-07-15' })]);
  });
  it('the default validity ends on the month\'s last day when the same day does not exist 6 months later', () => {
    given(registered()).when(validate({ validatedOn: '2026-08-31' }, context('2026-09-01'))).then([anEligibilityValidated({ validatedOn: '2026-08-31', validUntil: '2027-02-28' })]);
  });
  it('the default validity follows the policy', () => {
    given(registered()).when(validate({}, context('2026-03-01', { eligibilityValidityMonths: 12 }))).then([anEligibilityValidated({ validUntil: '2027-02-02' })]);
  });
  it('keeps an end date the facilitator gives', () => {
    given(registered()).when(validate({ validUntil: '2026-12-31' })).then([anEligibilityValidated({ validUntil: '2026-12-31' })]);
  });
  it('may be validated today, not in the future', () => {
    given(registered()).when(validate({ validatedOn: '2026-03-01' })).then([anEligibilityValidated({ validatedOn: '2026-03-01', validUntil: '2026-09-01' })]);
    given(registered()).when(validate({ validatedOn: '2026-03-02' })).thenRefuses({ kind: 'rule', code: 'VALIDATION_IN_FUTURE', field: 'validatedOn' });
  });
  it('dates are real calendar dates', () => {
    given(registered()).when(validate({ validatedOn: '2026-02-30' })).thenRefuses({ kind: 'rule', code: 'INVALID_DATE', field: 'validatedOn' });
    given(registered()).when(validate({ validUntil: '2026-09-31' })).thenRefuses({ kind: 'rule', code: 'INVALID_DATE', field: 'validUntil' });
  });
  it('cannot end before it starts', () => {
    given(registered()).when(validate({ validUntil: '2026-02-01' })).thenRefuses({ kind: 'rule', code: 'VALIDITY_REVERSED', field: 'validUntil' });
  });
  it('needs at least one criterion', () => {
    given(registered()).when(validate({ criteria: [] })).thenRefuses({ kind: 'rule', code: 'NO_CRITERION', field: 'criteria' });
  });
  it('lists each criterion once', () => {
    given(registered()).when(validate({ criteria: ['RSA', 'RSA'] })).thenRefuses({ kind: 'rule', code: 'DUPLICATE_CRITERION', field: 'criteria' });
  });
  it('names the kind of proof seen', () => {
    given(registered()).when(validate({ proofKinds: [] })).thenRefuses({ kind: 'rule', code: 'NO_PROOF_KIND', field: 'proofKinds' });
  });
  it('JEUNE applies up to the eve of the 26th birthday', () => {
    given(registered()).when(bornOn('2000-02-03')({ criteria: ['JEUNE'] })).then([anEligibilityValidated({ criteria: ['JEUNE'] })]);
  });
  it('JEUNE no longer applies from the 26th birthday', () => {
    given(registered()).when(bornOn('2000-02-02')({ criteria: ['JEUNE'] })).thenRefuses({ kind: 'rule', code: 'CRITERION_DOES_NOT_APPLY', field: 'criteria' });
  });
  it('JEUNE is judged on the day of validation, not on the day it is recorded', () => {
    given(registered()).when(bornOn('2000-02-15')({ criteria: ['JEUNE'] })).then([anEligibilityValidated({ criteria: ['JEUNE'] })]);
  });
  it('SENIOR applies from the 50th birthday', () => {
    given(registered()).when(bornOn('1976-02-02')({ criteria: ['SENIOR'] })).then([anEligibilityValidated({ criteria: ['SENIOR'] })]);
  });
  it('SENIOR does not apply before the 50th birthday', () => {
    given(registered()).when(bornOn('1976-02-03')({ criteria: ['SENIOR'] })).thenRefuses({ kind: 'rule', code: 'CRITERION_DOES_NOT_APPLY', field: 'criteria' });
  });
  it('QPV needs the person to be registered as living in a priority neighbourhood', () => {
    given(registered({ qpvResident: false })).when(validate({ criteria: ['QPV'] })).thenRefuses({ kind: 'rule', code: 'CRITERION_DOES_NOT_APPLY', field: 'criteria' });
  });
  it('CAP_BEP applies to a person with no qualification above level 3 (CAP, BEP)', () => {
    given(registered({ qualificationLevel: '3' })).when(validate({ criteria: ['CAP_BEP'] })).then([anEligibilityValidated({ criteria: ['CAP_BEP'] })]);
    given(registered({ qualificationLevel: 'NONE' })).when(validate({ criteria: ['CAP_BEP'] })).then([anEligibilityValidated({ criteria: ['CAP_BEP'] })]);
  });
  it('CAP_BEP does not apply to a person qualified above level 3', () => {
    given(registered({ qualificationLevel: '4' })).when(validate({ criteria: ['CAP_BEP'] })).thenRefuses({ kind: 'rule', code: 'CRITERION_DOES_NOT_APPLY', field: 'criteria' });
  });
  it('a prescriber\'s reasoned opinion must be recorded when it is the basis', () => {
    given(registered()).when(validate({ criteria: ['PRESCRIBER_OPINION'] })).thenRefuses({ kind: 'rule', code: 'PRESCRIBER_OPINION_MISSING', field: 'prescriberOpinion' });
  });
  it('a prescriber\'s reasoned opinion is kept with the validation', () => {
    const prescriberOpinion = { prescriber: 'Mission locale du Cotentin', summary: 'sortie de scolarité sans diplôme, isolement' };
    given(registered()).when(validate({ criteria: ['PRESCRIBER_OPINION'], proofKinds: ['PRESCRIBER_FORM'], prescriberOpinion }))
      .then([anEligibilityValidated({ criteria: ['PRESCRIBER_OPINION'], proofKinds: ['PRESCRIBER_FORM'], prescriberOpinion })]);
  });
  it('an erased person gets no new eligibility (410)', () => {
    given([...registered(), anErasure()]).when(validate()).thenRefuses({ kind: 'gone', code: 'BENEFICIARY_ERASED', field: 'beneficiaryId' });
  });
  it('an unknown beneficiary is not found', () => {
    given().when(validate()).thenRefuses({ kind: 'not_found', code: 'BENEFICIARY_NOT_FOUND', field: 'beneficiaryId' });
  });
});
