import type { AllStreamRecordedEvent, EventData as EsdbEventData, JSONType, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { jsonEvent } from '@eventstore/db-client';
import { EventData, Position, RecordedEvent } from '../event-store.port';
import { CHAIN_HASH_KEY } from '../chain/event-chain';


export function toEsdbEvent(event: EventData, hash?: string): EsdbEventData {
  // JSON.stringify(undefined) is not JSON: an absent payload is stored as null
  const metadata = hash === undefined ? event.metadata : { ...event.metadata, [CHAIN_HASH_KEY]: hash };
  return jsonEvent({ id: event.id, type: event.type, data: (event.data ?? null) as JSONType, metadata });
}

export function toRecordedEvent(event: EsdbRecordedEvent | AllStreamRecordedEvent): RecordedEvent {
  if (!event.position) throw new Error(`EventStoreDB sent event ${event.id} of ${event.streamId} without its position`);
  const { [CHAIN_HASH_KEY]: hash, ...metadata } = isPlainObject(event.metadata) ? event.metadata : {};
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: { commit: event.position.commit, prepare: event.position.prepare },
    type: event.type,
    data: event.data,
    metadata,
    recordedAt: event.created.toISOString(),
    ...(typeof hash === 'string' ? { hash } : {}),
  };
}

/** Where the adapter keeps the store's identity: its own bookkeeping, never shown as an event of the log. */
export const STORE_IDENTITY_STREAM = 'clause-ledger-store-identity';

/** `$`-prefixed types ($statsCollected, $metadata, $>) and `$`-prefixed streams belong to the server; the identity stream to the adapter. */
export function isSystemEvent(event: { readonly type: string; readonly streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$') || event.streamId === STORE_IDENTITY_STREAM;
}

/** The client's read positions: the port's START (-1/-1) is not a position EventStoreDB accepts. */
export function toReadPosition(position: Position): Position | 'start' {
  return position.commit < 0n ? 'start' : position;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
