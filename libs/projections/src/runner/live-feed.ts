import { EventStore, Position, RecordedEvent, Subscription, comparePositions } from '@clause-ledger/event-store';

/** What a live feed needs of a runner (ProjectionRunner implements it). */
export interface LiveFolder {
  readonly position: Position;
  /** Folds events that came after its position, in one batch; 'rebuild' when a correction needs the pass started again. */
  foldLiveEvents(events: readonly RecordedEvent[]): 'done' | 'rebuild';
  /** Starts the pass again and catches up (after a 'rebuild'). */
  rebuildLive(): Promise<void>;
  failLive(error: unknown): void;
}

/** Events waiting while a page is folded; past this many, the subscription waits for the fold (memory stays bounded). */
const QUEUE_LIMIT = 5_000;

/**
 * One subscription for the runners that went live together: the log is read and parsed once for
 * all of them, and the events that arrive within one turn of the event loop are folded as one
 * batch by each runner and committed in ONE read-model transaction (documents serialised once per
 * batch, not per event). Under load the batches grow on their own: a slower commit leaves more
 * events for the next one, so the cost per event falls when the rate rises.
 */
export class LiveFeed {
  private readonly members = new Set<LiveFolder>();
  private subscription?: Subscription;
  private queue: RecordedEvent[] = [];
  private folding: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(
    private readonly store: EventStore,
    /** Runs its argument in one read-model transaction (nested commits join it). */
    private readonly inTransaction: (fold: () => void) => void,
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
    if (this.members.size === 0) {
      const subscription = this.subscription;
      this.subscription = undefined;
      await subscription?.stop();
    }
    await this.folding;
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

  private receive(event: RecordedEvent): Promise<void> | void {
    this.queue.push(event);
    if (!this.scheduled) {
      this.scheduled = true;
      // whatever else arrives in this turn (a group commit's appends) joins the same batch
      this.folding = this.folding.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => this.foldQueued());
    }
    return this.queue.length >= QUEUE_LIMIT ? this.folding : undefined;
  }

  private async foldQueued(): Promise<void> {
    this.scheduled = false;
    const events = this.queue;
    this.queue = [];
    if (events.length === 0 || this.members.size === 0) return;
    const members = [...this.members];
    // a correction changes how later events of the same batch fold: each runner then commits as it goes, on its own
    const together = !events.some((e) => e.type === 'StoredEventCorrected');
    const rebuilds: LiveFolder[] = [];
    const failed: [LiveFolder, unknown][] = [];
    const foldAll = () => {
      for (const member of members) {
        const unseen = events.filter((e) => comparePositions(e.position, member.position) > 0);
        if (unseen.length === 0) continue;
        try {
          // inside the feed's transaction each runner's commit is a savepoint of its own: a runner that cannot write fails alone
          if (member.foldLiveEvents(unseen) === 'rebuild') rebuilds.push(member);
        } catch (error) {
          failed.push([member, error]);
        }
      }
    };
    try {
      if (together) this.inTransaction(foldAll);
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
