import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START as ESDB_START } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, ResolvedEvent, StreamingRead } from '@eventstore/db-client';
import {
  AppendResult, EventData, EventHandler, EventStore, EventStoreUnavailableError, ExpectedRevision, Position, ReadAllOptions,
  ReadStreamOptions, RecordedEvent, START, StreamNotFoundError, SubscribeOptions, Subscription, WrongExpectedRevisionError, comparePositions,
} from '../event-store.port';
import { EsdbAllSubscription, ResubscribePolicy } from './esdb-all-subscription';
import { Operation, isUnavailable, onceMoreIfUnavailable, withTimeout } from './esdb-errors';
import { NotHandledRetryPolicy, appendToEsdb } from './esdb-append';
import { readOrStampStoreIdentity } from './esdb-store-identity';
import { isSystemEvent, toReadPosition, toRecordedEvent } from './esdb-recorded-event';
import { chainAppend } from './esdb-chain';

export interface EsdbEventStoreOptions {
  /** Longest wait for one read (then EventStoreUnavailableError) or one append attempt (then AppendOutcomeUnknownError). */
  readonly operationTimeoutMs?: number;
  /** Longest wait for the reachability check of `connect`. */
  readonly connectTimeoutMs?: number;
  /** Pauses between resubscriptions of a subscription whose connection was lost. */
  readonly resubscribe?: Partial<ResubscribePolicy>;
  /** Further attempts, after growing pauses, of an append the server declined as not ready or too busy. */
  readonly notHandledRetry?: Partial<NotHandledRetryPolicy>;
}

const DEFAULTS = {
  operationTimeoutMs: 10_000,
  connectTimeoutMs: 5_000,
  resubscribe: { initialDelayMs: 200, maxDelayMs: 5_000 },
  notHandledRetry: { attempts: 3, initialDelayMs: 200 },
};
const DEFAULT_READ_ALL_COUNT = 1000;
/** Appends under `any`/`stream_exists` that lost the race for the stream's head this many times give up with the conflict. */
const HEAD_RACE_ATTEMPTS = 10;

/**
 * The EventStore port over EventStoreDB (gRPC, @eventstore/db-client). Revisions and positions
 * stay bigints end to end; JSON events; $all reads and subscriptions leave system events out.
 */
