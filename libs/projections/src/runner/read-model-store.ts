import Database from 'libsql';
import { dirname } from 'node:path';
import { Position, START, ownerOnlyFile, positionFromString, positionToString } from '@clause-ledger/event-store';
import { ParkedEvent, ParkingChanges, parkedEventFromRow, parkedEventRow } from './parked-event';
import { ReadModelWriterThread } from './read-model-writer-thread';
import { BatchWrite, OUTBOX_ACK, SAVE_CHECKPOINT, batchWriter } from './read-model-writes';

export interface Checkpoint {
  readonly position: Position;
  readonly version: number;
  /**
   * Counts the commits of the read model, never going back (a reset counts too): documents can
   * change without the position moving (parked events retried), so a reader caching what it read
   * at a position keys it with the generation as well.
   */
  readonly generation: number;
}

export interface ReadModelStoreOptions {
  readonly outboxFor?: readonly string[];
  /**
   * Live transactions (see `liveTransaction`) are written by a thread of their own while this one
   * folds the next batch (the API's store). Off: every write is made on this thread before it returns.
   */
  readonly writeBehind?: boolean;
}

/** A live transaction being folded: its batches, the generations they will get, what to do once written. */
interface Recording {
  readonly batches: BatchWrite[];
  readonly generations: number[];
  readonly effects: (() => void)[];
  /** projection -> its generation after this transaction's batches */
  readonly generationAfter: Map<string, number>;
  /** projection NUL key -> serialised document (null: deleted) */
  readonly docs: Map<string, string | null>;
}

export interface OutboxEntry {
  readonly seq: number;
  readonly projection: string;
  readonly key: string;
  readonly doc: unknown;
  readonly position: string;
}

export interface DocumentChange {
  readonly key: string;
  /** undefined when the document was deleted */
  readonly doc: unknown;
}

const NO_PARKING: ParkingChanges = { parked: [], unparked: [] };
/** A document's id across read models, in the maps of documents not written yet. */
const documentId = (projection: string, key: string): string => `${projection}\u0000${key}`;

/**
 * Read models live in their own SQLite file, next to their checkpoints: a batch of document
 * changes and the checkpoint that covers them are committed in one transaction, so a crash can
 * never leave a read model ahead of or behind its checkpoint.
 */
export class ReadModelStore {
  private readonly db: Database.Database;
  private readonly stmts;
  /** Open transaction depth: commits inside an open transaction join it. */
  private depth = 0;
  /** What to do once the open transaction is committed (dropped if it rolls back). */
  private committed: (() => void)[] = [];

  /** Projections whose changes are also queued in the outbox for publishing (Kafka), in the same transaction. */
  private readonly published: ReadonlySet<string>;
  private readonly writeBatch: (batch: BatchWrite) => number;
  /** Writes the live transactions (writeBehind), until it fails: then this thread writes everything. */
  private writer: ReadModelWriterThread | undefined;
  private recording: Recording | undefined;
  /**
   * Documents of live transactions sent to the writer and not written yet (projection NUL key ->
   * serialised document, null: deleted; with the transaction that wrote it last): what the runners
   * fold from. Queries read what is committed.
   */
  private readonly unwritten = new Map<string, { json: string | null; transaction: number }>();
  private transactionsSent = 0;
  /** Counts the live transactions the writer refused: a batch folded before one must not be written (see commit). */
  private refusals = 0;
  /** The outbox entries up to this sequence are published; their deletion may still be on its way to the writer. */
  private outboxAcked = 0;
  /** Read models reset in this process so far (see `resets`). */
  private resetCount = 0;
  private readonly refusalListeners: ((error: Error) => void)[] = [];
  /** Each read model's checkpoint generation after the last batch folded (written or on its way). */
  private readonly generations = new Map<string, number>();

