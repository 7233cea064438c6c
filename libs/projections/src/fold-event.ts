import { RecordedEvent } from '@clause-ledger/event-store';
import { Projection } from './runner/projection';

/**
 * Folds one event into documents held in memory, as the runner does: every document the event
 * touches starts from the documents as they stood before it.
 */
export function foldEvent<Doc>(projection: Projection<Doc>, docs: Map<string, Doc | undefined>, event: RecordedEvent): void {
  const read = (key: string) => docs.get(key);
  const next = projection.keysOf(event, read).map((key) => [key, projection.evolve(docs.get(key), event, key, read)] as const);
  for (const [key, doc] of next) docs.set(key, doc);
}
