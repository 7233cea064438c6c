import { context, given } from '../testing/given-when-then';
import { aBeneficiaryRegistered, anEligibilityValidated } from '../testing/fixtures';
import { eligibilityOn, evolveBeneficiary } from './beneficiary';
import { registerBeneficiary } from './register-beneficiary';
import { validateEligibility } from './validate-eligibility';

const ctx = context('2026-02-01');
const person = { beneficiaryId: 'b-1', firstName: 'Amina', lastName: 'Diallo', birthDate: '2003-04-12', sex: 'F' as const, postcode: '50100', qpvResident: true, qualificationLevel: 'NONE' as const };
const validation = { beneficiaryId: 'b-1', criteria: ['JEUNE' as const, 'QPV' as const], validatedOn: '2026-02-02', validatedBy: 'C. Lefèvre', proofKinds: ['ID_DOCUMENT' as const] };

describe('registering a beneficiary', () => {
  it('keeps the figures and the identity in separate events, so the name can be erased alone', () => {
    const { figures, identity } = registerBeneficiary(person, undefined, ctx);
    expect(figures).toEqual([aBeneficiaryRegistered()]);
    expect(JSON.stringify(figures)).not.toMatch(/Amina|Diallo/);
    expect(identity).toEqual([{ type: 'BeneficiaryIdentityRecorded', version: 1, data: { beneficiaryId: 'b-1', firstName: 'Amina', lastName: 'Diallo' } }]);
  });
  it('a birth date in the future is refused', () => {
    given([], evolveBeneficiary).when((b) => registerBeneficiary({ ...person, birthDate: '2026-03-01' }, b, ctx)).thenRefuses({ kind: 'rule', code: 'BIRTH_DATE_IN_FUTURE', field: 'birthDate' });
  });
  it('a person under 16 cannot be placed in work', () => {
    given([], evolveBeneficiary).when((b) => registerBeneficiary({ ...person, birthDate: '2010-02-02' }, b, ctx)).thenRefuses({ kind: 'rule', code: 'TOO_YOUNG_TO_WORK' });
  });
  it('the same beneficiary registered twice is a conflict', () => {
    given([aBeneficiaryRegistered()], evolveBeneficiary).when((b) => registerBeneficiary(person, b, ctx)).thenRefuses({ kind: 'conflict', code: 'BENEFICIARY_ALREADY_REGISTERED' });
  });
});

describe('validating eligibility', () => {
  const today = context('2026-03-01');
  it('lasts 6 months by default', () => {
    given([aBeneficiaryRegistered()], evolveBeneficiary).when((b) => validateEligibility(validation, b, today)).then([anEligibilityValidated()]);
  });
  it('the default validity ends on the month\'s last day when the day does not exist', () => {
    const [e] = validateEligibility({ ...validation, validatedOn: '2025-08-31', criteria: ['QPV'] }, evolveBeneficiary(undefined, aBeneficiaryRegistered()), today);
    expect(e.data.validUntil).toBe('2026-02-28');
  });
  it('JEUNE is for people under 26 on the day of validation', () => {
    given([aBeneficiaryRegistered({ birthDate: '2000-02-01' })], evolveBeneficiary).when((b) => validateEligibility(validation, b, today))
      .thenRefuses({ kind: 'rule', code: 'CRITERION_DOES_NOT_APPLY', field: 'criteria' });
  });
  it('SENIOR is for people aged 50 or more', () => {
    given([aBeneficiaryRegistered()], evolveBeneficiary).when((b) => validateEligibility({ ...validation, criteria: ['SENIOR'] }, b, today))
      .thenRefuses({ kind: 'rule', code: 'CRITERION_DOES_NOT_APPLY' });
  });
  it('QPV needs the person to live in a priority neighbourhood', () => {
    given([aBeneficiaryRegistered({ qpvResident: false })], evolveBeneficiary).when((b) => validateEligibility({ ...validation, criteria: ['QPV'] }, b, today))
      .thenRefuses({ kind: 'rule', code: 'CRITERION_DOES_NOT_APPLY' });
  });
  it('a prescriber\'s reasoned opinion must be recorded when it is the basis', () => {
    given([aBeneficiaryRegistered()], evolveBeneficiary).when((b) => validateEligibility({ ...validation, criteria: ['PRESCRIBER_OPINION'] }, b, today))
      .thenRefuses({ kind: 'rule', code: 'PRESCRIBER_OPINION_MISSING', field: 'prescriberOpinion' });
  });
  it('cannot be validated in the future, nor end before it starts, nor have no criterion', () => {
    const b = [aBeneficiaryRegistered()];
    given(b, evolveBeneficiary).when((s) => validateEligibility({ ...validation, validatedOn: '2026-03-02' }, s, today)).thenRefuses({ kind: 'rule', code: 'VALIDATION_IN_FUTURE' });
    given(b, evolveBeneficiary).when((s) => validateEligibility({ ...validation, validUntil: '2026-02-01' }, s, today)).thenRefuses({ kind: 'rule', code: 'VALIDITY_REVERSED' });
    given(b, evolveBeneficiary).when((s) => validateEligibility({ ...validation, criteria: [] }, s, today)).thenRefuses({ kind: 'rule', code: 'NO_CRITERION' });
  });
  it('an unknown beneficiary is not found', () => {
    given([], evolveBeneficiary).when((b) => validateEligibility(validation, b, today)).thenRefuses({ kind: 'not_found', code: 'BENEFICIARY_NOT_FOUND' });
  });
  it('eligibilityOn finds the validation covering a date, bounds included', () => {
    const b = evolveBeneficiary(evolveBeneficiary(undefined, aBeneficiaryRegistered()), anEligibilityValidated())!;
    expect(eligibilityOn(b, '2026-02-02')?.validatedOn).toBe('2026-02-02');
    expect(eligibilityOn(b, '2026-08-02')?.validatedOn).toBe('2026-02-02');
    expect(eligibilityOn(b, '2026-02-01')).toBeUndefined();
    expect(eligibilityOn(b, '2026-08-03')).toBeUndefined();
  });
});