  private constructor(private readonly filePath: string, private readonly options: ReadModelStoreOptions) {
    this.published = new Set(options.outboxFor ?? []);
    ownerOnlyFile(filePath);
    this.db = new Database(filePath);
    this.db.pragma('journal_mode = WAL');
    // A read model can always be rebuilt from the event store: NORMAL is durable across process crashes.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS documents (
        projection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (projection, key)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS checkpoints (
        projection TEXT PRIMARY KEY, position TEXT NOT NULL, version INTEGER NOT NULL, generation INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, projection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT, position TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS parked_events (
        projection TEXT NOT NULL, event_id TEXT NOT NULL, commit_position INTEGER NOT NULL, prepare_position INTEGER NOT NULL,
        stream_id TEXT NOT NULL, type TEXT NOT NULL, error TEXT NOT NULL, keys TEXT NOT NULL, event TEXT NOT NULL,
        PRIMARY KEY (projection, event_id));
    `);
    this.db.pragma('busy_timeout = 5000');
    this.addCheckpointColumns();
    this.writeBatch = batchWriter(this.db);
    if (options.writeBehind) this.writer = new ReadModelWriterThread(filePath);
    this.stmts = {
      get: this.db.prepare('SELECT doc FROM documents WHERE projection = ? AND key = ?'),
      list: this.db.prepare('SELECT key, doc FROM documents WHERE projection = ? ORDER BY key'),
      listPrefix: this.db.prepare("SELECT key, doc FROM documents WHERE projection = ? AND key >= ? AND key < ? ORDER BY key"),
      clear: this.db.prepare('DELETE FROM documents WHERE projection = ?'),
      checkpoint: this.db.prepare('SELECT position, version, generation FROM checkpoints WHERE projection = ?'),
      outbox: this.db.prepare('SELECT seq, projection, key, doc, position FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?'),
      ack: this.db.prepare(OUTBOX_ACK),
      outboxLastSeq: this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'"),
      pending: this.db.prepare('SELECT COUNT(*) AS n, (SELECT position FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT 1) AS oldest FROM outbox WHERE seq > ?1'),
      clearParked: this.db.prepare('DELETE FROM parked_events WHERE projection = ?'),
      parked: this.db.prepare('SELECT * FROM parked_events WHERE projection = ? ORDER BY commit_position, prepare_position LIMIT ?'),
      parkedCount: this.db.prepare('SELECT COUNT(*) AS n FROM parked_events WHERE projection = ?'),
      resetCheckpoint: this.db.prepare(SAVE_CHECKPOINT),
    };
  }

  static open(filePath: string, options: ReadModelStoreOptions = {}): ReadModelStore {
    return new ReadModelStore(filePath, options);
  }

  /** The committed document. */
  get<Doc>(projection: string, key: string): Doc | undefined {
    const row = this.stmts.get.get(projection, key) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Doc) : undefined;
  }

  /** The document as the last batch folded left it, written or still on its way to the writer (what a runner folds from). */
  folded<Doc>(projection: string, key: string): Doc | undefined {
    const id = documentId(projection, key);
    const json = this.recording?.docs.has(id) ? this.recording.docs.get(id) : this.unwritten.get(id)?.json;
    if (json === undefined) return this.get(projection, key);
    return json === null ? undefined : (JSON.parse(json) as Doc);
  }

  list<Doc>(projection: string): { key: string; doc: Doc }[] {
    return (this.stmts.list.all(projection) as { key: string; doc: string }[]).map((r) => ({ key: r.key, doc: JSON.parse(r.doc) as Doc }));
  }

  /** Documents whose key starts with `prefix` (e.g. "market:"), in key order. */
  listByPrefix<Doc>(projection: string, prefix: string): { key: string; doc: Doc }[] {
    // every key with the prefix sorts between the prefix and the prefix followed by the highest code point
    return (this.stmts.listPrefix.all(projection, prefix, `${prefix}\uffff`) as { key: string; doc: string }[]).map((r) => ({ key: r.key, doc: JSON.parse(r.doc) as Doc }));
  }

  checkpoint(projection: string): Checkpoint | undefined {
    const row = this.stmts.checkpoint.get(projection) as { position: string; version: number; generation: number } | undefined;
    return row ? { position: positionFromString(row.position), version: Number(row.version), generation: Number(row.generation) } : undefined;
  }

  /**
   * Writes the changed documents, parks and unparks events, and moves the checkpoint, atomically:
   * a parked event is never lost behind a checkpoint that moved on without it. Returns the
   * checkpoint's new generation.
   */
  commit(
    projection: string, version: number, changes: readonly DocumentChange[], position: Position, parking: ParkingChanges = NO_PARKING,
    /** `writeRefusals` when the batch began: folded before a refusal, it may stand on documents never written. */
    foldedAfter?: number,
  ): number {
    const batch: BatchWrite = {
      projection, version, position: positionToString(position), publish: this.published.has(projection),
      docs: changes.map((c) => [c.key, c.doc === undefined ? null : JSON.stringify(c.doc)] as const),
      parked: parking.parked.map(parkedEventRow), unparked: parking.unparked,
    };
    const recording = this.recording;
    const notStale = () => {
      if (foldedAfter !== undefined && foldedAfter !== this.refusals) throw new ReadModelsNotWrittenError('a transaction this batch was folded after was refused; fold again from the checkpoint');
    };
    if (recording) {
      notStale();
      const generation = (recording.generationAfter.get(projection) ?? this.generation(projection)) + 1;
      recording.batches.push(batch);
      recording.generations.push(generation);
      recording.generationAfter.set(projection, generation);
      for (const [key, json] of batch.docs) recording.docs.set(documentId(projection, key), json);
      return generation;
    }
    let generation = 0;
    this.transaction(() => {
      // the drain before the transaction may have heard of a refusal
      notStale();
      generation = this.writeBatch(batch);
    });
    this.generations.set(projection, generation);
    return generation;
  }

  /**
   * Runs `work`, the folds of one live batch, as one transaction. With writeBehind it is written by
   * the writer thread: the returned promise resolves once it is written and its afterCommit effects
   * ran, and rejects if it could not be (the runners must then fold again from their checkpoints).
   * The runners fold the next batch meanwhile, from the documents this one left (`folded`).
   */
  liveTransaction(work: () => void): Promise<void> {
    if (!this.writer || this.depth > 0) {
      this.transaction(work);
      return Promise.resolve();
    }
    const recording: Recording = { batches: [], generations: [], effects: [], generationAfter: new Map(), docs: new Map() };
    this.recording = recording;
    try {
      work();
    } finally {
      this.recording = undefined;
    }
    if (recording.batches.length === 0) {
      try {
        for (const effect of recording.effects) effect();
      } catch (error) {
        return Promise.reject(error);
      }
      return Promise.resolve();
    }
    const transaction = ++this.transactionsSent;
    for (const [projection, generation] of recording.generationAfter) this.generations.set(projection, generation);
    for (const [id, json] of recording.docs) this.unwritten.set(id, { json, transaction });
    return new Promise((resolve, reject) => {
      this.writer!.send(recording.batches, (outcome) => {
        const mismatch = 'generations' in outcome && outcome.generations.some((g, i) => g !== recording.generations[i]);
        if ('failed' in outcome || mismatch) {
          const reason = 'failed' in outcome ? outcome.failed : `the checkpoints moved under the read models' writer (generations ${outcome.generations.join(', ')}, ${recording.generations.join(', ')} expected)`;
          const error = new ReadModelsNotWrittenError(reason);
          this.writeBehindFailed(error);
          reject(error);
          return;
        }
        for (const [id, entry] of this.unwritten) if (entry.transaction <= transaction) this.unwritten.delete(id);
        try {
          for (const effect of recording.effects) effect();
          resolve();
        } catch (error) {
          // written, but someone to be told failed: as when an effect throws after a commit on this thread
          reject(error);
        }
      });
    });
  }

  /** Live transactions refused by the writer so far (see commit's `foldedAfter`). */
  get writeRefusals(): number {
    return this.refusals;
  }

  /**
   * Calls `listener` as soon as the writer refuses a transaction, before whatever heard of it goes
   * on: what a runner folded past its checkpoint is then no base for anything (see ProjectionRunner).
   */
  onWriteRefused(listener: (error: Error) => void): void {
    this.refusalListeners.push(listener);
  }

  /**
   * After the writer thread failed (this thread has written since), starts a new one if the store
   * was opened with writeBehind; call it before the failed runners start again (they fold from their
   * checkpoints), not while a transaction is open.
   */
  resumeWriteBehind(): void {
    if (!this.options.writeBehind || this.writer || this.depth > 0 || this.recording) return;
    this.writer = new ReadModelWriterThread(this.filePath);
  }

  /** Whether live transactions are written by the writer thread (false once it failed, until resumeWriteBehind). */
  get writingBehind(): boolean {
    return this.writer !== undefined;
  }

  /** The writer failed: what it did not write is forgotten, and this thread writes from now on. */
  private writeBehindFailed(error: Error): void {
    const writer = this.writer;
    if (!writer) return;
    this.writer = undefined;
    this.refusals++;
    this.unwritten.clear();
    this.generations.clear();
    for (const listener of this.refusalListeners) listener(error);
    writer.close();
  }

  /** Blocks until the live transactions sent are written and settled (before a write or read of this thread that must follow them). */
  private written(): void {
    this.writer?.drain();
  }

  /** The generation of the projection's checkpoint after the last batch folded (-1: none yet, the first commit is generation 0). */
  private generation(projection: string): number {
    let generation = this.generations.get(projection);
    if (generation === undefined) {
      generation = this.checkpoint(projection)?.generation ?? -1;
      this.generations.set(projection, generation);
    }
    return generation;
  }

  /**
   * Runs `work` in one transaction; commits made inside it (several projections' batches) join it,
   * so they are written together with one commit.
   */
  transaction(work: () => void): void {
    if (this.recording) throw new Error('a live transaction being folded cannot open a transaction of its own');
    if (this.depth === 0) this.written();
    // nested: a savepoint, so one read model's failed batch does not undo the others'
    const [begin, commit, rollback] = this.depth === 0 ? ['BEGIN', 'COMMIT', 'ROLLBACK'] : ['SAVEPOINT nested', 'RELEASE nested', 'ROLLBACK TO nested; RELEASE nested'];
    const effectsBefore = this.committed.length;
    this.db.exec(begin);
    this.depth++;
    try {
      work();
      this.db.exec(commit);
    } catch (error) {
      this.committed.length = effectsBefore;
      if (this.db.inTransaction) this.db.exec(rollback);
      throw error;
    } finally {
      this.depth--;
    }
    if (this.depth > 0) return;
    const effects = this.committed;
    this.committed = [];
    for (const effect of effects) effect();
  }

  /** Runs `effect` once what was written so far is committed: at once outside a transaction, never if it rolls back. */
  afterCommit(effect: () => void): void {
    if (this.recording) this.recording.effects.push(effect);
    else if (this.depth > 0) this.committed.push(effect);
    else effect();
  }

  /** The projection's parked events, oldest first. */
  parked(projection: string, limit = Number.MAX_SAFE_INTEGER): ParkedEvent[] {
    this.written();
    return (this.stmts.parked.all(projection, limit) as Parameters<typeof parkedEventFromRow>[0][]).map(parkedEventFromRow);
  }

  parkedCount(projection: string): number {
    return Number((this.stmts.parkedCount.get(projection) as { n: number | bigint }).n);
  }

  /** The oldest queued changes not published yet, in commit order. */
  outboxBatch(limit: number): OutboxEntry[] {
    return (this.stmts.outbox.all(this.outboxAcked, limit) as { seq: number | bigint; projection: string; key: string; doc: string | null; position: string }[])
      .map((r) => ({ seq: Number(r.seq), projection: r.projection, key: r.key, doc: r.doc === null ? undefined : JSON.parse(r.doc), position: r.position }));
  }

  /**
   * Forgets the queued changes up to `seq`, once they are safely published. With writeBehind the
   * deletion is the writer thread's, after the transactions sent before it (this thread does not
   * wait for them); until it is written, outboxBatch and outboxPending leave these entries out.
   */
  outboxAck(seq: number): void {
    if (seq <= this.outboxAcked) return;
    this.outboxAcked = seq;
    if (this.writer && this.depth === 0 && !this.recording) {
      this.writer.send([], (outcome) => {
        if ('failed' in outcome) this.writeBehindFailed(new ReadModelsNotWrittenError(outcome.failed));
      }, seq);
      return;
    }
    this.written();
    this.stmts.ack.run(seq);
  }

  /** The sequence number of the last change ever queued in the outbox (0: none yet), as committed. */
  outboxLastSeq(): number {
    const row = this.stmts.outboxLastSeq.get() as { seq: number | bigint } | undefined;
    return row ? Number(row.seq) : 0;
  }

  /**
   * Runs `read` on one snapshot of what is committed: the documents and the outbox it reads are
   * those of one moment, though the writer thread may commit meanwhile. Reads only.
   */
  snapshot<T>(read: () => T): T {
    // inside a transaction of this connection, `read` would see writes that may still roll back
    if (this.depth > 0 || this.db.inTransaction) throw new Error('a snapshot of what is committed cannot be read inside a transaction');
    this.db.exec('BEGIN');
    try {
      return read();
    } finally {
      if (this.db.inTransaction) this.db.exec('COMMIT');
    }
  }

  /** How many times a read model was reset in this process: its documents forgotten, with no outbox entry telling so. */
  get resets(): number {
    return this.resetCount;
  }

  outboxPending(): { messages: number; oldestPosition: string | null } {
    const row = this.stmts.pending.get(this.outboxAcked) as { n: number | bigint; oldest: string | null };
    return { messages: Number(row.n), oldestPosition: row.oldest };
  }

  /** Forgets a projection's documents, parked events and checkpoint (before a rebuild), atomically. */
  reset(projection: string, version: number): void {
    let generation = 0;
    this.transaction(() => {
      this.stmts.clear.run(projection);
      this.stmts.clearParked.run(projection);
      generation = Number((this.stmts.resetCheckpoint.get(projection, positionToString(START), version) as { generation: number | bigint }).generation);
    });
    this.generations.set(projection, generation);
    this.resetCount++;
  }

  /** The event store a projection's checkpoint was read from (undefined: not recorded, as in files older than this column). */
  checkpointStoreIdentity(projection: string): string | undefined {
    const row = this.db.prepare('SELECT store_identity FROM checkpoints WHERE projection = ?').get(projection) as { store_identity: string | null } | undefined;
    return row?.store_identity ?? undefined;
  }

  recordStoreIdentity(projection: string, storeIdentity: string): void {
    this.written();
    this.db.prepare('UPDATE checkpoints SET store_identity = ? WHERE projection = ?').run(storeIdentity, projection);
  }

  /** Columns added since the first files: the event store a checkpoint was read from, the commit generation. */
  private addCheckpointColumns(): void {
    const columns = this.db.prepare('PRAGMA table_info(checkpoints)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'store_identity')) this.db.exec('ALTER TABLE checkpoints ADD COLUMN store_identity TEXT');
    if (!columns.some((c) => c.name === 'generation')) this.db.exec('ALTER TABLE checkpoints ADD COLUMN generation INTEGER NOT NULL DEFAULT 0');
  }

  close(): void {
    this.writer?.close();
    this.writer = undefined;
    this.db.close();
  }
}

/** A live transaction the read models' writer could not write, or a batch folded after one. */
export class ReadModelsNotWrittenError extends Error {
  constructor(reason: string) {
    super(`read models not written: ${reason}`);
    this.name = 'ReadModelsNotWrittenError';
  }
}
