import Database from 'libsql';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AppendResult, EventData, EventHandler, EventStore, ExpectedRevision, Position, ReadAllOptions, ReadStreamOptions,
  RecordedEvent, START, StreamNotFoundError, SubscribeOptions, Subscription, WrongExpectedRevisionError,
} from '../event-store.port';

const SCHEMA_VERSION = 1;
const PAGE = 500;
/** Other processes may append to the same file: subscriptions also look for new events this often. */
const POLL_MS = 250;

interface Row {
  position: bigint;
  stream_id: string;
  revision: bigint;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

/**
 * The embedded, durable event store: one SQLite file (libsql, prebuilt binaries). The global
 * position is the row's sequence number (commit = prepare). Every append is one transaction.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly stmts;
  private readonly wakers = new Set<() => void>();
  private closed = false;

  private constructor(filePath: string) {
    if (filePath !== ':memory:') mkdirSync(dirname(filePath), { recursive: true });
    try {
      this.db = new Database(filePath);
      this.db.defaultSafeIntegers(true);
      this.db.pragma('journal_mode = WAL');
      // FULL: an acknowledged append survives a power loss, not only a process crash.
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
      this.migrate();
    } catch (error) {
      throw new Error(`cannot open the event store at ${filePath}: ${(error as Error).message}`);
    }
    this.stmts = {
      head: this.db.prepare('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
      byEventId: this.db.prepare('SELECT position, stream_id, revision FROM events WHERE event_id = ?'),
      insert: this.db.prepare(
        'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING position',
      ),
      forwards: this.db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?'),
      backwards: this.db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?'),
      all: this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?'),
      lastPosition: this.db.prepare('SELECT MAX(position) AS position FROM events'),
    };
  }

  static async open(filePath: string): Promise<SqliteEventStore> {
    return new SqliteEventStore(filePath);
  }

  private migrate(): void {
    const version = Number((this.db.prepare('PRAGMA user_version').get() as { user_version: bigint }).user_version);
    if (version > SCHEMA_VERSION) throw new Error(`schema version ${version} is newer than this program knows (${SCHEMA_VERSION})`);
    if (version === SCHEMA_VERSION) return;
    this.db.exec(`
      CREATE TABLE events (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        event_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        UNIQUE (stream_id, revision)
      );
      PRAGMA user_version = ${SCHEMA_VERSION};
    `);
  }

  async appendToStream(streamId: string, events: readonly EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    this.assertOpen();
    const result = this.db.transaction(() => this.appendInTransaction(streamId, events, options.expectedRevision))();
    if (events.length > 0) this.wake();
    return result;
  }

  private appendInTransaction(streamId: string, events: readonly EventData[], expected: ExpectedRevision): AppendResult {
    const replay = this.earlierAppend(streamId, events);
    if (replay) return replay;
    const head = this.stmts.head.get(streamId) as { revision: bigint } | undefined;
    const actual = head ? head.revision : 'no_stream';
    const satisfied =
      expected === 'any' ||
      (expected === 'no_stream' && actual === 'no_stream') ||
      (expected === 'stream_exists' && actual !== 'no_stream') ||
      (typeof expected === 'bigint' && expected === actual);
    if (!satisfied) throw new WrongExpectedRevisionError(streamId, expected, actual);
    let revision = actual === 'no_stream' ? -1n : actual;
    let position: bigint = (this.stmts.lastPosition.get() as { position: bigint | null }).position ?? -1n;
    const now = new Date().toISOString();
    for (const e of events) {
      revision += 1n;
      const row = this.stmts.insert.get(streamId, revision, e.id, e.type, JSON.stringify(e.data ?? null), JSON.stringify(e.metadata ?? {}), now) as { position: bigint };
      position = row.position;
    }
    return { nextExpectedRevision: revision, position: { commit: position, prepare: position } };
  }

  /** Same event ids already written, in order, on this stream: the append is a retry. */
  private earlierAppend(streamId: string, events: readonly EventData[]): AppendResult | undefined {
    if (events.length === 0) return undefined;
    const found = events.map((e) => this.stmts.byEventId.get(e.id) as { position: bigint; stream_id: string; revision: bigint } | undefined);
    if (found.every((f) => f === undefined)) return undefined;
    const consecutive = found.every((f, i) => f && f.stream_id === streamId && (i === 0 || f.revision === found[i - 1]!.revision + 1n));
    if (!consecutive) {
      throw new Error(`append to ${streamId} mixes event ids already written elsewhere with new ones; refusing a partial duplicate`);
    }
    const last = found[found.length - 1]!;
    return { nextExpectedRevision: last.revision, position: { commit: last.position, prepare: last.position } };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const rows = (options.direction === 'backwards'
      ? this.stmts.backwards.all(streamId, options.fromRevision ?? BigInt(Number.MAX_SAFE_INTEGER), max)
      : this.stmts.forwards.all(streamId, options.fromRevision ?? 0n, max)) as Row[];
    if (rows.length === 0 && !this.stmts.head.get(streamId)) throw new StreamNotFoundError(streamId);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after ?? START;
    return (this.stmts.all.all(after.commit, options.maxCount ?? 1000) as Row[]).map(toRecorded);
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    const last = (this.stmts.lastPosition.get() as { position: bigint | null }).position;
    return last === null ? START : { commit: last, prepare: last };
  }

  subscribeToAll(handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    let position = options.after ?? START;
    let stopped = false;
    // an append that happens while the loop is busy must not be missed: remember it until the next sleep
    let woken = false;
    let wake: () => void = () => { woken = true; };
    const waker = () => wake();
    this.wakers.add(waker);
    const sleep = () => new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, POLL_MS);
      function done() {
        clearTimeout(timer);
        wake = () => { woken = true; };
        resolve();
      }
      wake = done;
    });
    const loop = async () => {
      try {
        while (!stopped && !this.closed) {
          const page = (this.stmts.all.all(position.commit, PAGE) as Row[]).map(toRecorded);
          for (const event of page) {
            if (stopped) return;
            await handler(event);
            position = event.position;
          }
          if (page.length < PAGE) await sleep();
        }
      } finally {
        this.wakers.delete(waker);
      }
    };
    const done = loop();
    done.catch(() => undefined); // the caller observes failures through `done`
    return {
      done,
      stop: async () => {
        stopped = true;
        wake();
        await done.catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    // let subscription loops notice before the handle goes away
    await new Promise((resolve) => setImmediate(resolve));
    this.db.close();
  }

  private wake(): void {
    for (const w of this.wakers) w();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

function toRecorded(row: Row): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: { commit: row.position, prepare: row.position },
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: row.recorded_at,
  };
}
