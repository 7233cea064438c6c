import { RecordedEvent } from '@clause-ledger/event-store';
import { Projection } from './runner/projection';

export type ReadDocument<Doc> = (key: string) => Doc | undefined;

type ReadingProjection<Doc> = Omit<Projection<Doc>, 'evolve'> & {
  evolve(doc: Doc | undefined, event: RecordedEvent, key: string, read: ReadDocument<Doc>): Doc | undefined;
};

/**
 * A projection whose evolve reads other documents as they stood before the event (a placement's
 * document starts from its market's header). The runner passes them to evolve; a caller that does
 * not gets the ones it just gave keysOf for the same event (every caller routes an event, then
 * folds it into the routed documents).
 */
export function readingDocuments<Doc>(projection: ReadingProjection<Doc>): Projection<Doc> {
  let routed: { event: RecordedEvent; read: ReadDocument<Doc> } | undefined;
  return {
    ...projection,
    keysOf: (event, read) => {
      routed = { event, read: read as ReadDocument<Doc> };
      return projection.keysOf(event, read);
    },
    evolve: (doc, event, key, read) => {
      const documents = read ?? (routed?.event === event ? routed.read : undefined);
      if (!documents) throw new Error(`the ${projection.name} projection folds an event with documents it reads: evolve needs the documents keysOf was given`);
      return projection.evolve(doc, event, key, documents);
    },
  };
}
