/**
 * The storage of the EventStoreDB test server: one global log in memory, held outside the gRPC
 * server so that a test can stop and restart the server (a disconnect) without losing events.
 * TEST CODE ONLY — never a product store.
 */
import { randomUUID } from 'node:crypto';

export type ExpectedStreamState = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  readonly streamId: string;
  readonly revision: bigint;
  /** Log position of the record; commit === prepare, as for an event appended in an implicit transaction. */
  readonly position: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB sends `created`. */
  readonly createdTicks: bigint;
}

export type AppendOutcome =
  | { readonly kind: 'written' | 'idempotent'; readonly revision: bigint | 'no_stream'; readonly position?: bigint }
  | { readonly kind: 'wrong_expected_version'; readonly current: bigint | 'no_stream' }
  | { readonly kind: 'stream_deleted' };

interface StreamRecord {
  /** Revisions below this were truncated away (as with `$tb` metadata): they count but cannot be read. */
  readonly firstReadable: bigint;
  readonly events: StoredEvent[];
  lastRevision: bigint;
  /** Hard-deleted (tombstoned): never readable nor writable again, under any expected revision. */
  tombstoned?: boolean;
}

export interface InMemoryLogOptions {
  /** Log position of the first record; start it above 2^53 to prove positions never go through a double. */
  readonly firstPosition?: bigint;
  /** Write one system event at creation, as a real server does ($stats, $settings...). Default true. */
  readonly withSystemEvents?: boolean;
}

const RECORD_HEADER_BYTES = 80;

export class InMemoryLog {
  readonly records: StoredEvent[] = [];
  private readonly streams = new Map<string, StreamRecord>();
  /**
   * The server's memory of recently committed event ids (IndexWriter._committedEvents, a bounded
   * in-memory cache): the only way it recognises a retry under `any`/`stream_exists`, and empty
   * again after a restart. Exact-revision retries are checked against the stream itself instead.
   */
  private readonly recentEventIds = new Map<string, StoredEvent>();
  private readonly listeners = new Set<() => void>();
  private nextPosition: bigint;

  constructor(options: InMemoryLogOptions = {}) {
    this.nextPosition = options.firstPosition ?? 0n;
    if (options.withSystemEvents ?? true) this.writeSystemEvent();
  }

  stream(streamId: string): { readonly lastRevision: bigint; readonly events: readonly StoredEvent[]; readonly tombstoned?: boolean } | undefined {
    return this.streams.get(streamId);
  }

  /** What a server restart forgets: the cache of recent event ids. */
  forgetRecentEventIds(): void {
    this.recentEventIds.clear();
  }

  /** Hard-deletes a stream, as `$tombstone`/tombstoneStream does: its name can never be used again. */
  tombstone(streamId: string): void {
    const stream = this.streams.get(streamId) ?? { firstReadable: 0n, events: [], lastRevision: -1n };
    stream.tombstoned = true;
    this.streams.set(streamId, stream);
    this.writeSystemEvent(streamId, '$streamDeleted');
  }

  /**
   * Whether reading $all may start at `position`: a record's own position, or past the last record
   * (the server then waits for later events). Anything in between is not an event boundary, and
   * EventStoreDB answers it with InvalidPosition.
   */
  isBoundary(position: bigint): boolean {
    const last = this.records[this.records.length - 1];
    if (!last || position > last.position) return true;
    const index = this.indexFrom(position, false);
    return this.records[index]?.position === position;
  }

