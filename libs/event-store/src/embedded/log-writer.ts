import { AppendResult, EventStoreUnavailableError, ExpectedRevision, Position, START, StaleKnowledgeError, WrongExpectedRevisionError } from '../event-store.port';
import { EventIdConflictError } from './event-id-conflict-error';
import { BUSY_TIMEOUT_MS, SqliteDatabase } from './sqlite-schema';
import { GENESIS, eventHash, nextDigest } from '../chain/event-chain';

/** An event as the writer takes it: id checked and lower-cased, data and metadata already JSON. */
export type NewEvent = { readonly id: string; readonly type: string; readonly data: string; readonly metadata: string };
export type AppendRequest = {
  readonly streamId: string;
  readonly batch: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  /**
   * The knowledge epoch the append was decided under (undefined: decided on what was read): refused
   * unless it is still the writer's, as a group sent before the reply that ended the epoch may carry it.
   */
  readonly decidedAt: number | undefined;
};
/**
 * What the log holds of an append's new events beyond what the caller sent: one entry per event of
 * the batch, in order. The caller can so hand its own appends to its subscriptions without reading them back.
 */
export type Inserted = { readonly recordedAt: string; readonly positions: readonly bigint[]; readonly hashes: readonly string[]; readonly digests: readonly string[] };
/**
 * `head`: the result is the stream's last revision at commit (not the earlier result of a retry recognised by its ids);
 * `inserted`: the events this append wrote (absent when it wrote none, as a retry).
 */
export type Outcome = { readonly written: AppendResult; readonly head: boolean; readonly inserted?: Inserted } | { readonly refused: unknown };
/** `epoch`: the writer's knowledge epoch after the transaction (see LogWriter.knowledgeEpoch). */
export type GroupOutcome = { readonly outcomes: Outcome[]; readonly epoch: number };

export const STREAM_HEAD_SQL = 'SELECT revision, position, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1';
type StreamHead = { revision: bigint; position: bigint; hash: string | null };

/**
 * The write side of the embedded store, on its own connection: a group of appends in one
 * transaction (one fsync), each checked and written or refused on its own in a savepoint.
 */
export class LogWriter {
  private readonly statements: ReturnType<typeof prepareStatements>;
  /** PRAGMA data_version at this writer's last look: it changes exactly when another connection commits. */
  private dataVersion: bigint;
  /**
   * Counts the foreign commits seen and the failed transactions: what the process knew before either
   * may be stale. The process's KnownHeads takes this epoch from each reply; an append decided under
   * an older one is refused here even when the foreign commit was seen by an earlier transaction.
   */
  private knowledgeEpoch = 0;

  constructor(private readonly db: SqliteDatabase, private readonly filePath: string) {
    this.statements = prepareStatements(db);
    this.dataVersion = this.currentDataVersion();
  }

  /**
   * One outcome per append, in order; throws only when the transaction itself failed (then nothing
   * was written and `epoch` has moved on).
   */
  write(appends: readonly AppendRequest[]): GroupOutcome {
    try {
      return this.inWriteTransaction(() => {
        // we hold the write lock: no other connection can commit from here to our COMMIT
        const version = this.currentDataVersion();
        if (version !== this.dataVersion) this.knowledgeEpoch++;
        this.dataVersion = version;
        const outcomes = appends.map((a): Outcome => (a.decidedAt !== undefined && a.decidedAt !== this.knowledgeEpoch ? { refused: new StaleKnowledgeError(a.streamId) } : this.appendOne(a)));
        return { outcomes, epoch: this.knowledgeEpoch };
      });
    } catch (error) {
      this.knowledgeEpoch++; // what the failed transaction saw is unknown
      throw error;
    }
  }

  get epoch(): number {
    return this.knowledgeEpoch;
  }

  close(): void {
    this.db.close();
  }

  private appendOne({ streamId, batch, expected }: AppendRequest): Outcome {
    this.db.exec('SAVEPOINT one_append');
    try {
      const outcome = this.checkAndInsert(streamId, batch, expected);
      this.db.exec('RELEASE one_append');
      return outcome;
    } catch (error) {
      this.db.exec('ROLLBACK TO one_append');
      this.db.exec('RELEASE one_append');
      if (!isUniqueViolation(error)) return { refused: error };
      // an event id is already in the log: the batch is a retry of an earlier append, or a mistake
      try {
        const earlier = this.earlierAppend(streamId, batch);
        return earlier ? { written: earlier, head: false } : { refused: error };
      } catch (conflict) {
        return { refused: conflict };
      }
    }
  }

  private checkAndInsert(streamId: string, batch: readonly NewEvent[], expected: ExpectedRevision): { written: AppendResult; head: boolean; inserted?: Inserted } {
    const head = this.streamHead(streamId);
    const actual = head ? head.revision : 'no_stream';
    if (!isSatisfied(expected, actual)) {
      // like EventStoreDB, a retry of a batch that was written succeeds whatever the stream did since
      const earlier = this.earlierAppend(streamId, batch);
      if (earlier) return { written: earlier, head: false };
      throw new WrongExpectedRevisionError(streamId, expected, actual);
    }
    if (batch.length === 0) return { written: { nextExpectedRevision: head ? head.revision : -1n, position: head ? at(head.position) : START }, head: true };
    const recordedAt = new Date().toISOString();
    let revision = head ? head.revision : -1n;
    const positions: bigint[] = [];
    const hashes: string[] = [];
    const digests: string[] = [];
    // inside the write transaction: the stream's last hash and the log's last digest cannot move under us
    let previousHash = head?.hash ?? GENESIS;
    let digest = (this.statements.lastDigest.get() as [string | null] | undefined)?.[0] ?? GENESIS;
    for (const e of batch) {
      revision += 1n;
      const hash = eventHash({ streamId, revision, id: e.id, type: e.type, data: JSON.parse(e.data), metadata: JSON.parse(e.metadata) }, previousHash);
      digest = nextDigest(digest, hash);
      const { lastInsertRowid } = this.statements.insert.run(streamId, revision, e.id, e.type, e.data, e.metadata, recordedAt, hash, digest);
      positions.push(BigInt(lastInsertRowid));
      hashes.push(hash);
      digests.push(digest);
      previousHash = hash;
    }
    const position = positions[positions.length - 1];
    return { written: { nextExpectedRevision: revision, position: at(position) }, head: true, inserted: { recordedAt, positions, hashes, digests } };
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

  private currentDataVersion(): bigint {
    return (this.statements.dataVersion.get() as [bigint])[0];
  }

  private streamHead(streamId: string): StreamHead | undefined {
    const row = this.statements.streamHead.get(streamId) as [bigint, bigint, string | null] | undefined;
    return row && { revision: row[0], position: row[1], hash: row[2] };
  }
}

/** Prepared once: a single-event append costs one fsync and a few index lookups. */
function prepareStatements(db: SqliteDatabase) {
  const prepare = (sql: string) => db.prepare(sql).raw();
  return {
    streamHead: prepare(STREAM_HEAD_SQL),
    dataVersion: prepare('PRAGMA data_version'),
    lastDigest: prepare('SELECT digest FROM events ORDER BY position DESC LIMIT 1'),
    eventById: prepare('SELECT stream_id, revision, position FROM events WHERE event_id = ?'),
    insert: db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at, hash, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
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

export function at(sequence: bigint): Position {
  return { commit: sequence, prepare: sequence };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
