import { Position, RecordedEvent, positionFromString, positionToString } from '@clause-ledger/event-store';

/**
 * An event a projection could not fold (its keysOf or evolve threw), or one held back behind such
 * an event because it touches the same documents. The documents in `keys` stay blocked until the
 * event is folded (after a correction or an upcaster) or the read model is rebuilt.
 */
export interface ParkedEvent {
  readonly projection: string;
  readonly position: Position;
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly error: string;
  /** The documents the event concerns; empty when the projection could not even tell which. */
  readonly keys: readonly string[];
  /** The event as stored, to fold it again without reading the log. */
  readonly event: RecordedEvent;
}

export interface ParkingChanges {
  readonly parked: readonly ParkedEvent[];
  /** Ids of events folded at last. */
  readonly unparked: readonly string[];
}

interface ParkedRow {
  projection: string; event_id: string; stream_id: string; type: string; error: string; keys: string; event: string;
}

export function parkedEventRow(p: ParkedEvent) {
  const { event } = p;
  const json = JSON.stringify({ ...event, revision: event.revision.toString(), position: positionToString(event.position) });
  return {
    projection: p.projection, eventId: p.eventId, commit: p.position.commit, prepare: p.position.prepare, streamId: p.streamId, type: p.type,
    error: p.error, keys: JSON.stringify(p.keys), event: json,
  };
}

export function parkedEventFromRow(row: ParkedRow): ParkedEvent {
  const stored = JSON.parse(row.event) as Omit<RecordedEvent, 'revision' | 'position'> & { revision: string; position: string };
  const event: RecordedEvent = { ...stored, revision: BigInt(stored.revision), position: positionFromString(stored.position) };
  return {
    projection: row.projection, position: event.position, eventId: row.event_id, streamId: row.stream_id, type: row.type, error: row.error,
    keys: JSON.parse(row.keys) as string[], event,
  };
}

/** A query on a document a parked event blocks: the answer would be wrong until an operator repairs the event. */
export class ReadModelBlockedError extends Error {
  constructor(readonly document: string, readonly parked: ParkedEvent) {
    super(
      `${document} cannot be shown until an operator repairs the event it waits for: the ${parked.projection} projection parked event ${parked.eventId} ` +
      `(${parked.type}, position ${positionToString(parked.position)}): ${parked.error}. See GET /operations/parked-events and POST /operations/event-corrections`,
    );
    this.name = 'ReadModelBlockedError';
  }
}
