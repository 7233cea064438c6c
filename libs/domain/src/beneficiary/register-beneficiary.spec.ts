import { Streams, context, given } from '../testing/given-when-then';
import { aBeneficiaryRegistered } from '../testing/fixtures';
import { RegisterBeneficiary, registerBeneficiary } from './register-beneficiary';

const ctx = context('2026-02-01');
const amina: RegisterBeneficiary = {
  beneficiaryId: 'b-1', firstName: 'Amina', lastName: 'Diallo', birthDate: '2003-04-12', sex: 'F', postcode: '50100', qpvResident: true, qualificationLevel: 'NONE',
};
const register = (over: Partial<RegisterBeneficiary> = {}) => ({ beneficiary }: Streams) => registerBeneficiary({ ...amina, ...over }, beneficiary, ctx).figures;

describe('registering a beneficiary', () => {
  it('records the figures the bilans need: birth date, sex, postcode, QPV residence, qualification', () => {
    given().when(register()).then([aBeneficiaryRegistered()]);
  });
  it('keeps the identity apart in its own event, so the name can be erased without touching the figures', () => {
    expect(registerBeneficiary(amina, undefined, ctx)).toEqual({
      figures: [aBeneficiaryRegistered()],
      identity: [{ type: 'BeneficiaryIdentityRecorded', version: 1, data: { beneficiaryId: 'b-1', firstName: 'Amina', lastName: 'Diallo' } }],
    });
  });
  it('a birth date in the future is refused', () => {
    given().when(register({ birthDate: '2026-02-02' })).thenRefuses({ kind: 'rule', code: 'BIRTH_DATE_IN_FUTURE', field: 'birthDate' });
  });
  it('a birth date is a real calendar date', () => {
    given().when(register({ birthDate: '2003-02-29' })).thenRefuses({ kind: 'rule', code: 'INVALID_DATE', field: 'birthDate' });
  });
  it('a person under 16, the legal working age, is refused', () => {
    given().when(register({ birthDate: '2010-02-02' })).thenRefuses({ kind: 'rule', code: 'TOO_YOUNG_TO_WORK', field: 'birthDate' });
  });
  it('a person is registered from their 16th birthday', () => {
    given().when(register({ birthDate: '2010-02-01' })).then([aBeneficiaryRegistered({ birthDate: '2010-02-01' })]);
  });
  it('the postcode is 5 digits', () => {
    given().when(register({ postcode: '5010' })).thenRefuses({ kind: 'rule', code: 'INVALID_POSTCODE', field: 'postcode' });
  });
  it('the same beneficiary registered twice is a conflict', () => {
    given([aBeneficiaryRegistered()]).when(register()).thenRefuses({ kind: 'conflict', code: 'BENEFICIARY_ALREADY_REGISTERED', field: 'beneficiaryId' });
  });
});
