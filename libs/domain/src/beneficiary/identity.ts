/** What identifies a person: never stored in clear, only sealed under their own key. */
export interface BeneficiaryIdentity {
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string;
  readonly postcode: string;
}

/**
 * AES-256-GCM ciphertext of a BeneficiaryIdentity (JSON, UTF-8) under the key `kid`, bound to the
 * beneficiary id as additional authenticated data. Base64url fields, plain JSON.
 */
export interface SealedIdentity {
  readonly alg: 'A256GCM';
  readonly kid: string;
  readonly iv: string;
  readonly tag: string;
  readonly ciphertext: string;
}

/**
 * A v1 registration read through the upcaster: birth date and postcode were written in clear, the
 * names in beneficiary-identity-<id>. It cannot be crypto-shredded; no production data is in v1.
 */
export interface LegacyIdentity {
  readonly alg: 'LEGACY_V1';
  readonly birthDate: string;
  readonly postcode: string;
}

export type StoredIdentity = SealedIdentity | LegacyIdentity;

export const beneficiaryIdentityAad = (beneficiaryId: string) => `beneficiary:${beneficiaryId}`;
