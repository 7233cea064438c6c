import { EventData } from './event-store.port';
import { CHAIN_HASH_KEY, GENESIS } from './chain/event-chain';

/**
 * KurrentDB 25.0's default MaxAppendSize: the most one append may carry. The embedded store keeps
 * the same limit so that what works on one adapter works on the other.
 */
export const MAX_APPEND_BYTES = 1_048_576;

/**
 * The size EventStoreDB counts (Event.SizeOnDisk): data and metadata bytes as the client sends them
 * (JSON; the metadata with the chained hash its adapter adds, see chain/event-chain.ts) plus two
 * bytes per UTF-16 unit of the type. Both adapters count the hash, so both refuse the same appends.
 */
export function appendSizeOf(events: readonly EventData[], json?: readonly SerialisedEvent[]): number {
  return events.reduce((sum, e, i) => {
    const data = Buffer.byteLength(json ? json[i].data : JSON.stringify(e.data ?? null), 'utf8');
    return sum + data + metadataSize(e.metadata, json?.[i].metadata) + e.type.length * 2;
  }, 0);
}

/** An event's data and metadata as the caller already serialised them: `JSON.stringify(data ?? null)` and `JSON.stringify(metadata ?? {})`. */
export type SerialisedEvent = { readonly data: string; readonly metadata: string };

/** The UTF-8 size of the chained hash's entry, as JSON.stringify writes it in an object: "key":"hash". */
const HASH_ENTRY_BYTES = Buffer.byteLength(JSON.stringify({ [CHAIN_HASH_KEY]: GENESIS }), 'utf8') - 2;

function metadataSize(metadata: EventData['metadata'], json: string | undefined): number {
  const plain = metadata === undefined || metadata === null
    || ([Object.prototype, null].includes(Object.getPrototypeOf(metadata)) && !Object.hasOwn(metadata, CHAIN_HASH_KEY) && !Object.hasOwn(metadata, 'toJSON'));
  // a plain object without the key: its JSON with the entry added at the end, where the spread places it
  if (json !== undefined && plain && json.startsWith('{') && json.endsWith('}')) {
    return Buffer.byteLength(json, 'utf8') + HASH_ENTRY_BYTES + (json === '{}' ? 0 : 1);
  }
  return Buffer.byteLength(JSON.stringify({ ...metadata, [CHAIN_HASH_KEY]: GENESIS }), 'utf8');
}
