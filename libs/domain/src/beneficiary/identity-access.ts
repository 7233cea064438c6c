import { DomainEvent, event } from '../shared/domain-event';
import { ActorRef } from './beneficiary-events';

/** Kept apart from the beneficiary stream: reading is not a fact about the person, and the log must outlive erasure. */
export const identityAccessStreamId = (beneficiaryId: string) => `identity-access-${beneficiaryId}`;

export const IDENTITY_READ_PURPOSES = ['IDENTITY', 'SUBJECT_ACCESS'] as const;
export type IdentityReadPurpose = (typeof IDENTITY_READ_PURPOSES)[number];

/** Someone was shown a person's decrypted identity: who, when, through which route and why. */
export type IdentityRead = DomainEvent<'IdentityRead', {
  beneficiaryId: string;
  readAt: string;
  readBy: ActorRef;
  purpose: IdentityReadPurpose;
  route: string;
}>;

export interface RecordIdentityRead {
  readonly beneficiaryId: string;
  readonly readAt: string;
  readonly readBy: ActorRef;
  readonly purpose: IdentityReadPurpose;
  readonly route: string;
}

/** Never refused: the read already happened by the time it is recorded (a failed record fails the read). */
export function recordIdentityRead(cmd: RecordIdentityRead): IdentityRead[] {
  return [event('IdentityRead', { ...cmd })];
}
