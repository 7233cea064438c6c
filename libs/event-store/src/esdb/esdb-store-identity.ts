import { randomUUID } from 'node:crypto';
import { AppendOutcomeUnknownError, EventStore, StreamNotFoundError, WrongExpectedRevisionError } from '../event-store.port';
import { STORE_IDENTITY_STREAM } from './esdb-recorded-event';

const STAMPED = 'StoreIdentityStamped';

/**
 * The identity of an EventStoreDB store: the first event of a stream of its own, written once with
 * `no_stream`, so that processes starting together all end up reading the one that won.
 */
export async function readOrStampStoreIdentity(store: Pick<EventStore, 'readStream' | 'appendToStream'>): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const stamped = await firstStamp(store);
    if (stamped) return stamped;
    try {
      await store.appendToStream(STORE_IDENTITY_STREAM, [{ id: randomUUID(), type: STAMPED, data: { storeIdentity: randomUUID() } }], { expectedRevision: 'no_stream' });
    } catch (error) {
      // another process stamped first, or ours may have landed: reading again tells
      if (!(error instanceof WrongExpectedRevisionError || error instanceof AppendOutcomeUnknownError)) throw error;
    }
  }
  throw new Error(`could not read or stamp the store identity in ${STORE_IDENTITY_STREAM}`);
}

async function firstStamp(store: Pick<EventStore, 'readStream'>): Promise<string | undefined> {
  try {
    const [first] = await store.readStream(STORE_IDENTITY_STREAM, { maxCount: 1 });
    const identity = (first?.data as { storeIdentity?: unknown } | undefined)?.storeIdentity;
    if (first && typeof identity !== 'string') throw new Error(`${STORE_IDENTITY_STREAM} starts with an event that names no store identity`);
    return identity as string | undefined;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
}
