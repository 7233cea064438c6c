/**
 * The event store port. Its semantics follow EventStoreDB's so that the embedded adapter and the
 * EventStoreDB adapter are interchangeable: streams with 0-based revisions, a global ordered log
 * ("$all") addressed by positions, optimistic concurrency through an expected revision, and
 * appends recognised as retries by their event ids.
 *
 * What EventStoreDB promises about retries, and so all the port promises: an append with an exact
 * expected revision (a revision, or `no_stream`) repeated with the same event ids returns the first
 * result and writes nothing, even after a server restart (the server looks the ids up in the stream
 * at those revisions). Under `any` or `stream_exists` it only recognises ids still in its in-memory
 * cache of recent writes, forgotten on restart: such a retry may write the events twice. Callers that
 * need retries to be safe append with an exact revision.
 */

/** Where a stream must stand for an append to be accepted. */
export type ExpectedRevision =
  | 'any' // no check
  | 'no_stream' // the stream must not exist yet
  | 'stream_exists' // the stream must have at least one event
  | bigint; // the revision of the stream's last event

/** A position in the global log. Embedded: commit === prepare === sequence number. */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START: Position = Object.freeze({ commit: -1n, prepare: -1n });

/** An event to append. `id` is a UUID chosen by the writer: the store recognises a retry by it (see above). */
export interface EventData<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: Record<string, unknown>;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: Position;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: Record<string, unknown>;
  /** ISO timestamp set by the store when the event was written. */
  readonly recordedAt: string;
  /** The event's chained hash (see chain/event-chain.ts); absent on events written before hashing existed. */
  readonly hash?: string;
  /** The running digest of the global order up to this event, where the store keeps it (embedded only). */
  readonly digest?: string;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append (pass it as the next expected revision). */
  readonly nextExpectedRevision: bigint;
  /** Global position of the last event written (or of the original write when the append was a replay). */
  readonly position: Position;
}

export interface ReadStreamOptions {
  readonly fromRevision?: bigint;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Read events strictly after this position (START for the beginning). */
  readonly after?: Position;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  /** Deliver events strictly after this position (START for the whole log). */
  readonly after?: Position;
}

/**
 * A catch-up subscription to the global log: the store delivers every event after `after`,
 * then live events, in order, one at a time (the next is delivered once the handler resolved).
 */
export interface Subscription {
  /** Resolves when the subscription stops; rejects when the handler or the store failed. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

export type EventHandler = (event: RecordedEvent) => Promise<void> | void;

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
  /**
   * For stores with `knownHeads`: the knowledge epoch the events were decided under. When another
   * process may have written since, the append is refused with StaleKnowledgeError and writes nothing.
   */
  readonly decidedAt?: number;
}

/**
 * What a store knows of its streams without reading them (optional: the embedded store knows its own
 * appends and the streams it read to their end; EventStoreDB's adapter knows nothing). A caller may
 * decide from memory when a stream is known unchanged, and passes `epoch` as `decidedAt`.
 */
export interface KnownStreamHeads {
  /** Changes whenever everything known was forgotten (another process wrote to the store). */
  readonly epoch: number;
  /** The revision of the stream's last event (-1n: no such stream), or undefined when the store does not know it without reading. */
  revisionOf(streamId: string): bigint | undefined;
  /** Whether `result` answers an append that wrote its events just now (not a retry recognised by its event ids). */
  wrote(result: AppendResult): boolean;
}

export interface EventStore {
  appendToStream(streamId: string, events: readonly EventData[], options: AppendOptions): Promise<AppendResult>;
  readonly knownHeads?: KnownStreamHeads;
  /** Events of one stream; throws StreamNotFoundError when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of the global log, user events only (no system events). */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Subscription;
  /** Position of the last event in the global log (START when empty). */
  headPosition(): Promise<Position>;
  /**
   * A UUID naming this store, fixed when it was created: positions mean something only in the store
   * that gave them, so whoever keeps a position (a checkpoint) keeps this with it.
   */
  storeIdentity(): Promise<string>;
  close(): Promise<void>;
}

/** The stream was not at the expected revision: another writer got there first. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(
      `stream ${streamId} is at revision ${String(actual)}, expected ${String(expected)}`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

export class StreamNotFoundError extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} does not exist`);
    this.name = 'StreamNotFoundError';
  }
}

/** The store cannot be reached (connection refused, server down) or refused the work unhandled: nothing was written. */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}

/**
 * The append was decided on what this process knew of the store, and another process wrote to the
 * store since: nothing was written. Read again and decide again.
 */
export class StaleKnowledgeError extends EventStoreUnavailableError {
  constructor(readonly streamId: string) {
    super(`append to ${streamId} refused, nothing written: it was decided on what this process knew of the store, and another process wrote since`);
    this.name = 'StaleKnowledgeError';
  }
}

/**
 * The append was sent, but no answer says whether it was written (a timeout after sending, a
 * connection lost mid-call). Retrying with the same event ids and expected revision is safe.
 */
export class AppendOutcomeUnknownError extends Error {
  constructor(readonly streamId: string, message: string, override readonly cause?: unknown) {
    super(`the append to ${streamId} may or may not have been written: ${message}`);
    this.name = 'AppendOutcomeUnknownError';
  }
}

/** The events of one append weigh more than the store takes at once (see MAX_APPEND_BYTES); nothing was written. */
export class AppendTooLargeError extends Error {
  constructor(readonly streamId: string, readonly maxBytes: number, readonly sizeBytes?: number) {
    super(`append to ${streamId} refused, nothing written: ${sizeBytes === undefined ? 'it is' : `its ${sizeBytes} bytes are`} over the store's limit of ${maxBytes} bytes per append`);
    this.name = 'AppendTooLargeError';
  }
}

/** The stream was hard-deleted (tombstoned): it can never be read or written again. */
export class StreamDeletedError extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} was deleted for good and cannot be read or written`);
    this.name = 'StreamDeletedError';
  }
}

/** The position is not an event boundary of this store (typically a checkpoint kept from another store). */
export class InvalidPositionError extends Error {
  constructor(readonly position: Position, detail: string) {
    super(`position ${positionToString(position)} is not an event boundary of this store: ${detail}`);
    this.name = 'InvalidPositionError';
  }
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Positions cross JSON boundaries (checkpoints, HTTP) as "commit/prepare" strings. */
export function positionToString(p: Position): string {
  return `${p.commit}/${p.prepare}`;
}

export function positionFromString(s: string): Position {
  const match = /^(-?\d+)\/(-?\d+)$/.exec(s);
  if (!match) throw new Error(`invalid position "${s}"`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}
