import { once } from 'node:events';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppendOutcomeUnknownError, AppendResult, EventStoreUnavailableError } from '../event-store.port';
import { AppendRequest, GroupOutcome, Inserted } from './log-writer';
import { SentError, revived } from './thread-errors';
import type { WriterRequest } from './writer-thread-entry';
import { startWorker } from './worker-loader';

/** One reply per transaction, for every group it wrote (the groups queued while the previous one was written). */
type Reply = { seqs: number[]; epoch: number } & ({ outcomes: ({ written: AppendResult; head: boolean; inserted?: Inserted } | { refused: SentError })[][] } | { failed: SentError });
type Waiting = { readonly appends: readonly AppendRequest[]; resolve(group: GroupOutcome): void; reject(error: unknown): void };

const ENTRY = join(__dirname, `writer-thread-entry${extname(__filename)}`);

/**
 * The embedded store's writer on a thread of its own: the group commit and its fsync run there while
 * the event loop goes on serving; each append is still answered only once its transaction committed.
 */
export class WriterThread {
  private readonly waiting = new Map<number, Waiting>();
  private nextSeq = 0;
  private failure: Error | undefined;
  private writerEpoch = 0;

  private constructor(private readonly worker: Worker, private readonly filePath: string) {
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', () => this.fail(new Error('the writer thread stopped')));
    worker.unref(); // an idle writer keeps no process alive; a write in flight does (see write)
  }

  static async start(filePath: string): Promise<WriterThread> {
    const worker = startWorker(ENTRY, { filePath });
    const [first] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([error]) => { throw error; })])) as [{ ready?: true; openFailed?: SentError }];
    if (first.openFailed) {
      await once(worker, 'exit');
      throw revived(first.openFailed);
    }
    return new WriterThread(worker, filePath);
  }

  /** The writer's knowledge epoch as of its last reply (see LogWriter). */
  get epoch(): number {
    return this.writerEpoch;
  }

  /**
   * Writes the appends in one transaction on the writer thread: one outcome per append, in order.
   * Need not wait for the previous group: the groups sent meanwhile are written in order, in one transaction.
   */
  write(appends: readonly AppendRequest[]): Promise<GroupOutcome> {
    if (this.failure) return Promise.reject(new EventStoreUnavailableError(`the writer of ${this.filePath} failed: ${this.failure.message}`, this.failure));
    const seq = this.nextSeq++;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { appends, resolve, reject });
      if (this.waiting.size === 1) this.worker.ref();
      this.worker.postMessage({ seq, appends } satisfies WriterRequest);
    });
  }

  /** Call once no write is in flight: the thread closes its connection and ends. */
  async stop(): Promise<void> {
    if (this.failure) return;
    this.failure = new Error('closed');
    const exited = once(this.worker, 'exit');
    this.worker.ref(); // whoever awaits close() must not see the process end before the file is closed
    this.worker.postMessage({ close: true } satisfies WriterRequest);
    await exited;
  }

  private settle(reply: Reply): void {
    this.writerEpoch = reply.epoch;
    reply.seqs.forEach((seq, i) => {
      const waiting = this.waiting.get(seq);
      if (!waiting) return;
      this.waiting.delete(seq);
      if ('failed' in reply) waiting.reject(revived(reply.failed));
      else waiting.resolve({ outcomes: reply.outcomes[i].map((o) => ('refused' in o ? { refused: revived(o.refused) } : o)), epoch: reply.epoch });
    });
    if (this.waiting.size === 0) this.worker.unref();
  }

  /** The thread died: what it was writing may or may not have committed, and nothing more can be written. */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const [seq, { appends, reject }] of this.waiting) {
      this.waiting.delete(seq);
      reject(new AppendOutcomeUnknownError(appends.map((a) => a.streamId).join(', '), error.message, error));
    }
  }
}
