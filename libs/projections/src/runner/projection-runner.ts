import {
  EventStore, Position, RecordedEvent, START, StreamNotFoundError, comparePositions, positionToString,
} from '@clause-ledger/event-store';
import { DOMAIN_UPCASTERS, EVENT_CORRECTIONS_STREAM, StoredEventReader, UpcasterRegistry } from '@clause-ledger/domain';
import { FoldBatch, messageOf } from './fold-batch';
import { LIVE_CADENCE, LiveCadence, LiveFeed, LiveFolder } from './live-feed';
import { ParkedEvent } from './parked-event';
import { Projection } from './projection';
import { DocumentChange, ReadModelStore } from './read-model-store';
import { SharedReads } from './shared-reads';
import { WrittenKeys } from './written-keys';

export interface CommittedBatch {
  readonly projection: string;
  readonly changes: readonly DocumentChange[];
  readonly position: Position;
  /** Ids of the events folded into this batch, in order (parked ones are not). */
  readonly eventIds: readonly string[];
  /** The checkpoint's generation after this batch: every commit and reset adds one, so a gap means a batch not heard of. */
  readonly generation: number;
}

export interface RunnerOptions {
  /** Events folded per transaction while catching up. */
  readonly batchSize?: number;
  /** Called after each committed batch (e.g. to wake a publisher). Must not throw. */
  readonly onCommitted?: (batch: CommittedBatch) => void;
  readonly onError?: (error: unknown) => void;
  /** Things an operator should know that are no failure (a read model rebuilt for another event store). */
  readonly onNotice?: (message: string) => void;
  /** Called when an event is parked (to log it). Must not throw. */
  readonly onParked?: (parked: ParkedEvent) => void;
  /** The payload upcasters (default: the domain's). */
  readonly upcasters?: UpcasterRegistry;
  /** How often the live feed folds under load (the runners live together use the first one's). */
  readonly liveCadence?: LiveCadence;
}

export interface RunnerStatus {
  readonly projection: string;
  readonly state: 'stopped' | 'catching-up' | 'live' | 'failed';
  readonly position: Position;
  readonly error?: string;
  /** Events the projection could not fold (or holds back behind one), waiting for a repair. */
  readonly parked: number;
}

/** Documents a runner out of a live feed keeps: the catch-up at start, a rebuild (1 M events stay under 500 MiB). */
const CACHE_SIZE = 2_000;
/**
 * Documents a runner in a live feed keeps (a rebuild after a correction too): a facilitator
 * declaring the month's hours of every placement of a market cycles through two or three documents
 * per placement, and a cycle longer than the cache misses every time (each miss a read and a parse
 * on the API thread). 10,000 covers a market of 3,000 placements; a document is 0.2-2.5 kB parsed.
 */
const LIVE_CACHE_SIZE = 10_000;
/** Events folded per transaction while catching up: fewer commits, and a busy document serialised once per page. */
const CATCH_UP_BATCH = 5_000;

/** Names each upcaster registry, so runners with the same one can share their reads of an event. */
const registryNames = new WeakMap<UpcasterRegistry, number>();
let registriesNamed = 0;
function registryName(registry: UpcasterRegistry): number {
  if (!registryNames.has(registry)) registryNames.set(registry, ++registriesNamed);
  return registryNames.get(registry)!;
}

/**
 * Feeds one projection: catches up from its checkpoint in pages (one transaction per page), then
 * follows the live subscription. Checkpoint, documents and parked events move together (see
 * ReadModelStore). An event the projection cannot fold is parked, blocking only its documents;
 * an operator's correction (or a new upcaster and a retry) folds it later, in order.
 */
export class ProjectionRunner<Doc> implements LiveFolder {
  private feed?: LiveFeed;
  private state: RunnerStatus['state'] = 'stopped';
  private error?: string;
  /** Folded up to here: the next batch folds the events after it (its documents may still be on their way to disk). */
  private current: Position = START;
  /** Committed up to here: what readers are told (waitFor, status). */
  private committedAt: Position = START;
  private waiters: { position: Position; resolve: (reached: boolean) => void }[] = [];

