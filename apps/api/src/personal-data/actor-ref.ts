import { ActorRef } from '@clause-ledger/domain';
import { Actor } from '../auth/actor';

/** Until authentication is merged, a request without an actor is recorded as 'anonymous'. */
export function actorRef(actor: Actor | undefined): ActorRef {
  return actor ? { userId: actor.userId, organisationId: actor.organisationId, role: actor.role } : { userId: 'anonymous' };
}
