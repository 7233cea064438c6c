import { EventStore, Position, RecordedEvent, Subscription, comparePositions } from '@clause-ledger/event-store';
import { SharedReads } from './shared-reads';

/** What a live feed needs of a runner (ProjectionRunner implements it). */
export interface LiveFolder {
  readonly position: Position;
  /** Folds events that came after its position, in one batch; 'rebuild' when a correction needs the pass started again. */
  foldLiveEvents(events: readonly RecordedEvent[], reads?: SharedReads): 'done' | 'rebuild';
  /** Starts the pass again and catches up (after a 'rebuild'). */
  rebuildLive(): Promise<void>;
  failLive(error: unknown): void;
  /** True while a caller waits for a position (read-your-writes): the feed then folds without waiting for its cadence. */
  readonly awaited: boolean;
}

export interface LiveCadence {
  /** Least time between the starts of two folds under load; the first event after a quiet spell is folded at once. */
  readonly minIntervalMs: number;
  /** Events queued past this many are folded without waiting for the interval. */
  readonly maxBatch: number;
}

export const LIVE_CADENCE: LiveCadence = { minIntervalMs: 20, maxBatch: 2_000 };

/** Events waiting while a page is folded; past this many, the subscription waits for the fold (memory stays bounded). */
const QUEUE_LIMIT = 5_000;
/** Transactions folded and not written yet: the next fold waits for the oldest (memory stays bounded, readers are not left behind). */
const WRITES_IN_FLIGHT = 2;

/**
 * One subscription for the runners that went live together: the log is read and parsed once for
 * all of them, and the queued events are folded as one batch by each runner and committed in ONE
 * read-model transaction (documents serialised once per batch, not per event). A transaction costs
 * about as much as the folds of a group commit, so under load the feed folds at most once per
 * `minIntervalMs`: the first event after a quiet spell is folded at the next turn, the next ones
 * wait for the interval, unless a reader waits for its writes or the batch is full.
 */
export class LiveFeed {
  private readonly members = new Set<LiveFolder>();
  private subscription?: Subscription;
  private queue: RecordedEvent[] = [];
  private folding: Promise<void> = Promise.resolve();
  /** The transactions being written, oldest first (each settles, never rejects: a failure fails its members). */
  private writing: Promise<void>[] = [];
  private scheduled = false;
  /** Ends the current wait for the interval, if any. */
  private hurry?: () => void;
  private lastFoldStarted = -Infinity;

  constructor(
    private readonly store: EventStore,
    /**
     * Runs its argument as one read-model transaction (nested commits join it); resolves once it is
     * written, which may be after it returns (ReadModelStore.liveTransaction).
     */
    private readonly inTransaction: (fold: () => void) => Promise<void>,
    private readonly cadence: LiveCadence = LIVE_CADENCE,
  ) {}

  /** Subscribes from the position of the member furthest behind. */
  start(members: readonly LiveFolder[]): void {
    for (const member of members) this.members.add(member);
    const after = members.reduce((min, m) => (comparePositions(m.position, min) < 0 ? m.position : min), members[0].position);
    this.subscription = this.store.subscribeToAll((event) => this.receive(event), { after });
    this.subscription.done.catch((error: unknown) => this.failAll([...this.members], error));
  }

  /** The member folds nothing more once this resolves; the last member leaving ends the subscription. */
  async leave(member: LiveFolder): Promise<void> {
    this.members.delete(member);
    this.foldSoon();
    if (this.members.size === 0) {
      const subscription = this.subscription;
      this.subscription = undefined;
      await subscription?.stop();
    }
    await this.folding;
    await Promise.all(this.writing);
  }

  /** A failed runner folds nothing more until it is started again (as when its own subscription failed). */
  private failAll(members: readonly LiveFolder[], error: unknown): void {
    for (const member of members) {
      this.members.delete(member);
      member.failLive(error);
    }
    if (this.members.size > 0) return;
    // not awaited: this may run inside the subscription's own handler
    this.subscription?.stop().catch(() => undefined);
    this.subscription = undefined;
  }

  /** Folds the queued events at the next turn instead of at the interval (a reader waits for them, the batch is full, a member leaves). */
  foldSoon(): void {
    this.hurry?.();
  }

  private receive(event: RecordedEvent): Promise<void> | void {
    this.queue.push(event);
    if (!this.scheduled) {
      this.scheduled = true;
      this.folding = this.folding.then(() => this.untilDue()).then(() => this.foldQueued());
    } else if (this.queue.length >= this.cadence.maxBatch) {
      this.foldSoon();
    }
    return this.queue.length >= QUEUE_LIMIT ? this.folding : undefined;
  }

  /** Keeps track of a transaction being written; if it cannot be, its members fail (what they folded after it is lost with it). */
  private written(writing: Promise<void>, members: readonly LiveFolder[]): void {
    // a member that left meanwhile fails too: its cache holds documents that were never written
    const settled = writing.catch((error: unknown) => this.failAll(members, error));
    this.writing.push(settled);
    void settled.finally(() => {
      const at = this.writing.indexOf(settled);
      if (at >= 0) this.writing.splice(at, 1);
    });
  }

  /** Resolves when the queued events are due: at the next turn (whatever else arrives in this turn, a group commit's appends, joins the batch), or at the interval. */
  private untilDue(): Promise<void> {
    const wait = this.lastFoldStarted + this.cadence.minIntervalMs - performance.now();
    const urgent = wait <= 0 || this.queue.length >= this.cadence.maxBatch || this.members.size === 0 || [...this.members].some((m) => m.awaited);
    return new Promise<void>((resolve) => {
      const immediate = () => {
        clearTimeout(timer);
        this.hurry = undefined;
        setImmediate(resolve);
      };
      // a fold due later keeps no process alive (the runners are stopped before the stores close)
      const timer = urgent ? undefined : setTimeout(immediate, wait).unref();
      if (urgent) immediate();
      else this.hurry = immediate;
    });
  }

  private async foldQueued(): Promise<void> {
    while (this.writing.length >= WRITES_IN_FLIGHT) await this.writing.shift();
    this.scheduled = false;
    this.lastFoldStarted = performance.now();
    const events = this.queue;
    this.queue = [];
    if (events.length === 0 || this.members.size === 0) return;
    const members = [...this.members];
    // a correction changes how later events of the same batch fold: each runner then commits as it goes, on its own
    const together = !events.some((e) => e.type === 'StoredEventCorrected');
    const rebuilds: LiveFolder[] = [];
    const failed: [LiveFolder, unknown][] = [];
    const reads = new SharedReads();
    const foldAll = () => {
      for (const member of members) {
        const unseen = events.filter((e) => comparePositions(e.position, member.position) > 0);
        if (unseen.length === 0) continue;
        try {
          // inside the feed's transaction each runner's commit is a savepoint of its own: a runner that cannot write fails alone
          if (member.foldLiveEvents(unseen, reads) === 'rebuild') rebuilds.push(member);
        } catch (error) {
          failed.push([member, error]);
        }
      }
    };
    try {
      if (together) this.written(this.inTransaction(foldAll), members);
      else foldAll();
    } catch (error) {
      this.failAll(members, error);
      return;
    }
    for (const [member, error] of failed) this.failAll([member], error);
    for (const member of rebuilds) {
      try {
        await member.rebuildLive();
      } catch (error) {
        member.failLive(error);
      }
    }
  }
}
