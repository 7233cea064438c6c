import Database from 'libsql';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { BatchWrite, OUTBOX_ACK, batchWriter } from './read-model-writes';

/** Inside the read models' writer thread: the live transactions are written here while the API thread folds the next ones. */
export type WriterMessage = {
  readonly id: number;
  readonly batches: readonly BatchWrite[];
  /** The outbox entries up to this sequence are published: they are deleted after the batches. */
  readonly outboxAck?: number;
} | { readonly close: true };
/** Per transaction, the checkpoint generation each of its batches got; or why none was written. */
type Outcome = { readonly generations: readonly (readonly number[])[] } | { readonly failed: string };
export type WriterReply = { readonly ids: readonly number[] } & Outcome;
export interface WriterData {
  readonly filePath: string;
  readonly replies: MessagePort;
  /** [0]: the last transaction id answered; [1]: 1 once the connection is closed or the thread ended. */
  readonly progress: SharedArrayBuffer;
}

const { filePath, replies, progress } = workerData as WriterData;
const answered = new Int32Array(progress);
// an API thread blocked in a drain cannot hear the 'exit' event: it reads this
process.on('exit', ended);
const port = parentPort!;
let db: Database.Database | undefined;
let write: ((batch: BatchWrite) => number) | undefined;
let ackOutbox: ((seq: number) => void) | undefined;
/** Set by the first failure: the transactions after it were folded from documents that were never written. */
let failure: string | undefined;
try {
  db = new Database(filePath);
  // the same as the API thread's connection (ReadModelStore); the file is already in WAL mode
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  write = batchWriter(db);
  const ack = db.prepare(OUTBOX_ACK);
  ackOutbox = (seq) => {
    // an outbox delete that fails costs duplicates at most (the entries are published again, or
    // deleted by the next ack, which covers them): it must not undo nor stop the read models' writes
    db!.exec('SAVEPOINT outbox_ack');
    try {
      ack.run(seq);
    } catch {
      db!.exec('ROLLBACK TO outbox_ack');
    } finally {
      db!.exec('RELEASE outbox_ack');
    }
  };
} catch (error) {
  failure = `the read models' writer could not open ${filePath}: ${(error as Error).message}`;
}

port.on('message', (first: WriterMessage) => {
  // the transactions sent while the previous one was written share the next one
  const messages = [first];
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) messages.push(next.message as WriterMessage);
  const transactions = messages.filter((m): m is Extract<WriterMessage, { id: number }> => 'id' in m);
  if (transactions.length > 0) reply(transactions.map((t) => t.id), commit(transactions));
  if (transactions.length < messages.length) {
    db?.close();
    ended();
    port.close();
    replies.close();
  }
});

function commit(transactions: readonly Extract<WriterMessage, { id: number }>[]): Outcome {
  if (failure) return { failed: failure };
  try {
    db!.exec('BEGIN');
    const generations = transactions.map((t) => {
      const written = t.batches.map((batch) => write!(batch));
      if (t.outboxAck !== undefined) ackOutbox!(t.outboxAck);
      return written;
    });
    db!.exec('COMMIT');
    return { generations };
  } catch (error) {
    if (db!.inTransaction) db!.exec('ROLLBACK');
    failure = (error as Error).message;
    return { failed: failure };
  }
}

function reply(ids: readonly number[], outcome: Outcome): void {
  replies.postMessage({ ids, ...outcome } satisfies WriterReply);
  // posted first: whoever sees the id answered finds the reply on the port
  Atomics.store(answered, 0, ids[ids.length - 1]);
  Atomics.notify(answered, 0);
}

function ended(): void {
  Atomics.store(answered, 1, 1);
  Atomics.notify(answered, 1);
}
