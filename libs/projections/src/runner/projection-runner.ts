import {
  EventStore, Position, RecordedEvent, START, Subscription, comparePositions, positionToString,
} from '@clause-ledger/event-store';
import { Projection } from './projection';
import { DocumentChange, ReadModelStore } from './read-model-store';

export interface CommittedBatch {
  readonly projection: string;
  readonly changes: readonly DocumentChange[];
  readonly position: Position;
  /** Ids of the events folded into this batch, in order. */
  readonly eventIds: readonly string[];
}

export interface RunnerOptions {
  /** Events folded per transaction while catching up. */
  readonly batchSize?: number;
  /** Called after each committed batch (e.g. to wake a publisher). Must not throw. */
  readonly onCommitted?: (batch: CommittedBatch) => void;
  readonly onError?: (error: unknown) => void;
  /** Things an operator should know that are no failure (a read model rebuilt for another event store). */
  readonly onNotice?: (message: string) => void;
}

export interface RunnerStatus {
  readonly projection: string;
  readonly state: 'stopped' | 'catching-up' | 'live' | 'failed';
  readonly position: Position;
  readonly error?: string;
}

const CACHE_SIZE = 2_000;

/**
 * Feeds one projection: catches up from its checkpoint in pages (one transaction per page), then
 * follows the live subscription. Checkpoint and documents move together (see ReadModelStore).
 */
export class ProjectionRunner<Doc> {
  private subscription?: Subscription;
  private state: RunnerStatus['state'] = 'stopped';
  private error?: string;
  private current: Position = START;
  private waiters: { position: Position; resolve: (reached: boolean) => void }[] = [];
  /** Recently folded documents, so a busy market is not parsed again for every event (documents are immutable). */
  private readonly cache = new Map<string, Doc | undefined>();

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    readonly projection: Projection<Doc>,
    private readonly options: RunnerOptions = {},
  ) {}

  async start(): Promise<void> {
    const checkpoint = this.readModels.checkpoint(this.projection.name);
    // a checkpoint read from another event store (switched, or recreated) is no position in this one
    const storeIdentity = await this.store.storeIdentity();
    const recordedAgainst = this.readModels.checkpointStoreIdentity(this.projection.name);
    const otherStore = checkpoint !== undefined && recordedAgainst !== storeIdentity && comparePositions(checkpoint.position, START) !== 0;
    if (otherStore) this.options.onNotice?.(`checkpoint ${positionToString(checkpoint.position)} was recorded against event store ${recordedAgainst ?? '(not recorded)'}, this one is ${storeIdentity}: rebuilding ${this.projection.name}`);
    if (!checkpoint || checkpoint.version !== this.projection.version || otherStore) {
      this.readModels.reset(this.projection.name, this.projection.version);
    }
    this.readModels.recordStoreIdentity(this.projection.name, storeIdentity);
    this.current = this.readModels.checkpoint(this.projection.name)!.position;
    this.state = 'catching-up';
    await this.catchUp();
    this.state = 'live';
    this.subscription = this.store.subscribeToAll((event) => this.fold([event]), { after: this.current });
    this.subscription.done.catch((error: unknown) => this.fail(error));
  }

  /** Forgets the read model and folds the whole log again. The runner must be stopped. */
  async rebuild(): Promise<void> {
    if (this.subscription) throw new Error('stop the runner before rebuilding');
    this.readModels.reset(this.projection.name, this.projection.version);
    this.cache.clear();
    this.current = START;
    await this.catchUp();
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
    if (this.state !== 'failed') this.state = 'stopped';
    this.releaseWaiters(false);
  }

  status(): RunnerStatus {
    return { projection: this.projection.name, state: this.state, position: this.current, ...(this.error ? { error: this.error } : {}) };
  }

  get position(): Position {
    return this.current;
  }

  /** Resolves true once the read model includes the event at `position`, false after the timeout. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    if (comparePositions(this.current, position) >= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { position, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs).unref();
    });
  }

  private async catchUp(): Promise<void> {
    const batchSize = this.options.batchSize ?? 1000;
    for (;;) {
      const page = await this.store.readAll({ after: this.current, maxCount: batchSize });
      if (page.length === 0) return;
      this.fold(page);
    }
  }

  private fold(events: readonly RecordedEvent[]): void {
    const touched = new Map<string, Doc | undefined>();
    const read = (key: string) => {
      if (touched.has(key)) return touched.get(key);
      if (!this.cache.has(key)) this.remember(key, this.readModels.get<Doc>(this.projection.name, key));
      return this.cache.get(key);
    };
    for (const event of events) {
      for (const key of this.projection.keysOf(event, read)) {
        touched.set(key, this.projection.evolve(read(key), event, key));
      }
    }
    const position = events[events.length - 1].position;
    const changes = [...touched].map(([key, doc]) => ({ key, doc }));
    this.readModels.commit(this.projection.name, this.projection.version, changes, position);
    for (const { key, doc } of changes) this.remember(key, doc as Doc | undefined);
    this.current = position;
    this.options.onCommitted?.({ projection: this.projection.name, changes, position, eventIds: events.map((e) => e.id) });
    this.releaseWaiters(true);
  }

  private remember(key: string, doc: Doc | undefined): void {
    this.cache.delete(key);
    this.cache.set(key, doc);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }

  private fail(error: unknown): void {
    this.state = 'failed';
    this.error = error instanceof Error ? error.message : String(error);
    this.options.onError?.(error);
    this.releaseWaiters(false);
  }

  private releaseWaiters(reachedOnly: boolean): void {
    this.waiters = this.waiters.filter((w) => {
      const reached = comparePositions(this.current, w.position) >= 0;
      if (reached || !reachedOnly) w.resolve(reached);
      return !(reached || !reachedOnly);
    });
  }
}
