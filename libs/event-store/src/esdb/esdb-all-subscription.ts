import { AllStreamSubscription, EventStoreDBClient, excludeSystemEvents } from '@eventstore/db-client';
import { EventHandler, InvalidPositionError, Position, Subscription, comparePositions } from '../event-store.port';
import { isInvalidPosition, isWorthRetrying, toPortError } from './esdb-errors';
import { isSystemEvent, toReadPosition, toRecordedEvent } from './esdb-recorded-event';

export interface ResubscribePolicy {
  /** Pause before the first resubscription after a disconnect. */
  readonly initialDelayMs: number;
  /** The pause doubles after each failed attempt, up to this. */
  readonly maxDelayMs: number;
}

/**
 * EventStoreDB refuses a start inside a record (InvalidPosition) on every attempt: after this many
 * in a row the subscription gives up and says so, instead of retrying forever.
 */
const INVALID_POSITION_TRIES = 3;

/** Carries the handler's own error through the read loop, so that it is never mistaken for a lost connection. */
class HandlerFailure {
  constructor(readonly error: unknown) {}
}

/**
 * A catch-up subscription to $all that outlives disconnects: when the server goes away it
 * subscribes again, after a growing pause, strictly after the last event the handler finished.
 * EventStoreDB starts a subscription strictly after the given position, and events at or before
 * the last handled position are skipped anyway, so nothing is lost or delivered twice.
 */
export class EsdbAllSubscription implements Subscription {
  readonly done: Promise<void>;
  private position: Position;
  private stopped = false;
  private current?: AllStreamSubscription;
  private wake?: () => void;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly handler: EventHandler,
    after: Position,
    private readonly policy: ResubscribePolicy,
    onEnd: () => void,
  ) {
    this.position = after;
    this.done = this.run().finally(onEnd);
    this.done.catch(() => undefined); // the caller observes failures through `done`
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.current?.unsubscribe().catch(() => undefined);
    this.current?.destroy();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let delay = this.policy.initialDelayMs;
    let invalidPositionTries = 0;
    while (!this.stopped) {
      const attempt = { progressed: false };
      const from = this.position;
      try {
        await this.follow(attempt);
      } catch (error) {
        if (error instanceof HandlerFailure) throw error.error;
        if (this.stopped) return;
        if (isInvalidPosition(error)) {
          invalidPositionTries = comparePositions(this.position, from) === 0 ? invalidPositionTries + 1 : 1;
          if (invalidPositionTries >= INVALID_POSITION_TRIES) {
            throw new InvalidPositionError(this.position, `EventStoreDB refused to start the subscription there ${invalidPositionTries} times (${(error as Error).message})`);
          }
        } else if (!isWorthRetrying(error)) {
          throw toPortError(error, { name: 'the subscription to $all' });
        }
      }
      if (this.stopped) return;
      delay = attempt.progressed ? this.policy.initialDelayMs : Math.min(delay * 2, this.policy.maxDelayMs);
      await this.sleep(delay);
    }
  }

  /** One gRPC subscription, until it ends or fails; `attempt.progressed` tells whether it got anywhere. */
  private async follow(attempt: { progressed: boolean }): Promise<void> {
    const subscription = this.client.subscribeToAll({ fromPosition: toReadPosition(this.position), filter: excludeSystemEvents() });
    this.current = subscription;
    subscription.once('confirmation', () => { attempt.progressed = true; });
    try {
      for await (const resolved of subscription) {
        if (this.stopped) break;
        const event = resolved.event;
        // the server filters `$` types; events of `$` streams with ordinary types are left to us
        if (!event || isSystemEvent(event) || comparePositions(event.position, this.position) <= 0) continue;
        const recorded = toRecordedEvent(event);
        try {
          await this.handler(recorded);
        } catch (error) {
          throw new HandlerFailure(error);
        }
        this.position = recorded.position;
        attempt.progressed = true;
      }
    } finally {
      this.current = undefined;
      await subscription.unsubscribe().catch(() => undefined);
      subscription.destroy();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
