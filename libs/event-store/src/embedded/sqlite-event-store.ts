import {
  AppendResult, AppendTooLargeError, EventData, EventHandler, EventStore, EventStoreUnavailableError, ExpectedRevision, Position, ReadAllOptions,
  ReadStreamOptions, RecordedEvent, START, StreamNotFoundError, SubscribeOptions, Subscription, WrongExpectedRevisionError,
} from '../event-store.port';
import { MAX_APPEND_BYTES, appendSizeOf } from '../append-size';
import { CatchUpSource, CatchUpSubscription } from './catch-up-subscription';
import { EventIdConflictError } from './event-id-conflict-error';
import { BUSY_TIMEOUT_MS, SqliteDatabase, openEventsDatabase } from './sqlite-schema';
import { GENESIS, eventHash, nextDigest } from '../chain/event-chain';

/** readAll without maxCount: callers page through the log. */
const READ_ALL_PAGE = 1000;
const SUBSCRIPTION_PAGE = 500;
/** Appends by another process on the same file wake no one here: subscriptions also look this often. */
const POLL_MS = 100;
const MAX_REVISION = 0x7fffffffffffffffn;
/** EventStoreDB only takes UUIDs as event ids; refusing others here keeps the two adapters interchangeable. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash, digest';
type EventRow = [position: bigint, streamId: string, revision: bigint, eventId: string, type: string, data: string, metadata: string, recordedAt: string, hash: string | null, digest: string | null];
type StreamHead = { revision: bigint; position: bigint; hash: string | null };
type NewEvent = { id: string; type: string; data: string; metadata: string };
type PendingAppend = {
  readonly streamId: string;
  readonly batch: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
};
type Outcome = { readonly written: AppendResult } | { readonly refused: unknown };

/**
 * The embedded, durable event store: one SQLite file (libsql). The global position is the row's
 * sequence number, from 1 (commit = prepare). Each append is one savepoint, so a batch is written
 * whole or not at all, and several processes may share the file (SQLite serialises their writes).
 * Appends requested in the same turn of the event loop share one transaction (group commit): one
 * fsync makes them all durable before any of them is answered.
 */
