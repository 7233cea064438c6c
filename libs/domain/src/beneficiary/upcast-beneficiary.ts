import { departmentOfPostcode } from '../shared/vocabulary';
import { ageBandOn } from './age-band';
import { BeneficiaryRegistered, BeneficiaryRegisteredV1Data } from './beneficiary-events';

/**
 * v1 -> v2: the age band and département are derived as v2 derives them at registration; the clear
 * birth date and postcode become a LegacyIdentity (names stay in the v1 identity stream).
 */
export function upcastBeneficiaryRegistered(version: number, data: unknown): BeneficiaryRegistered['data'] {
  if (version >= 2) return data as BeneficiaryRegistered['data'];
  const v1 = data as BeneficiaryRegisteredV1Data;
  return {
    beneficiaryId: v1.beneficiaryId,
    identity: { alg: 'LEGACY_V1', birthDate: v1.birthDate, postcode: v1.postcode },
    ageBand: ageBandOn(v1.birthDate, v1.registeredOn),
    sex: v1.sex,
    department: departmentOfPostcode(v1.postcode),
    qpvResident: v1.qpvResident,
    qualificationLevel: v1.qualificationLevel,
    registeredOn: v1.registeredOn,
  };
}
