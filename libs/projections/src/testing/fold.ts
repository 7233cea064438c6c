import { RecordedEvent } from '@clause-ledger/event-store';
import { DomainEvent } from '@clause-ledger/domain';
import { Projection } from '../runner/projection';
import { foldEvent } from '../fold-event';
import { MarketAlertsDoc, marketAlerts } from '../alerts/alerts-documents';

/** Recorded events as the store would give them, numbered from 0: ids evt-0, evt-1... */
export function recorded(events: readonly DomainEvent[], from = 0): RecordedEvent[] {
  return events.map((e, i) => ({
    id: `evt-${from + i}`, streamId: 'test', revision: BigInt(from + i), position: { commit: BigInt(from + i), prepare: BigInt(from + i) },
    type: e.type, data: e.data, metadata: { schemaVersion: e.version }, recordedAt: '2026-01-01T00:00:00.000Z',
  }));
}

/** The projection's documents after folding the events, the way the runner does, in memory. */
export function foldProjection<Doc>(projection: Projection<Doc>, events: readonly RecordedEvent[], docs = new Map<string, Doc | undefined>()): Map<string, Doc | undefined> {
  for (const event of events) foldEvent(projection, docs, event);
  return docs;
}

/** The documents whose key starts with `prefix`, in key order, as ReadModelStore.listByPrefix gives them. */
export function listByPrefix<Doc>(docs: ReadonlyMap<string, Doc | undefined>, prefix: string): { key: string; doc: Doc }[] {
  return [...docs].filter(([key, doc]) => key.startsWith(prefix) && doc !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, doc]) => ({ key, doc: doc! }));
}

/** The documents a projection spec ends with, and the id each event was recorded under. */
export interface ProjectionOutcome<Doc> {
  readonly documents: ReadonlyMap<string, Doc | undefined>;
  /** The id of an event given to the spec (the same object), as the figures' event ids name it. */
  idOf(event: DomainEvent): string;
  /** Each listed document equals its expected value (undefined: no such document). */
  then(expected: Record<string, unknown>): void;
}

/**
 * Given/when/then for a projection, after Emmett's ProjectionSpecification: the given events are
 * the history, the `when` events the change under test, recorded after them; `then` states the
 * documents the projection holds afterwards.
 *
 *   projectionSpec(bilanProjection).given(marketRegistered, hoursDeclared).when(hoursCorrected)
 *     .then({ 'placement:p-1': { ... } });
 */
export function projectionSpec<Doc>(projection: Projection<Doc>) {
  return {
    given: (...history: DomainEvent[]) => ({
      when: (...change: DomainEvent[]): ProjectionOutcome<Doc> => {
        const all = [...history, ...change];
        const documents = foldProjection(projection, recorded(all));
        return {
          documents,
          idOf: (event) => {
            const index = all.indexOf(event);
            if (index < 0) throw new Error(`${event.type} was not given to this spec`);
            return recorded([event], index)[0].id;
          },
          then: (expected) => {
            for (const [key, doc] of Object.entries(expected)) expect({ key, doc: documents.get(key) }).toEqual({ key, doc });
          },
        };
      },
    }),
  };
}

/** A market's alerts assembled from the alerts projection's documents, as the API reads them. */
export function marketAlertsIn(docs: ReadonlyMap<string, unknown>, marketId: string): MarketAlertsDoc | undefined {
  return marketAlerts(marketId, (key) => docs.get(key), (prefix) => listByPrefix(docs, prefix));
}