export class SqliteEventStore implements EventStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly catchUpSource: CatchUpSource;
  private closed = false;
  private pending: PendingAppend[] = [];

  private constructor(private readonly db: SqliteDatabase, readonly filePath: string) {
    this.statements = prepareStatements(db);
    this.catchUpSource = { readAfter: (after, max) => this.readAfter(after, max), pageSize: SUBSCRIPTION_PAGE, pollMs: POLL_MS };
  }

  /** Opens the store in `filePath`, creating the file and its folder if needed. */
  static async open(filePath: string): Promise<SqliteEventStore> {
    return new SqliteEventStore(openEventsDatabase(filePath), filePath);
  }

  async appendToStream(streamId: string, events: readonly EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    this.assertOpen();
    checkStreamId(streamId);
    const batch = events.map(serialised);
    const size = appendSizeOf(events);
    if (size > MAX_APPEND_BYTES) throw new AppendTooLargeError(streamId, MAX_APPEND_BYTES, size);
    checkDistinctIds(streamId, batch);
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, batch, expected: options.expectedRevision, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = countOf(options.maxCount) ?? -1; // LIMIT -1: no limit
    const rows = options.direction === 'backwards'
      ? this.statements.streamBackwards.all(streamId, options.fromRevision ?? MAX_REVISION, maxCount)
      : this.statements.streamForwards.all(streamId, options.fromRevision ?? 0n, maxCount);
    if (rows.length === 0 && !this.streamHead(streamId)) throw new StreamNotFoundError(streamId);
    return (rows as EventRow[]).map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readAfter((options.after ?? START).commit, countOf(options.maxCount) ?? READ_ALL_PAGE);
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    const [last] = this.statements.lastPosition.get() as [bigint | null];
    return last === null ? START : at(last);
  }

  async storeIdentity(): Promise<string> {
    this.assertOpen();
    const [id] = this.statements.storeIdentity.get() as [string];
    return id;
  }

  /** Catch-up then live; also sees appends made by other processes on the same file (within POLL_MS). */
  subscribeToAll(handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new CatchUpSubscription(this.catchUpSource, handler, (options.after ?? START).commit);
    this.subscriptions.add(subscription);
    subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  /** Stops every subscription (a handler already running finishes, no other event is delivered) and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush(); // appends already accepted are written (or refused) before the file closes
    this.closed = true;
    for (const subscription of this.subscriptions) subscription.halt();
    this.db.close();
  }

  /** Writes every pending append in one transaction; each is checked and written or refused on its own. */
  private flush(): void {
    const appends = this.pending;
    if (appends.length === 0) return;
    this.pending = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.inWriteTransaction(() => appends.map((a) => this.appendOne(a)));
    } catch (error) {
      for (const a of appends) a.reject(error);
      return;
    }
    appends.forEach((a, i) => {
      const outcome = outcomes[i];
      if ('written' in outcome) a.resolve(outcome.written);
      else a.reject(outcome.refused);
    });
    if (appends.some((a) => a.batch.length > 0)) for (const subscription of this.subscriptions) subscription.notifyAppended();
  }

  private appendOne({ streamId, batch, expected }: PendingAppend): Outcome {
    this.db.exec('SAVEPOINT one_append');
    try {
      const written = this.checkAndInsert(streamId, batch, expected);
      this.db.exec('RELEASE one_append');
      return { written };
    } catch (error) {
      this.db.exec('ROLLBACK TO one_append');
      this.db.exec('RELEASE one_append');
      if (!isUniqueViolation(error)) return { refused: error };
      // an event id is already in the log: the batch is a retry of an earlier append, or a mistake
      try {
        const earlier = this.earlierAppend(streamId, batch);
        return earlier ? { written: earlier } : { refused: error };
      } catch (conflict) {
        return { refused: conflict };
      }
    }
  }

  private checkAndInsert(streamId: string, batch: readonly NewEvent[], expected: ExpectedRevision): AppendResult {
    const head = this.streamHead(streamId);
    const actual = head ? head.revision : 'no_stream';
    if (!isSatisfied(expected, actual)) {
      // like EventStoreDB, a retry of a batch that was written succeeds whatever the stream did since
      const earlier = this.earlierAppend(streamId, batch);
      if (earlier) return earlier;
      throw new WrongExpectedRevisionError(streamId, expected, actual);
    }
    if (batch.length === 0) return { nextExpectedRevision: head ? head.revision : -1n, position: head ? at(head.position) : START };
    const recordedAt = new Date().toISOString();
    let revision = head ? head.revision : -1n;
    let position = 0n;
    // inside the write transaction: the stream's last hash and the log's last digest cannot move under us
    let previousHash = head?.hash ?? GENESIS;
    let digest = (this.statements.lastDigest.get() as [string | null] | undefined)?.[0] ?? GENESIS;
    for (const e of batch) {
      revision += 1n;
      const hash = eventHash({ streamId, revision, id: e.id, type: e.type, data: JSON.parse(e.data), metadata: JSON.parse(e.metadata) }, previousHash);
      digest = nextDigest(digest, hash);
      const { lastInsertRowid } = this.statements.insert.run(streamId, revision, e.id, e.type, e.data, e.metadata, recordedAt, hash, digest);
      position = BigInt(lastInsertRowid);
      previousHash = hash;
    }
    return { nextExpectedRevision: revision, position: at(position) };
  }

  /**
   * The result of the earlier append of this batch when all its ids are already written, in this
   * stream, consecutively and in this order; undefined when none is; EventIdConflictError otherwise.
   */
  private earlierAppend(streamId: string, batch: readonly NewEvent[]): AppendResult | undefined {
    if (batch.length === 0) return undefined;
    const found = batch.map((e) => this.statements.eventById.get(e.id) as [string, bigint, bigint] | undefined);
    const written = found.filter((f) => f !== undefined);
    if (written.length === 0) return undefined;
    const ids = batch.filter((_, i) => found[i]).map((e) => e.id);
    if (written.length < batch.length) {
      throw new EventIdConflictError(streamId, ids, 'some event ids of the batch are already written and the others are not');
    }
    const elsewhere = written.find(([stream]) => stream !== streamId);
    if (elsewhere) throw new EventIdConflictError(streamId, ids, `these event ids are already written in stream ${elsewhere[0]}`);
    if (written.some(([, revision], i) => i > 0 && revision !== written[i - 1][1] + 1n)) {
      throw new EventIdConflictError(streamId, ids, 'these event ids are already written, but not as one batch in this order');
    }
    const [, revision, position] = written[written.length - 1];
    return { nextExpectedRevision: revision, position: at(position) };
  }

  private inWriteTransaction<T>(work: () => T): T {
    try {
      // IMMEDIATE takes the write lock first: another process cannot slip in between our check and our insert
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      if (!isBusy(error)) throw error;
      throw new EventStoreUnavailableError(`${this.filePath} stayed locked by another writer for ${BUSY_TIMEOUT_MS} ms`, error);
    }
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private streamHead(streamId: string): StreamHead | undefined {
    const row = this.statements.streamHead.get(streamId) as [bigint, bigint, string | null] | undefined;
    return row && { revision: row[0], position: row[1], hash: row[2] };
  }

  private readAfter(after: bigint, maxCount: number): RecordedEvent[] {
    this.assertOpen();
    return (this.statements.eventsAfter.all(after, maxCount) as EventRow[]).map(toRecorded);
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError(`the event store at ${this.filePath} is closed`);
  }
}

