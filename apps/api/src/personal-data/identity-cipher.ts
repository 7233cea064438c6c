import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { BeneficiaryIdentity, SealedIdentity, beneficiaryIdentityAad } from '@clause-ledger/domain';
import { PersonalDataKey } from './key-store';

/** AES-256-GCM (node:crypto), a fresh 96-bit iv per seal, the beneficiary id as additional data. */
export function sealIdentity(beneficiaryId: string, identity: BeneficiaryIdentity, { kid, key }: PersonalDataKey): SealedIdentity {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(beneficiaryIdentityAad(beneficiaryId), 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(identity), 'utf8'), cipher.final()]);
  return { alg: 'A256GCM', kid, iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), ciphertext: ciphertext.toString('base64url') };
}

/** Throws when the ciphertext was altered or sealed for another person. */
export function openIdentity(beneficiaryId: string, sealed: SealedIdentity, { key }: PersonalDataKey): BeneficiaryIdentity {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
  decipher.setAAD(Buffer.from(beneficiaryIdentityAad(beneficiaryId), 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as BeneficiaryIdentity;
}

/**
 * A keyed digest of the identity, to tell a true retry from a reused Idempotency-Key without a
 * plain hash of names and birth date in the log (guessable from a list of names); it becomes
 * meaningless when the key is destroyed.
 */
export function identityFingerprint(identity: BeneficiaryIdentity, { key }: PersonalDataKey): string {
  return createHmac('sha256', key).update(JSON.stringify([identity.firstName, identity.lastName, identity.birthDate, identity.postcode])).digest('base64url');
}
