import { Streams, context, given } from '../testing/given-when-then';
import { aBeneficiaryRegistered, anEligibilityValidated, anErasure } from '../testing/fixtures';
import { EraseBeneficiary, eraseBeneficiary } from './erase-beneficiary';
import { eligibilityOn } from './beneficiary';

const cmd: EraseBeneficiary = { beneficiaryId: 'b-1', reason: 'demande de la personne (RGPD art. 17)', erasedBy: anErasure().data.erasedBy };
const erase = (over: Partial<EraseBeneficiary> = {}) => ({ beneficiary }: Streams) => eraseBeneficiary({ ...cmd, ...over }, beneficiary, context('2026-09-01'));

describe('erasing a beneficiary', () => {
  it('records who, when and why, and no personal data', () => {
    given([aBeneficiaryRegistered()]).when(erase()).then([anErasure()]);
  });
  it('needs a reason', () => {
    given([aBeneficiaryRegistered()]).when(erase({ reason: '  ' })).thenRefuses({ kind: 'rule', code: 'ERASURE_REASON_MISSING', field: 'reason' });
  });
  it('an unknown beneficiary is not found', () => {
    given().when(erase()).thenRefuses({ kind: 'not_found', code: 'BENEFICIARY_NOT_FOUND', field: 'beneficiaryId' });
  });
  it('a second erasure is refused as gone', () => {
    given([aBeneficiaryRegistered(), anErasure()]).when(erase()).thenRefuses({ kind: 'gone', code: 'BENEFICIARY_ERASED', field: 'beneficiaryId' });
  });
  it('keeps the profile and eligibilities the figures need', () => {
    given([aBeneficiaryRegistered(), anEligibilityValidated()]).when(erase()).then([anErasure()]).and(({ beneficiary }) => {
      expect([beneficiary!.ageBand, beneficiary!.sex, beneficiary!.erased?.reason, eligibilityOn(beneficiary!, '2026-03-01')?.criteria])
        .toEqual(['UNDER_26', 'F', cmd.reason, ['JEUNE', 'QPV']]);
    });
  });
});
