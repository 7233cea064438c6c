import { ruleBroken } from '../shared/domain-error';
import { DecisionContext, DomainEvent, event } from '../shared/domain-event';

/** The embedded sign-in issuer's key rotations: who, when, which key ids (never key material). */
export const SIGNING_KEYS_STREAM = 'auth-signing-keys';

export type SigningKeyRotated = DomainEvent<'SigningKeyRotated', {
  previousKeyId: string;
  newKeyId: string;
  rotatedOn: string;
  /** Until then the previous public key stays published, so the tokens it signed keep working until they expire. */
  previousKeyPublishedUntil: string;
}>;

export interface RotateSigningKey {
  readonly previousKeyId: string;
  readonly newKeyId: string;
  readonly previousKeyPublishedUntil: string;
}

export type SigningKeys = { readonly currentKeyId: string; readonly rotations: number };

export function rotateSigningKey(cmd: RotateSigningKey, _keys: SigningKeys | undefined, ctx: DecisionContext): SigningKeyRotated[] {
  if (cmd.newKeyId === cmd.previousKeyId) throw ruleBroken('SIGNING_KEY_UNCHANGED', 'the new signing key must differ from the previous one', 'newKeyId');
  return [event('SigningKeyRotated', { ...cmd, rotatedOn: ctx.today })];
}

export function evolveSigningKeys(keys: SigningKeys | undefined, e: SigningKeyRotated): SigningKeys {
  return { currentKeyId: e.data.newKeyId, rotations: (keys?.rotations ?? 0) + 1 };
}
