import { EventHandler, RecordedEvent, Subscription } from '../event-store.port';

/**
 * A wake-up call that is never lost: a notify() that comes while nobody waits is kept for the next
 * wait(). wait() also ends after `pollMs`, for changes nobody notifies (another process's appends).
 */
class Wakeup {
  private pending = false;
  private release: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    this.release?.();
  }

  wait(pollMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.release = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(finish, pollMs);
      this.release = finish;
    });
  }
}

export interface CatchUpSource {
  /** Events strictly after the global sequence number `after`, in order, at most `maxCount`. */
  readAfter(after: bigint, maxCount: number): RecordedEvent[];
  readonly pageSize: number;
  readonly pollMs: number;
}

/**
 * Reads the log from the last delivered position, hands each event to the handler and waits for it,
 * then sleeps until an append (or the poll) when it reached the end. Because every read starts from
 * the last delivered event, an append racing with the catch-up can be neither skipped nor repeated.
 */
export class CatchUpSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private readonly wakeup = new Wakeup();

  constructor(
    private readonly source: CatchUpSource,
    private readonly handler: EventHandler,
    private after: bigint,
  ) {
    this.done = this.run();
    this.done.catch(() => undefined); // the owner observes failures through `done`
  }

  /** The position of the last event handed to the handler (or the start). */
  get position(): bigint {
    return this.after;
  }

  /** The store calls this after each append of its own. */
  notifyAppended(): void {
    this.wakeup.notify();
  }

  /**
   * Ends the subscription once the handler call in progress (if any) has finished; no other starts.
   * A handler must not await it: it would wait for itself.
   */
  async stop(): Promise<void> {
    this.halt();
    await this.done.catch(() => undefined);
  }

  /** Stops without waiting (the store is closing, perhaps from inside a handler). */
  halt(): void {
    this.stopped = true;
    this.wakeup.notify();
  }

  private async run(): Promise<void> {
    await Promise.resolve(); // no handler call before subscribeToAll has returned
    while (!this.stopped) {
      const page = this.source.readAfter(this.after, this.source.pageSize);
      for (const event of page) {
        if (this.stopped) return;
        await this.handler(event);
        this.after = event.position.commit;
      }
      if (page.length < this.source.pageSize) await this.wakeup.wait(this.source.pollMs);
    }
  }
}
