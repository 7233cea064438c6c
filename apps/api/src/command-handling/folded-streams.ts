import { Position } from '@clause-ledger/event-store';

/** What an earlier command under an Idempotency-Key wrote: enough to answer its retry. */
export interface KeyedWrite {
  readonly requestHash: unknown;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: Position;
}

/** A stream folded up to `revision`, with the idempotency keys its events carry. */
export interface FoldedStream {
  readonly evolve: unknown;
  readonly state: unknown;
  readonly revision: bigint;
  readonly keys: ReadonlyMap<string, KeyedWrite>;
}

/**
 * The last folded states, least recently used first out. An entry is used as it is only when the
 * store knows the stream still ends at its revision; otherwise the executor reads the stream's events
 * after that revision before deciding, so it is never stale.
 */
export class FoldedStreams {
  private readonly entries = new Map<string, FoldedStream>();

  constructor(private readonly capacity: number) {}

  get(streamId: string, evolve: unknown): FoldedStream | undefined {
    const entry = this.entries.get(streamId);
    if (!entry || entry.evolve !== evolve) return undefined;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry;
  }

  /** Keeps the furthest fold: a slower concurrent reader never moves an entry back. */
  put(streamId: string, folded: FoldedStream): void {
    const current = this.entries.get(streamId);
    if (current && current.evolve === folded.evolve && current.revision > folded.revision) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, folded);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}
