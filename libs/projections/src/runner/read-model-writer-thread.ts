import { startWorker } from '@clause-ledger/event-store';
import { extname, join } from 'node:path';
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { WriterData, WriterMessage, WriterReply } from './read-model-writer-entry';
import { BatchWrite } from './read-model-writes';

const ENTRY = join(__dirname, `read-model-writer-entry${extname(__filename)}`);
/** How long `drain` blocks the thread for an answer before it takes the writer for dead (a thread that ended says so at once). */
const DRAIN_TIMEOUT_MS = 30_000;
/** `drain` looks whether the thread ended this often. */
const WAIT_SLICE_MS = 20;

/** The checkpoint generation each batch of a transaction got, or why the transaction was not written. */
export type TransactionOutcome = { readonly generations: readonly number[] } | { readonly failed: string };

/**
 * The read models' writer thread: it writes the live transactions, in order, while the API thread
 * folds the next ones. Answers come as messages, or at once with `drain`, which blocks this thread
 * until every transaction sent is answered (before anything that must see them on disk).
 */
export class ReadModelWriterThread {
  private readonly worker: Worker;
  private readonly replies: MessagePort;
  /** [0]: the last transaction answered; [1]: 1 once the thread closed its connection or ended. */
  private readonly progress = new Int32Array(new SharedArrayBuffer(8));
  private lastSent = 0;
  private readonly waiting = new Map<number, (outcome: TransactionOutcome) => void>();
  private failure: string | undefined;

  constructor(filePath: string) {
    const { port1, port2 } = new MessageChannel();
    this.replies = port1;
    this.worker = startWorker(ENTRY, { filePath, replies: port2, progress: this.progress.buffer } satisfies WriterData, [port2]);
    port1.on('message', (reply: WriterReply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(`the read models' writer failed: ${error.message}`));
    this.worker.on('exit', () => this.fail("the read models' writer thread stopped"));
    // an idle writer keeps no process alive; a transaction in flight does (see send)
    this.worker.unref();
    port1.unref();
  }

  /**
   * Sends a transaction (its batches, then the outbox entries up to `outboxAck` deleted); `settle`
   * is called once with its outcome, after those of the transactions sent before it.
   */
  send(batches: readonly BatchWrite[], settle: (outcome: TransactionOutcome) => void, outboxAck?: number): void {
    if (this.failure) {
      settle({ failed: this.failure });
      return;
    }
    const id = ++this.lastSent;
    this.waiting.set(id, settle);
    if (this.waiting.size === 1) {
      this.worker.ref();
      this.replies.ref();
    }
    this.worker.postMessage({ id, batches, ...(outboxAck === undefined ? {} : { outboxAck }) } satisfies WriterMessage);
  }

  get idle(): boolean {
    return this.waiting.size === 0;
  }

  /** Blocks this thread until every transaction sent is answered, and settles them. */
  drain(): void {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (this.waiting.size > 0) {
      const answered = Atomics.load(this.progress, 0);
      // the answer is posted before the id is stored: past the id, a reply not on the port yet is a moment away
      Atomics.wait(this.progress, 0, answered, answered < this.lastSent ? WAIT_SLICE_MS : 1);
      for (let reply = receiveMessageOnPort(this.replies); reply; reply = receiveMessageOnPort(this.replies)) this.settle(reply.message as WriterReply);
      if (this.waiting.size === 0) return;
      // its 'exit' and 'error' events cannot be heard while this thread waits: the thread marks its own end
      if (Atomics.load(this.progress, 1) !== 0) this.fail("the read models' writer thread stopped");
      else if (Date.now() >= deadline) {
        this.fail(`the read models' writer did not answer in ${DRAIN_TIMEOUT_MS / 1000} s`);
        void this.worker.terminate();
      }
    }
  }

  /** Writes what was sent, then closes the thread's connection (blocking, as closing a connection does). */
  close(): void {
    this.drain();
    if (this.failure) {
      void this.worker.terminate();
      return;
    }
    this.failure = 'closed';
    this.worker.postMessage({ close: true } satisfies WriterMessage);
    if (Atomics.wait(this.progress, 1, 0, DRAIN_TIMEOUT_MS) === 'timed-out') void this.worker.terminate();
  }

  private settle(reply: WriterReply): void {
    // all taken off first: a settle may drain or close (re-entering here)
    const settles = reply.ids.map((id) => this.waiting.get(id));
    for (const id of reply.ids) this.waiting.delete(id);
    if (this.waiting.size === 0) {
      this.worker.unref();
      this.replies.unref();
    }
    settles.forEach((settle, i) => settle?.('failed' in reply ? { failed: reply.failed } : { generations: reply.generations[i] }));
  }

  /** The transactions unanswered may or may not be written (their checkpoints tell); nothing more will be. */
  private fail(reason: string): void {
    this.failure ??= reason;
    const settles = [...this.waiting.values()];
    this.waiting.clear();
    this.worker.unref();
    this.replies.unref();
    for (const settle of settles) settle({ failed: this.failure });
  }
}
