import { RecordedEvent } from '../event-store.port';

/**
 * The events this process appended lately, as the log gives them back, so that its subscriptions
 * take them from here instead of reading them back from the file. Only a run of consecutive
 * positions is kept: an event that does not follow the last one (another process wrote in between,
 * or a transaction failed) starts the run again, and a read that does not start inside the run is
 * left to the file. So a read served from here is exactly what the file would have served.
 */
export class RecentAppends {
  private run: RecordedEvent[] = [];
  /** Position of run[0]. */
  private first = 0n;

  /** `capacity`: the most events kept; the oldest go first (a subscription that far behind reads the file). */
  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.run.length;
  }

  /** Events in log order, as committed. */
  add(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      const position = event.position.commit;
      if (this.run.length === 0 || position !== this.first + BigInt(this.run.length)) {
        this.run = [];
        this.first = position;
      }
      this.run.push(event);
    }
    const over = this.run.length - this.capacity;
    if (over > 0) this.dropFirst(over);
  }

  /** The events after position `after`, at most `maxCount`; undefined when the run does not hold the one right after it. */
  after(after: bigint, maxCount: number): RecordedEvent[] | undefined {
    const from = after + 1n - this.first;
    if (from < 0n || from >= BigInt(this.run.length)) return undefined;
    return this.run.slice(Number(from), Number(from) + maxCount);
  }

  /** Forgets the events at or before `position` (every reader is past them). */
  forgetUpTo(position: bigint): void {
    const count = position + 1n - this.first;
    if (count > 0n) this.dropFirst(Number(count < BigInt(this.run.length) ? count : BigInt(this.run.length)));
  }

  private dropFirst(count: number): void {
    this.run = count >= this.run.length ? [] : this.run.slice(count);
    this.first += BigInt(count);
  }
}
