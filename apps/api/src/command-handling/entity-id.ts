import { v5 as uuidv5 } from 'uuid';
import { CommandHeaders } from '../http/command-headers';

const ENTITY_ID_NAMESPACE = '0f3a3c1e-2d4b-4f49-a3d5-6a2e8d1b9c70';

/**
 * The id of an entity a command creates: the client's own when given; otherwise derived from the
 * Idempotency-Key, so that a retry addresses the same stream instead of creating a twin.
 */
export function newEntityId(kind: string, clientId: string | undefined, headers: CommandHeaders): string {
  if (clientId) return clientId;
  if (headers.idempotencyKey) return uuidv5(`${kind}|${headers.idempotencyKey}`, ENTITY_ID_NAMESPACE);
  return crypto.randomUUID();
}
