import { RecordedEvent, positionToString } from '@clause-ledger/event-store';
import { ParkedEvent } from './parked-event';
import { Projection } from './projection';
import { DocumentChange } from './read-model-store';

/**
 * The events of one transaction, folded one by one: an event whose keysOf or evolve throws is
 * parked whole (none of its documents change), and so is every later event touching a document
 * it blocks, so each document still sees its events in log order once repaired.
 */
export class FoldBatch<Doc> {
  private readonly touched = new Map<string, Doc | undefined>();
  readonly parked: ParkedEvent[] = [];
  readonly folded: RecordedEvent[] = [];
  /** Blocked documents: key -> position of the parked event that blocks it. */
  readonly blocked: Map<string, string>;

  constructor(
    private readonly projection: Projection<Doc>,
    /** The event as the projection must fold it (corrected, upcast). */
    private readonly readEvent: (stored: RecordedEvent) => RecordedEvent,
    private readonly load: (key: string) => Doc | undefined,
    blocked: ReadonlyMap<string, string>,
  ) {
    this.blocked = new Map(blocked);
  }

  readonly read = (key: string): Doc | undefined => (this.touched.has(key) ? this.touched.get(key) : this.load(key));

  /** Folds the event into its documents, or parks it; true when folded. */
  fold(stored: RecordedEvent): boolean {
    const park = (keys: readonly string[], error: string) => {
      this.parked.push({
        projection: this.projection.name, position: stored.position, eventId: stored.id, streamId: stored.streamId, type: stored.type, error, keys, event: stored,
      });
      for (const key of keys) if (!this.blocked.has(key)) this.blocked.set(key, positionToString(stored.position));
      return false;
    };
    let keys: string[];
    let event: RecordedEvent;
    // what this event reads, read once: an event touching more documents than the runner caches (a clock tick) must not read them again
    const seen = new Map<string, Doc | undefined>();
    const read = (key: string): Doc | undefined => {
      if (seen.has(key)) return seen.get(key);
      const doc = this.read(key);
      seen.set(key, doc);
      return doc;
    };
    try {
      event = this.readEvent(stored);
      const routed = this.projection.keysOf(event, read);
      keys = routed.length < 2 ? [...routed] : [...new Set(routed)];
    } catch (error) {
      return park([], `${messageOf(error)} (the projection could not tell which documents the event concerns, so it blocks none)`);
    }
    const blocker = keys.find((key) => this.blocked.has(key));
    if (blocker !== undefined) return park(keys, `held back behind the parked event at ${this.blocked.get(blocker)} (document ${blocker})`);
    const before = keys.map(read);
    let next: (Doc | undefined)[];
    try {
      next = keys.map((key, i) => this.projection.evolve(before[i], event, key, read));
    } catch (error) {
      return park(keys, messageOf(error));
    }
    // a document the event left as it was (the object it was given: documents are immutable) is not written again
    keys.forEach((key, i) => {
      if (next[i] !== before[i]) this.touched.set(key, next[i]);
    });
    this.folded.push(stored);
    return true;
  }

  get isEmpty(): boolean {
    return this.folded.length === 0 && this.parked.length === 0;
  }

  changes(): DocumentChange[] {
    return [...this.touched].map(([key, doc]) => ({ key, doc }));
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