  /**
   * The commit check of EventStoreDB (IndexWriter.CheckCommit): a retry of events already written
   * answers with the original write, a partial retry is a wrong expected version, and a tombstoned
   * stream refuses every append that carries events.
   */
  append(streamId: string, expected: ExpectedStreamState, events: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamId);
    if (stream?.tombstoned && events.length > 0) return { kind: 'stream_deleted' };
    const current: bigint = stream ? stream.lastRevision : -1n;
    const wrong = { kind: 'wrong_expected_version', current: current < 0n ? 'no_stream' : current } as const;
    if (expected === 'stream_exists' && current < 0n) return wrong;
    if (expected === 'any' || expected === 'stream_exists') {
      const retry = this.retryAnywhere(streamId, events);
      if (retry === 'corrupted') return wrong;
      if (retry) return retry;
      return this.write(streamId, events);
    }
    const expectedRevision = expected === 'no_stream' ? -1n : expected;
    if (expectedRevision < current) return this.retryAt(streamId, expectedRevision, events) ?? wrong;
    if (expectedRevision > current) return wrong;
    return this.write(streamId, events);
  }

  /** Pretend the stream already holds `lastRevision + 1` events, all truncated: its next revision is high. */
  seedStream(streamId: string, lastRevision: bigint): void {
    if (this.streams.has(streamId)) throw new Error(`stream ${streamId} already exists`);
    this.streams.set(streamId, { firstReadable: lastRevision + 1n, events: [], lastRevision });
  }

  writeSystemEvent(streamId = '$stats-127.0.0.1:2113', type = '$statsCollected'): StoredEvent {
    const data = new TextEncoder().encode(JSON.stringify({ 'proc-startTime': new Date().toISOString() }));
    this.write(streamId, [{ id: randomUUID(), type, contentType: 'application/json', data, customMetadata: new Uint8Array() }]);
    return this.records[this.records.length - 1]!;
  }

  /** Index of the first record whose position is >= `position` (or > when `exclusive`). */
  indexFrom(position: bigint, exclusive: boolean): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const p = this.records[mid]!.position;
      if (p < position || (exclusive && p === position)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Calls `listener` after every write; returns the function that stops listening. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(streamId: string, events: readonly ProposedEvent[]): AppendOutcome {
    let stream = this.streams.get(streamId);
    if (events.length === 0) return { kind: 'written', revision: stream ? stream.lastRevision : 'no_stream' };
    if (!stream) {
      stream = { firstReadable: 0n, events: [], lastRevision: -1n };
      this.streams.set(streamId, stream);
    }
    const createdTicks = BigInt(Date.now()) * 10_000n;
    let position = this.nextPosition;
    for (const e of events) {
      position = this.nextPosition;
      stream.lastRevision += 1n;
      const stored: StoredEvent = { ...e, streamId, revision: stream.lastRevision, position, createdTicks };
      stream.events.push(stored);
      this.records.push(stored);
      this.recentEventIds.set(e.id, stored);
      // positions are byte offsets in a real log: strictly increasing, never contiguous
      this.nextPosition += BigInt(RECORD_HEADER_BYTES + streamId.length + e.type.length + e.data.length + e.customMetadata.length);
    }
    for (const listener of [...this.listeners]) listener();
    return { kind: 'written', revision: stream.lastRevision, position };
  }

  /** `any` / `stream_exists`: the ids are looked up among recently committed ones only. */
  private retryAnywhere(streamId: string, events: readonly ProposedEvent[]): AppendOutcome | 'corrupted' | undefined {
    let last: StoredEvent | undefined;
    for (const [i, e] of events.entries()) {
      const known = this.recentEventIds.get(e.id);
      if (!known || known.streamId !== streamId) return i === 0 ? undefined : 'corrupted';
      last = known;
    }
    return last && { kind: 'idempotent', revision: last.revision, position: last.position };
  }

  /** An exact expected revision behind the stream: a retry only if the same ids follow it, in order. */
  private retryAt(streamId: string, expectedRevision: bigint, events: readonly ProposedEvent[]): AppendOutcome | undefined {
    const stream = this.streams.get(streamId);
    if (!stream || events.length === 0) return undefined;
    let last: StoredEvent | undefined;
    for (const [i, e] of events.entries()) {
      const at = stream.events[Number(expectedRevision + 1n + BigInt(i) - stream.firstReadable)];
      if (!at || at.id !== e.id) return undefined;
      last = at;
    }
    return last && { kind: 'idempotent', revision: last.revision, position: last.position };
  }
}
