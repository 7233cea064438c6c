import { Streams, context, given } from '../testing/given-when-then';
import { aBeneficiaryRegistered, aSealedIdentity } from '../testing/fixtures';
import { RegisterBeneficiary, registerBeneficiary } from './register-beneficiary';

const ctx = context('2026-02-01');
const amina: RegisterBeneficiary = {
  beneficiaryId: 'b-1', birthDate: '2003-04-12', sex: 'F', postcode: '50100', qpvResident: true, qualificationLevel: 'NONE', identity: aSealedIdentity,
};
const register = (over: Partial<RegisterBeneficiary> = {}) => ({ beneficiary }: Streams) => registerBeneficiary({ ...amina, ...over }, beneficiary, ctx);

describe('registering a beneficiary', () => {
  it('is one event: the sealed identity, and in clear only what the bilans count (age band, sex, département, QPV, qualification)', () => {
    given().when(register()).then([aBeneficiaryRegistered()]);
  });
  it('never writes the exact birth date nor the postcode', () => {
    const [registered] = registerBeneficiary(amina, undefined, ctx);
    expect(JSON.stringify(registered)).not.toMatch(/2003-04-12|50100/);
  });
  it('derives the age band on the day of registration', () => {
    given().when(register({ birthDate: '2000-02-01' })).then([aBeneficiaryRegistered({ ageBand: 'FROM_26_TO_49' })]);
    given().when(register({ birthDate: '2000-02-02' })).then([aBeneficiaryRegistered({ ageBand: 'UNDER_26' })]);
    given().when(register({ birthDate: '1976-02-01' })).then([aBeneficiaryRegistered({ ageBand: 'FROM_50' })]);
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
    given().when(register({ birthDate: '2010-02-01' })).then([aBeneficiaryRegistered()]);
  });
  it('the postcode is 5 digits', () => {
    given().when(register({ postcode: '5010' })).thenRefuses({ kind: 'rule', code: 'INVALID_POSTCODE', field: 'postcode' });
  });
  it('the same beneficiary registered twice is a conflict', () => {
    given([aBeneficiaryRegistered()]).when(register()).thenRefuses({ kind: 'conflict', code: 'BENEFICIARY_ALREADY_REGISTERED', field: 'beneficiaryId' });
  });
});