  /** Recently folded documents, so a busy market is not parsed again for every event (documents are immutable). */
  private readonly cache = new Map<string, Doc | undefined>();
  private readonly reader: StoredEventReader;
  /**
   * What this runner's reader knows: its upcasters and the corrections it learnt. Corrections are
   * learnt in log order from the start of their stream, so two runners with the same count and the
   * same last one know the same ones and read every event alike (see SharedReads).
   */
  private knowledge: string;
  private readonly upcastersName: number;
  /** Documents blocked by a parked event: key -> that event's position. */
  private blocked = new Map<string, string>();
  /** Ids of the corrections learnt (each once, in log order, so the latest correction of an event wins). */
  private readonly knownCorrections = new Set<string>();
  /** Corrected events folded since the read model was last reset or resumed: event id -> the correction applied. */
  private readonly foldedWith = new Map<string, string>();
  private readonly latestCorrection = new Map<string, string>();
  /**
   * Since the read model was last reset (a pass from empty), the keys written, its live folds
   * included: any other key has no document, so the store is not asked (a rebuild touches many
   * documents only once). Kept after the catch-up (2 MiB) until it fills up or the runner fails.
   */
  private writtenSinceReset?: WrittenKeys;
  /** Corrections a rebuild was started for: a correction of an event that is nowhere in the log must not rebuild forever. */
  private readonly rebuiltFor = new Set<string>();
  /** The store's count of refused writes when the batch being folded began (a batch is folded and committed before the next begins). */
  private batchRefusals = 0;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    readonly projection: Projection<Doc>,
    private readonly options: RunnerOptions = {},
  ) {
    this.reader = new StoredEventReader(options.upcasters);
    this.upcastersName = registryName(options.upcasters ?? DOMAIN_UPCASTERS);
    this.knowledge = `${this.upcastersName}/0`;
    // folded past a refused transaction: failed at once, before whoever heard of the refusal goes on with this runner
    readModels.onWriteRefused((error) => {
      if (this.feed) this.failLive(error);
    });
  }

  /** Catches up and goes live. Never throws: a store failure leaves the runner 'failed' (see status). */
  async start(): Promise<void> {
    await ProjectionRunner.startAll([this as ProjectionRunner<unknown>]);
  }

  /**
   * Starts several runners over the same event store, catching them up in one read of the log
   * (each page read and parsed once, folded by every runner), then each goes live. Never throws.
   */
  static async startAll(runners: readonly ProjectionRunner<unknown>[]): Promise<void> {
    const prepared: ProjectionRunner<unknown>[] = [];
    for (const runner of runners) if (await runner.prepare()) prepared.push(runner);
    try {
      await ProjectionRunner.catchUpTogether(prepared);
    } catch (error) {
      for (const runner of prepared) runner.fail(error);
      return;
    }
    const live: ProjectionRunner<unknown>[] = [];
    for (const runner of prepared) if (await runner.caughtUp()) live.push(runner);
    // one live subscription per read-model store: its runners' batches are committed together
    for (const readModels of new Set(live.map((r) => r.readModels))) {
      const members = live.filter((r) => r.readModels === readModels);
      const feed = new LiveFeed(members[0].store, (fold) => readModels.liveTransaction(fold), members[0].options.liveCadence ?? LIVE_CADENCE);
      for (const runner of members) {
        runner.feed = feed;
        runner.state = 'live';
        runner.error = undefined; // started again after a failure
      }
      feed.start(members);
    }
  }

  /** Forgets the read models and folds the whole log again, read once for all. The runners must be stopped. */
  static async rebuildAll(runners: readonly ProjectionRunner<unknown>[]): Promise<void> {
    for (const runner of runners) {
      if (runner.feed) throw new Error('stop the runner before rebuilding');
      await runner.loadCorrections();
      runner.restartPass();
    }
    await ProjectionRunner.catchUpTogether(runners);
  }

  /**
   * One read pass feeding every runner: a page is read from the runner furthest behind and each
   * runner folds the events after its own position (one transaction per runner and page; each event
   * read once for the runners that know the same corrections). A runner
   * whose pass must restart (a correction of an event it already folded) finishes on its own reads.
   */
  private static async catchUpTogether(runners: readonly ProjectionRunner<unknown>[]): Promise<void> {
    const store = runners[0]?.store;
    if (runners.some((r) => r.store !== store)) throw new Error('runners caught up together must read the same event store');
    const together = new Set(runners);
    const batchSize = Math.min(...runners.map((r) => r.options.batchSize ?? CATCH_UP_BATCH));
    let after = runners.reduce((min, r) => (comparePositions(r.current, min) < 0 ? r.current : min), runners[0]?.current ?? START);
    while (together.size > 0) {
      const page = await store!.readAll({ after, maxCount: batchSize });
      if (page.length === 0) break;
      const reads = new SharedReads();
      for (const runner of together) {
        const unseen = comparePositions(runner.current, after) <= 0 ? page : page.filter((e) => comparePositions(e.position, runner.current) > 0);
        if (unseen.length > 0 && runner.fold(unseen, reads) === 'rebuild') {
          runner.restartPass();
          together.delete(runner);
        }
      }
      after = page[page.length - 1].position;
    }
    for (const runner of runners) await runner.catchUp();
  }

  /** Checkpoint, corrections and parked events as they stand; false when the runner failed. */
  private async prepare(): Promise<boolean> {
    try {
      const checkpoint = this.readModels.checkpoint(this.projection.name);
      // a checkpoint read from another event store (switched, or recreated) is no position in this one
      const storeIdentity = await this.store.storeIdentity();
      const recordedAgainst = this.readModels.checkpointStoreIdentity(this.projection.name);
      const otherStore = checkpoint !== undefined && recordedAgainst !== storeIdentity && comparePositions(checkpoint.position, START) !== 0;
      if (otherStore) this.options.onNotice?.(`checkpoint ${positionToString(checkpoint.position)} was recorded against event store ${recordedAgainst ?? '(not recorded)'}, this one is ${storeIdentity}: rebuilding ${this.projection.name}`);
      if (!checkpoint || checkpoint.version !== this.projection.version || otherStore) {
        this.readModels.reset(this.projection.name, this.projection.version);
        this.writtenSinceReset = new WrittenKeys();
      }
      this.readModels.recordStoreIdentity(this.projection.name, storeIdentity);
      this.current = this.readModels.checkpoint(this.projection.name)!.position;
      this.committedAt = this.current;
      // a waiter that came before the start may already be answered by the checkpoint
      this.releaseWaiters(true);
      this.state = 'catching-up';
      // a correction sits after the event it corrects: known first, it is folded in when the event is met
      await this.loadCorrections();
      this.blocked = this.blockedByParked();
      // a restart may bring the upcaster a parked event needed
      this.retryParked();
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  /** The last pages before going live; false when the runner failed. */
  private async caughtUp(): Promise<boolean> {
    try {
      await this.catchUp();
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  /** Forgets the read model and folds the whole log again. The runner must be stopped. */
  async rebuild(): Promise<void> {
    await ProjectionRunner.rebuildAll([this as ProjectionRunner<unknown>]);
  }

  async stop(): Promise<void> {
    const feed = this.feed;
    this.feed = undefined;
    await feed?.leave(this);
    if (this.state !== 'failed') this.state = 'stopped';
    this.releaseWaiters(false);
  }

  status(): RunnerStatus {
    let parked = 0;
    try {
      parked = this.readModels.parkedCount(this.projection.name);
    } catch (error) {
      // a read-model store that cannot be read is a failure /health must show, not a 500 of its own
      if (this.state !== 'failed') this.fail(error);
    }
    return { projection: this.projection.name, state: this.state, position: this.committedAt, ...(this.error ? { error: this.error } : {}), parked };
  }

  /** The position folded up to (LiveFolder); readers go by `status().position`, what is committed. */
  get position(): Position {
    return this.current;
  }

  /** The parked events, oldest first. */
  parkedEvents(limit?: number): ParkedEvent[] {
    return this.readModels.parked(this.projection.name, limit);
  }

  /** The parked event that blocks this document, if any. */
  blockerOf(key: string): ParkedEvent | undefined {
    return this.parkedAt(this.blocked.get(key));
  }

  /** The parked event that blocks a document whose key starts with `prefix` (e.g. one of a market's placement documents), if any. */
  blockerUnder(prefix: string): ParkedEvent | undefined {
    for (const [key, position] of this.blocked) if (key.startsWith(prefix)) return this.parkedAt(position);
    return undefined;
  }

  private parkedAt(position: string | undefined): ParkedEvent | undefined {
    return position === undefined ? undefined : this.parkedEvents().find((p) => positionToString(p.position) === position);
  }

  /**
   * Folds the parked events again, oldest first (after a correction or a new upcaster): those that
   * fold now are unparked and their documents appear; the others stay parked with their new error.
   */
  retryParked(): { unparked: number; stillParked: number } {
    const parked = this.parkedEvents();
    if (parked.length === 0) return { unparked: 0, stillParked: 0 };
    const batch = this.newBatch(new Map());
    for (const p of parked) this.foldOne(batch, p.event);
    const stillParked = new Set(batch.parked.map((p) => p.eventId));
    const unparked = parked.map((p) => p.eventId).filter((id) => !stillParked.has(id));
    this.commit(batch, this.current, unparked);
    this.blocked = batch.blocked;
    return { unparked: unparked.length, stillParked: stillParked.size };
  }

  /** Resolves true once the read model includes the event at `position`, false after the timeout. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    if (comparePositions(this.committedAt, position) >= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { position, resolve };
      this.waiters.push(waiter);
      this.feed?.foldSoon();
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs).unref();
    });
  }

  private async catchUp(): Promise<void> {
    const batchSize = this.options.batchSize ?? CATCH_UP_BATCH;
    for (;;) {
      const page = await this.store.readAll({ after: this.current, maxCount: batchSize });
      if (page.length === 0) return;
      if (this.fold(page) === 'rebuild') this.restartPass();
    }
  }

  /** LiveFolder: someone waits for a position this runner has not folded yet. */
  get awaited(): boolean {
    return this.waiters.length > 0;
  }

  /** LiveFolder: the feed gives only events after this runner's position. */
  foldLiveEvents(events: readonly RecordedEvent[], reads?: SharedReads): 'done' | 'rebuild' {
    // failed within this fold of the feed (a refused write heard of by another runner): folds nothing until started again
    if (this.state === 'failed') return 'done';
    return this.fold(events, reads);
  }

  /** LiveFolder: after a rebuild, the feed still delivers what the rebuild read (and skips it by position). */
  async rebuildLive(): Promise<void> {
    this.restartPass();
    await this.catchUp();
  }

  failLive(error: unknown): void {
    if (!this.feed && this.state === 'failed') return; // failed already (a refused write), now told by the feed
    this.fail(error);
  }

  /**
   * Folds a page of the log. A correction of an event folded before it was known needs that event
   * folded again: a parked one is retried; one already in the documents needs a rebuild.
   */
  private fold(events: readonly RecordedEvent[], reads?: SharedReads): 'done' | 'rebuild' {
    let batch = this.newBatch(this.blocked, reads);
    for (const event of events) {
      const corrected = this.learnCorrection(event);
      if (corrected !== undefined && !this.isParked(corrected, batch)) {
        // nothing of this batch is committed: the rebuild folds it again, and waiters keep waiting until it has
        this.rebuiltFor.add(event.id);
        return 'rebuild';
      }
      this.foldOne(batch, event);
      if (corrected === undefined) continue;
      this.commit(batch, event.position);
      this.retryParked();
      batch = this.newBatch(this.blocked, reads);
    }
    if (!batch.isEmpty) this.commit(batch, events[events.length - 1].position);
    return 'done';
  }

  private isParked(eventId: string, batch: FoldBatch<Doc>): boolean {
    return batch.parked.some((p) => p.eventId === eventId) || this.parkedEvents().some((p) => p.eventId === eventId);
  }

  /** The id of the event to fold again when `event` corrects an event folded without it. */
  private learnCorrection(event: RecordedEvent): string | undefined {
    if (event.type !== 'StoredEventCorrected') return undefined;
    const known = this.knownCorrections.has(event.id);
    const correction = known ? (event.data as { correctedEventId: string }) : this.learn(event);
    if (!correction) return undefined;
    // a correction known before this pass was applied when its event was met, unless the event was folded in an earlier run
    const appliedAlready = known && (this.foldedWith.has(correction.correctedEventId) || this.rebuiltFor.has(event.id));
    return appliedAlready ? undefined : correction.correctedEventId;
  }

  private learn(event: RecordedEvent) {
    const correction = this.reader.learn(event);
    this.knownCorrections.add(event.id);
    this.knowledge = `${this.upcastersName}/${this.knownCorrections.size}/${event.id}`;
    if (correction) this.latestCorrection.set(correction.correctedEventId, event.id);
    return correction;
  }

  private async loadCorrections(): Promise<void> {
    let corrections: RecordedEvent[];
    try {
      corrections = await this.store.readStream(EVENT_CORRECTIONS_STREAM);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
    for (const event of corrections) if (!this.knownCorrections.has(event.id)) this.learn(event);
  }

  private foldOne(batch: FoldBatch<Doc>, event: RecordedEvent): void {
    if (!batch.fold(event)) {
      this.options.onParked?.(batch.parked[batch.parked.length - 1]);
      return;
    }
    const correction = this.latestCorrection.get(event.id);
    if (correction) this.foldedWith.set(event.id, correction);
  }

  private newBatch(blocked: ReadonlyMap<string, string>, reads?: SharedReads): FoldBatch<Doc> {
    const read = (stored: RecordedEvent) => this.reader.read(stored);
    this.batchRefusals = this.readModels.writeRefusals;
    return new FoldBatch(this.projection, reads ? (stored) => reads.read(stored, this.knowledge, read) : read, (key) => {
      if (this.writtenSinceReset && !this.writtenSinceReset.mayHave(key)) return undefined;
      if (!this.cache.has(key)) this.remember(key, this.readModels.folded<Doc>(this.projection.name, key));
      return this.cache.get(key);
    }, blocked);
  }

  private commit(batch: FoldBatch<Doc>, position: Position, unparked: readonly string[] = []): void {
    const changes = batch.changes();
    const generation = this.readModels.commit(this.projection.name, this.projection.version, changes, position, { parked: batch.parked, unparked }, this.batchRefusals);
    // the next batch folds from this one's documents, written or not yet (if they never are, the runner fails: see fail)
    for (const { key, doc } of changes) this.remember(key, doc as Doc | undefined);
    if (this.writtenSinceReset) for (const { key } of changes) this.writtenSinceReset.add(key);
    if (this.writtenSinceReset?.full) this.writtenSinceReset = undefined;
    this.blocked = batch.blocked;
    this.current = position;
    // inside a live feed's transaction, nothing is told until every read model's batch is committed
    this.readModels.afterCommit(() => this.committed(batch, changes, position, generation));
  }

  private committed(batch: FoldBatch<Doc>, changes: readonly DocumentChange[], position: Position, generation: number): void {
    this.committedAt = position;
    this.options.onCommitted?.({ projection: this.projection.name, changes, position, eventIds: batch.folded.map((e) => e.id), generation });
    this.releaseWaiters(true);
  }

  /** Back to an empty read model at the start of the log, every known correction applied from the first event. */
  private restartPass(): void {
    this.readModels.reset(this.projection.name, this.projection.version);
    this.writtenSinceReset = new WrittenKeys();
    this.cache.clear();
    this.blocked = new Map();
    this.foldedWith.clear();
    this.current = START;
    this.committedAt = START;
  }

  private blockedByParked(): Map<string, string> {
    const blocked = new Map<string, string>();
    for (const p of this.parkedEvents()) for (const key of p.keys) if (!blocked.has(key)) blocked.set(key, positionToString(p.position));
    return blocked;
  }

  private remember(key: string, doc: Doc | undefined): void {
    this.cache.delete(key);
    this.cache.set(key, doc);
    const bound = this.feed ? LIVE_CACHE_SIZE : CACHE_SIZE;
    if (this.cache.size <= bound) return;
    // one iterator for the whole trim (back from live to 2,000, up to 8,000 at once): a new one per key would step again over every entry deleted before it
    for (const oldest of this.cache.keys()) {
      this.cache.delete(oldest);
      if (this.cache.size <= bound) break;
    }
  }

  private fail(error: unknown): void {
    // out of its live feed: started again, it joins a new one (the old one must fold nothing more into it)
    const feed = this.feed;
    this.feed = undefined;
    void feed?.leave(this).catch(() => undefined);
    // what was folded and not committed is forgotten: a start folds again from the checkpoint, as after a
    // restart of the process (which knows of no correction applied, nor any rebuild started)
    this.cache.clear();
    this.rebuiltFor.clear();
    this.foldedWith.clear();
    this.writtenSinceReset = undefined;
    this.current = this.committedAt;
    this.state = 'failed';
    this.error = messageOf(error);
    this.options.onError?.(error);
    this.releaseWaiters(false);
  }

  private releaseWaiters(reachedOnly: boolean): void {
    this.waiters = this.waiters.filter((w) => {
      const reached = comparePositions(this.committedAt, w.position) >= 0;
      if (reached || !reachedOnly) w.resolve(reached);
      return !(reached || !reachedOnly);
    });
  }
}
