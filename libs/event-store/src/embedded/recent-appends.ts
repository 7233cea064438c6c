/** An event as the log's row holds it (sqlite-event-store.ts reads these columns, in this order). */
export type EventRow = [position: bigint, streamId: string, revision: bigint, eventId: string, type: string, data: string, metadata: string, recordedAt: string, hash: string | null, digest: string | null];

export interface RecentAppendsLimits {
  /** The most events kept; the oldest go first (a subscription that far behind reads the file). */
  readonly events: number;
  /** The most characters of data and metadata kept (appends may be large). */
  readonly chars: number;
}

/**
 * The rows this process appended lately, as the log holds them, so that its subscriptions take
 * them from here instead of reading them back from the file (each reader parses its own copy, as
 * from the file). Only a run of consecutive positions is kept: a row that does not follow the last
 * one (another process wrote in between, or a transaction failed) starts the run again, and a read
 * that does not start inside the run is left to the file. So a read served from here is exactly
 * what the file would have served.
 */
export class RecentAppends {
  private rows: EventRow[] = [];
  /** rows[head] is the run's first row; the ones before it are forgotten (removed in one go once they are many). */
  private head = 0;
  private chars = 0;

  constructor(private readonly limits: RecentAppendsLimits) {}

  get size(): number {
    return this.rows.length - this.head;
  }

  /** Rows in log order, as committed. */
  add(rows: readonly EventRow[]): void {
    for (const row of rows) {
      const last = this.size > 0 ? this.rows[this.rows.length - 1][0] : undefined;
      if (last === undefined || row[0] !== last + 1n) this.clear();
      this.rows.push(row);
      this.chars += charsOf(row);
    }
    while (this.size > this.limits.events || (this.chars > this.limits.chars && this.size > 0)) this.dropFirst();
    this.compact();
  }

  /** The rows after position `after`, at most `maxCount`; undefined when the run does not hold the one right after it. */
  after(after: bigint, maxCount: number): EventRow[] | undefined {
    if (this.size === 0) return undefined;
    const from = after + 1n - this.rows[this.head][0];
    if (from < 0n || from >= BigInt(this.size)) return undefined;
    const start = this.head + Number(from);
    return this.rows.slice(start, start + maxCount);
  }

  /** Forgets the rows at or before `position` (every reader is past them). */
  forgetUpTo(position: bigint): void {
    while (this.size > 0 && this.rows[this.head][0] <= position) this.dropFirst();
    this.compact();
  }

  clear(): void {
    this.rows = [];
    this.head = 0;
    this.chars = 0;
  }

  private dropFirst(): void {
    this.chars -= charsOf(this.rows[this.head]);
    this.head++;
  }

  private compact(): void {
    if (this.size === 0) this.clear();
    else if (this.head > 1_024 && this.head * 2 > this.rows.length) {
      this.rows = this.rows.slice(this.head);
      this.head = 0;
    }
  }
}

function charsOf(row: EventRow): number {
  return row[5].length + row[6].length;
}