export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<EsdbAllSubscription>();
  private closed = false;
  private identity?: string;

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly settings: { operationTimeoutMs: number; resubscribe: ResubscribePolicy; notHandledRetry: NotHandledRetryPolicy },
  ) {}

  /**
   * Validates the connection string and checks, within a deadline, that the server answers and
   * lets us read $all: a store that cannot work stops the start with a clear message.
   */
  static async connect(connectionString: string, options: EsdbEventStoreOptions = {}): Promise<EsdbEventStore> {
    const where = redact(connectionString);
    const { connectTimeoutMs, ...settings } = validated(options);
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(connectionString);
    } catch (error) {
      throw new Error(`invalid EventStoreDB connection string "${where}": ${(error as Error).message}`);
    }
    const store = new EsdbEventStore(client, settings);
    try {
      await store.lastEventOfAll({ name: 'the start-up check' }, connectTimeoutMs);
    } catch (error) {
      await store.close();
      const message = `cannot use EventStoreDB at "${where}": ${(error as Error).message}` +
        (isUnavailable(error) ? ` (is the server running, and do host, port and tls=true|false match it?)` : '');
      throw isUnavailable(error) ? new EventStoreUnavailableError(message, error) : new Error(message, { cause: error });
    }
    return store;
  }

  async appendToStream(streamId: string, events: readonly EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    this.assertOpen();
    const { expectedRevision } = options;
    if (typeof expectedRevision === 'bigint' && expectedRevision < 0n) throw new RangeError(`expected revision ${expectedRevision} is negative`);
    const result = await this.appendChained(streamId, events, expectedRevision);
    if ('replayed' in result) return result.replayed;
    if (events.length === 0 || !result.position) {
      // nothing written, or a server too old to say where: the stream's last event tells
      const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 }).catch((error: unknown) => {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      });
      return { nextExpectedRevision: last?.revision ?? -1n, position: last?.position ?? START };
    }
    return { nextExpectedRevision: result.nextExpectedRevision, position: result.position };
  }

  /** Chains the events to the stream's head (esdb-chain.ts); under `any`/`stream_exists` another writer may take that head first: try again. */
  private async appendChained(streamId: string, events: readonly EventData[], expectedRevision: ExpectedRevision) {
    for (let attempt = 1; ; attempt++) {
      const chained = await chainAppend((s, o) => this.readStream(s, o), streamId, events, expectedRevision);
      if (chained.kind === 'replay') return { replayed: chained.result };
      try {
        return await appendToEsdb(this.client, streamId, events, chained.expectedRevision, this.settings, { hashes: chained.hashes, callerExpected: expectedRevision });
      } catch (error) {
        const moved = error instanceof WrongExpectedRevisionError && chained.expectedRevision !== expectedRevision;
        if (!moved || attempt >= HEAD_RACE_ATTEMPTS) throw error;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const events = await this.collect<ResolvedEvent>({ name: `the read of ${streamId}`, streamId }, () =>
      this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : ESDB_START),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      }),
    );
    return events.flatMap((e) => (e.event ? [toRecordedEvent(e.event)] : []));
  }

  /**
   * EventStoreDB reads $all from a position inclusively and counts system events in maxCount:
   * pages are read until `maxCount` user events strictly after `after` are found or the log ends.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const wanted = options.maxCount ?? DEFAULT_READ_ALL_COUNT;
    const pageSize = Math.min(wanted + 1, 4096);
    const found: RecordedEvent[] = [];
    let seen = options.after ?? START;
    while (found.length < wanted) {
      const from = seen;
      const page = await this.collect<AllStreamResolvedEvent>({ name: 'the read of $all', position: from }, () =>
        this.client.readAll({ direction: FORWARDS, fromPosition: toReadPosition(from), maxCount: pageSize }),
      );
      for (const { event } of page) {
        if (!event || comparePositions(event.position, seen) <= 0) continue;
        seen = event.position;
        if (!isSystemEvent(event)) found.push(toRecordedEvent(event));
        if (found.length === wanted) break;
      }
      if (page.length < pageSize) break;
    }
    return found;
  }

  subscribeToAll(handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription: EsdbAllSubscription = new EsdbAllSubscription(
      this.client, handler, options.after ?? START, this.settings.resubscribe, () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The position of the last record of $all, system events included: reading after it gives what comes next. */
  async headPosition(): Promise<Position> {
    this.assertOpen();
    return this.lastEventOfAll({ name: 'the read of the head of $all' }, this.settings.operationTimeoutMs);
  }

  async storeIdentity(): Promise<string> {
    this.assertOpen();
    this.identity ??= await readOrStampStoreIdentity(this);
    return this.identity;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  private async lastEventOfAll(operation: Operation, timeoutMs: number): Promise<Position> {
    const [last] = await this.collect<AllStreamResolvedEvent>(operation, () =>
      this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }), timeoutMs);
    return last?.event?.position ?? START;
  }

  /** Drains one read within the deadline; a read that overruns it is cancelled. */
  private collect<T>(operation: Operation, open: () => StreamingRead<T>, timeoutMs = this.settings.operationTimeoutMs): Promise<T[]> {
    let read: StreamingRead<T> | undefined;
    return withTimeout(operation, timeoutMs, () => onceMoreIfUnavailable(async () => {
      read = open();
      const out: T[] = [];
      for await (const item of read) out.push(item as T);
      return out;
    }), () => void read?.cancel().catch(() => undefined));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

function validated(options: EsdbEventStoreOptions) {
  const settings = {
    operationTimeoutMs: options.operationTimeoutMs ?? DEFAULTS.operationTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
    resubscribe: { ...DEFAULTS.resubscribe, ...options.resubscribe },
    notHandledRetry: { ...DEFAULTS.notHandledRetry, ...options.notHandledRetry },
  };
  const { resubscribe, notHandledRetry: { attempts, ...notHandledDelays }, ...timeouts } = settings;
  if (!Number.isSafeInteger(attempts) || attempts < 0) throw new Error(`EventStoreDB option attempts must be a whole number ≥ 0, got ${attempts}`);
  for (const [name, value] of Object.entries({ ...timeouts, ...resubscribe, ...notHandledDelays })) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`EventStoreDB option ${name} must be a positive number of milliseconds, got ${value}`);
  }
  return settings;
}

/** Connection strings may carry a password: never print it. */
function redact(connectionString: string): string {
  return connectionString.replace(/\/\/([^:@/]+):([^@/]*)@/, '//$1:***@');
}
