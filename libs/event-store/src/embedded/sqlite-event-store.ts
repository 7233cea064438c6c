import {
  AppendOptions, AppendResult, AppendTooLargeError, EventData, EventHandler, EventStore, EventStoreUnavailableError, Position, ReadAllOptions,
  KnownStreamHeads, ReadStreamOptions, RecordedEvent, START, StreamNotFoundError, SubscribeOptions, Subscription,
} from '../event-store.port';
import { MAX_APPEND_BYTES, appendSizeOf } from '../append-size';
import { CatchUpSource, CatchUpSubscription } from './catch-up-subscription';
import { EventIdConflictError } from './event-id-conflict-error';
import { SqliteDatabase, openEventsDatabase } from './sqlite-schema';
import { AppendRequest, Inserted, NewEvent, Outcome, STREAM_HEAD_SQL, at } from './log-writer';
import { EventRow, RecentAppends } from './recent-appends';
import { WriterThread } from './writer-thread';
import { KnownHeads } from './known-heads';

/** readAll without maxCount: callers page through the log. */
const READ_ALL_PAGE = 1000;
const SUBSCRIPTION_PAGE = 500;
/** Own appends kept for the subscriptions that have not read them yet; one further behind reads the file. */
const RECENT_APPENDS_KEPT = { events: 5_000, chars: 16 * 1024 * 1024 };
/** Appends by another process on the same file wake no one here: subscriptions also look this often. */
const POLL_MS = 100;
const MAX_REVISION = 0x7fffffffffffffffn;
/**
 * A group this big is sent at once, without waiting for the end of the turn: when the clients move
 * in one wave (all answered by one commit, all back in one turn), the writer commits the first part
 * while this thread prepares the rest, instead of this thread idling through one big commit. Measured
 * (bench/results.md, session 5): +10 % commands/s without the read models, +4 % with them.
 */
const GROUP_SENT_AT = 6;
/** Streams whose last revision is kept (a few dozen bytes each); the others are read to be known. */
const KNOWN_HEADS_CAPACITY = 100_000;
/** EventStoreDB only takes UUIDs as event ids; refusing others here keeps the two adapters interchangeable. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash, digest';
type PendingAppend = AppendRequest & {
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
};

/**
 * The embedded, durable event store: one SQLite file (libsql). The global position is the row's
 * sequence number, from 1 (commit = prepare). Each append is one savepoint, so a batch is written
 * whole or not at all, and several processes may share the file (SQLite serialises their writes).
 * The appends requested in one turn of the event loop go to the writer as one group, without
 * waiting for the groups still being written; the writer puts the groups that came while it wrote
 * in its next transaction (group commit): one fsync makes them all durable before any of them is
 * answered. The writes run on a thread of their own (writer-thread.ts), so the fsync does not stall
 * the event loop, which goes on taking requests; reads use this thread's connection and see every
 * answered append.
 *
 * It knows the last revision of the streams it wrote or read to their end (`knownHeads`), so a
 * caller can decide without reading. Another process may write meanwhile: the writer sees it when
 * its next transaction begins (it then holds the write lock, so nothing else can slip in), starts a
 * new epoch and refuses the appends decided under an older one (StaleKnowledgeError), including
 * those of groups sent before its reply told this thread to forget everything known.
 */
