/**
 * The event store port. Its semantics follow EventStoreDB's so that the embedded adapter and the
 * EventStoreDB adapter are interchangeable: streams with 0-based revisions, a global ordered log
 * ("$all") addressed by positions, optimistic concurrency through an expected revision, and
 * idempotent appends keyed by event ids.
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

/** An event to append. `id` is a UUID chosen by the writer: appending the same ids again is a no-op. */
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

export interface EventStore {
  appendToStream(
    streamId: string,
    events: readonly EventData[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Events of one stream; throws StreamNotFoundError when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of the global log, user events only (no system events). */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Subscription;
  /** Position of the last event in the global log (START when empty). */
  headPosition(): Promise<Position>;
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

/** The store cannot be reached (connection lost, server down): the command was not written. */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'EventStoreUnavailableError';
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
