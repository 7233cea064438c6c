import { RecordedEvent } from '@clause-ledger/event-store';
import { DomainEvent } from '@clause-ledger/domain';
import { Projection } from '../runner/projection';

/** Recorded events as the store would give them, numbered from 0. */
export function recorded(events: readonly DomainEvent[], from = 0): RecordedEvent[] {
  return events.map((e, i) => ({
    id: `evt-${from + i}`, streamId: 'test', revision: BigInt(from + i), position: { commit: BigInt(from + i), prepare: BigInt(from + i) },
    type: e.type, data: e.data, metadata: { schemaVersion: e.version }, recordedAt: '2026-01-01T00:00:00.000Z',
  }));
}

/** The projection's documents after folding the events, the way the runner does, in memory. */
export function foldProjection<Doc>(projection: Projection<Doc>, events: readonly RecordedEvent[], docs = new Map<string, Doc | undefined>()): Map<string, Doc | undefined> {
  for (const event of events) {
    for (const key of projection.keysOf(event, (k) => docs.get(k))) docs.set(key, projection.evolve(docs.get(key), event, key));
  }
  return docs;
}