export class SqliteEventStore implements EventStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly catchUpSource: CatchUpSource;
  private closed = false;
  /** Set by close(): appends are refused from then on, reads go on until the file is closed. */
  private closing: Promise<void> | undefined;
  /** The appends of this turn: sent as one group once the turn's callbacks have run. */
  private pending: PendingAppend[] = [];
  /** The groups sent and not answered yet. */
  private readonly inFlight = new Set<Promise<void>>();
  private readonly heads = new KnownHeads(KNOWN_HEADS_CAPACITY);
  readonly knownHeads: KnownStreamHeads = this.heads;
  /** This process's latest appends, handed to its subscriptions without a read of the file. */
  private readonly recent = new RecentAppends(RECENT_APPENDS_KEPT);

  private constructor(private readonly db: SqliteDatabase, private readonly writer: WriterThread, readonly filePath: string) {
    this.statements = prepareStatements(db);
    this.catchUpSource = {
      readAfter: (after, max) => this.recent.after(after, max)?.map(toRecorded) ?? this.readAfter(after, max),
      pageSize: SUBSCRIPTION_PAGE,
      pollMs: POLL_MS,
    };
  }

  /** Opens the store in `filePath`, creating the file and its folder if needed. */
  static async open(filePath: string): Promise<SqliteEventStore> {
    const db = openEventsDatabase(filePath); // creates and migrates the file before the writer opens it
    try {
      return new SqliteEventStore(db, await WriterThread.start(filePath), filePath);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async appendToStream(streamId: string, events: readonly EventData[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    if (this.closing) throw new EventStoreUnavailableError(`the event store at ${this.filePath} is closing`);
    checkStreamId(streamId);
    const batch = events.map(serialised);
    const size = appendSizeOf(events, batch);
    if (size > MAX_APPEND_BYTES) throw new AppendTooLargeError(streamId, MAX_APPEND_BYTES, size);
    checkDistinctIds(streamId, batch);
    return new Promise((resolve, reject) => {
      const queued = this.pending.push({ streamId, batch, expected: options.expectedRevision, decidedAt: options.decidedAt, resolve, reject });
      if (queued === 1) setImmediate(() => this.send()); // the appends of this turn join the group
      else if (queued === GROUP_SENT_AT) this.send();
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = countOf(options.maxCount) ?? -1; // LIMIT -1: no limit
    if (options.direction === 'backwards' || maxCount === 0) {
      const rows = options.direction === 'backwards'
        ? this.statements.streamBackwards.all(streamId, options.fromRevision ?? MAX_REVISION, maxCount)
        : [];
      if (rows.length === 0 && !this.streamExists(streamId)) throw notFound(streamId);
      return (rows as EventRow[]).map(toRecorded);
    }
    const from = options.fromRevision ?? 0n;
    const rows = this.statements.streamForwards.all(streamId, from, maxCount) as EventRow[];
    const toTheEnd = maxCount === -1 || rows.length < maxCount;
    if (toTheEnd) this.heads.learn(streamId, rows.length === 0 ? -1n : rows[rows.length - 1][2]);
    if (rows.length === 0) throw notFound(streamId);
    // the stream's last event alone, older than `from`: it only says that the stream exists
    if (rows[0][2] < from) return [];
    return rows.map(toRecorded);
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
    subscription.done.finally(() => {
      this.subscriptions.delete(subscription);
      if (this.subscriptions.size === 0) this.recent.clear();
    }).catch(() => undefined);
    return subscription;
  }

  /** Stops every subscription (a handler already running finishes, no other event is delivered) and closes the file. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    // appends already accepted are written (or refused) before the file closes
    while (this.pending.length > 0 || this.inFlight.size > 0) {
      await (this.inFlight.size > 0 ? Promise.all(this.inFlight) : new Promise((resolve) => setImmediate(resolve)));
    }
    this.closed = true;
    for (const subscription of this.subscriptions) subscription.halt();
    await this.writer.stop();
    this.db.close();
  }

  private send(): void {
    if (this.pending.length === 0) return;
    const group = this.pending;
    this.pending = [];
    const written = this.writeGroup(group);
    this.inFlight.add(written);
    void written.finally(() => this.inFlight.delete(written));
  }

  /**
   * Each append is checked and written or refused on its own; never rejects. One decided under an
   * epoch this thread has already left is refused by the writer too (its epoch is never behind this one).
   */
  private async writeGroup(appends: readonly PendingAppend[]): Promise<void> {
    let written;
    try {
      written = await this.writer.write(appends.map(({ streamId, batch, expected, decidedAt }) => ({ streamId, batch, expected, decidedAt })));
    } catch (error) {
      this.heads.enter(this.writer.epoch); // a failed transaction started a new epoch
      for (const a of appends) {
        this.heads.forget(a.streamId); // a dead writer's last transaction may have committed
        a.reject(error);
      }
      return;
    }
    this.heads.enter(written.epoch);
    if (this.subscriptions.size > 0) this.keepForSubscriptions(appends, written.outcomes);
    appends.forEach((a, i) => {
      const outcome = written.outcomes[i];
      if ('written' in outcome && outcome.head) this.heads.learnWritten(a.streamId, outcome.written);
      else this.heads.forget(a.streamId);
      if ('written' in outcome) a.resolve(outcome.written);
      else a.reject(outcome.refused);
    });
    if (appends.some((a) => a.batch.length > 0)) for (const subscription of this.subscriptions) subscription.notifyAppended();
  }

  /** The rows just committed, as the file holds them, for the subscriptions' next read. */
  private keepForSubscriptions(appends: readonly PendingAppend[], outcomes: readonly Outcome[]): void {
    let behind: bigint | undefined;
    for (const subscription of this.subscriptions) if (behind === undefined || subscription.position < behind) behind = subscription.position;
    if (behind !== undefined) this.recent.forgetUpTo(behind);
    appends.forEach((a, i) => {
      const outcome = outcomes[i];
      if ('written' in outcome && outcome.inserted) this.recent.add(rowsOf(a, outcome.written.nextExpectedRevision, outcome.inserted));
    });
  }

  private streamExists(streamId: string): boolean {
    return this.statements.streamHead.get(streamId) !== undefined;
  }

  private readAfter(after: bigint, maxCount: number): RecordedEvent[] {
    this.assertOpen();
    return (this.statements.eventsAfter.all(after, maxCount) as EventRow[]).map(toRecorded);
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError(`the event store at ${this.filePath} is closed`);
  }
}

/** The reads, prepared once (the writes are the writer thread's, log-writer.ts). */
function prepareStatements(db: SqliteDatabase) {
  const prepare = (sql: string) => db.prepare(sql).raw();
  return {
    streamHead: prepare(STREAM_HEAD_SQL),
    // one query whether or not there is anything new: when nothing is at or after ?2, the last event comes instead
    streamForwards: prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ?1
      AND revision >= min(?2, coalesce((SELECT max(revision) FROM events WHERE stream_id = ?1), ?2)) ORDER BY revision ASC LIMIT ?3`),
    streamBackwards: prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`),
    eventsAfter: prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`),
    lastPosition: prepare('SELECT MAX(position) FROM events'),
    storeIdentity: prepare('SELECT id FROM store_identity'),
  };
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
  const event: { -readonly [K in keyof RecordedEvent]: RecordedEvent[K] } = { id, streamId, revision, position: at(position), type, data: JSON.parse(data), metadata: JSON.parse(metadata), recordedAt };
  if (hash !== null) event.hash = hash;
  if (digest !== null) event.digest = digest;
  return event;
}

/** An append's rows as the writer inserted them. */
function rowsOf({ streamId, batch }: AppendRequest, lastRevision: bigint, { recordedAt, positions, hashes, digests }: Inserted): EventRow[] {
  const firstRevision = lastRevision - BigInt(batch.length - 1);
  return batch.map((e, i) => [positions[i], streamId, firstRevision + BigInt(i), e.id, e.type, e.data, e.metadata, recordedAt, hashes[i], digests[i]]);
}

/**
 * A missing stream is an answer callers expect (an id not created yet, a stream nobody wrote):
 * no stack trace is taken, which cost as much as the two reads that found the stream missing.
 */
function notFound(streamId: string): StreamNotFoundError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new StreamNotFoundError(streamId);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
