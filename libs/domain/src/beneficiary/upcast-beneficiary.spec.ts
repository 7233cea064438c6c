import { upcastBeneficiaryRegistered } from './upcast-beneficiary';
import { aBeneficiaryRegistered } from '../testing/fixtures';

describe('reading a v1 registration', () => {
  const v1 = { beneficiaryId: 'b-1', birthDate: '2000-02-02', sex: 'F', postcode: '97411', qpvResident: true, qualificationLevel: 'NONE', registeredOn: '2026-02-02' };
  it('derives the age band at registration and the département, and keeps the clear fields as a legacy identity', () => {
    expect(upcastBeneficiaryRegistered(1, v1)).toEqual({
      beneficiaryId: 'b-1', identity: { alg: 'LEGACY_V1', birthDate: '2000-02-02', postcode: '97411' }, ageBand: 'FROM_26_TO_49', sex: 'F', department: '974',
      qpvResident: true, qualificationLevel: 'NONE', registeredOn: '2026-02-02',
    });
  });
  it('leaves a v2 registration as written', () => {
    expect(upcastBeneficiaryRegistered(2, aBeneficiaryRegistered().data)).toEqual(aBeneficiaryRegistered().data);
  });
});
