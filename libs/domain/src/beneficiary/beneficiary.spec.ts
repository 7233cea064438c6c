import { fold } from '../testing/given-when-then';
import { aBeneficiaryRegistered, anEligibilityValidated } from '../testing/fixtures';
import { eligibilityOn, evolveBeneficiary } from './beneficiary';

const validated = fold([aBeneficiaryRegistered(), anEligibilityValidated()]).beneficiary!;

describe('eligibility on a date', () => {
  it('holds from the day of validation', () => {
    expect(eligibilityOn(validated, '2026-02-02')).toEqual(anEligibilityValidated().data);
  });
  it('holds until its last day included', () => {
    expect(eligibilityOn(validated, '2026-08-02')).toEqual(anEligibilityValidated().data);
  });
  it('does not hold before the validation', () => {
    expect(eligibilityOn(validated, '2026-02-01')).toBeUndefined();
  });
  it('does not hold once expired', () => {
    expect(eligibilityOn(validated, '2026-08-03')).toBeUndefined();
  });
  it('is the most recent validation when several cover the date', () => {
    const renewal = anEligibilityValidated({ criteria: ['RSA'], validatedOn: '2026-07-01', validUntil: '2027-01-01' });
    const { beneficiary } = fold([aBeneficiaryRegistered(), anEligibilityValidated(), renewal]);
    expect([eligibilityOn(beneficiary!, '2026-07-15'), eligibilityOn(beneficiary!, '2026-06-30')]).toEqual([renewal.data, anEligibilityValidated().data]);
  });
  it('a validation for a beneficiary never registered is a broken history, not a refusal', () => {
    expect(() => evolveBeneficiary(undefined, anEligibilityValidated())).toThrow('eligibility for unknown beneficiary b-1');
  });
});
