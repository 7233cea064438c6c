import { EventData } from './event-store.port';

/**
 * KurrentDB 25.0's default MaxAppendSize: the most one append may carry. The embedded store keeps
 * the same limit so that what works on one adapter works on the other.
 */
export const MAX_APPEND_BYTES = 1_048_576;

/**
 * The size EventStoreDB counts (Event.SizeOnDisk): data and metadata bytes as the client sends them
 * (JSON, no metadata when there is none) plus two bytes per UTF-16 unit of the type.
 */
export function appendSizeOf(events: readonly EventData[]): number {
  return events.reduce((sum, e) => {
    const data = Buffer.byteLength(JSON.stringify(e.data ?? null), 'utf8');
    const metadata = e.metadata === undefined ? 0 : Buffer.byteLength(JSON.stringify(e.metadata), 'utf8');
    return sum + data + metadata + e.type.length * 2;
  }, 0);
}
