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
export function appendSizeOf(events: readonly EventData[]): number {
  return events.reduce((sum, e) => {
    const data = Buffer.byteLength(JSON.stringify(e.data ?? null), 'utf8');
    const metadata = Buffer.byteLength(JSON.stringify({ ...e.metadata, [CHAIN_HASH_KEY]: GENESIS }), 'utf8');
    return sum + data + metadata + e.type.length * 2;
  }, 0);
}