/** Prepared once: a single-event append costs one fsync and a few index lookups. */
function prepareStatements(db: SqliteDatabase) {
  const prepare = (sql: string) => db.prepare(sql).raw();
  return {
    streamHead: prepare('SELECT revision, position, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
    lastDigest: prepare('SELECT digest FROM events ORDER BY position DESC LIMIT 1'),
    eventById: prepare('SELECT stream_id, revision, position FROM events WHERE event_id = ?'),
    insert: db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at, hash, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    streamForwards: prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`),
    streamBackwards: prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`),
    eventsAfter: prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`),
    lastPosition: prepare('SELECT MAX(position) FROM events'),
    storeIdentity: prepare('SELECT id FROM store_identity'),
  };
}

function isSatisfied(expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return expected === actual;
  }
}

/** Serialised before the write transaction: a payload that is not JSON fails without holding the lock. */
function serialised(event: EventData): NewEvent {
  if (typeof event.id !== 'string' || !UUID.test(event.id)) throw new TypeError(`event id "${String(event.id)}" is not a UUID`);
  if (typeof event.type !== 'string' || event.type === '') throw new TypeError(`event ${event.id} has no type`);
  return {
    id: event.id.toLowerCase(), // EventStoreDB gives ids back in lower case too
    type: event.type,
    data: JSON.stringify(event.data ?? null),
    metadata: JSON.stringify(event.metadata ?? {}),
  };
}

function checkStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId === '') throw new TypeError('a stream id must be a non-empty string');
  // readAll gives user events only: "$" streams are EventStoreDB's system streams
  if (streamId.startsWith('$')) throw new TypeError(`stream ${streamId}: ids starting with "$" are reserved for system streams`);
}

function checkDistinctIds(streamId: string, batch: readonly NewEvent[]): void {
  const seen = new Set<string>();
  for (const { id } of batch) {
    if (seen.has(id)) throw new EventIdConflictError(streamId, [id], 'the batch contains this event id twice');
    seen.add(id);
  }
}

function countOf(maxCount: number | undefined): number | undefined {
  if (maxCount === undefined) return undefined;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) throw new RangeError(`maxCount must be a whole number ≥ 0, got ${maxCount}`);
  return maxCount;
}

function toRecorded([position, streamId, revision, id, type, data, metadata, recordedAt, hash, digest]: EventRow): RecordedEvent {
  const event = { id, streamId, revision, position: at(position), type, data: JSON.parse(data), metadata: JSON.parse(metadata), recordedAt };
  return { ...event, ...(hash === null ? {} : { hash }), ...(digest === null ? {} : { digest }) };
}

function at(sequence: bigint): Position {
  return { commit: sequence, prepare: sequence };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
