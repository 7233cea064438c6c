import { AppendResult, KnownStreamHeads } from '../event-store.port';

/**
 * The last revision of the streams this process wrote or read to their end, the least recently
 * learnt forgotten first. Right only while no other process writes to the file: the writer counts
 * the foreign commits it saw (its epoch), and when that count moves everything is forgotten at once.
 */
export class KnownHeads implements KnownStreamHeads {
  private readonly revisions = new Map<string, bigint>();
  private readonly fresh = new WeakSet<AppendResult>();
  private currentEpoch = 0;

  constructor(private readonly capacity: number) {}

  get epoch(): number {
    return this.currentEpoch;
  }

  revisionOf(streamId: string): bigint | undefined {
    return this.revisions.get(streamId);
  }

  wrote(result: AppendResult): boolean {
    return this.fresh.has(result);
  }

  /**
   * The stream ends at `revision` (-1n: it does not exist), as read or written just now. Never moves
   * back: with several groups in flight, a read may see a later group's commit before the reply of an
   * earlier one tells its (older) head, and streams only grow.
   */
  learn(streamId: string, revision: bigint): void {
    const known = this.revisions.get(streamId);
    if (known !== undefined && known > revision) revision = known;
    this.revisions.delete(streamId);
    this.revisions.set(streamId, revision);
    if (this.revisions.size > this.capacity) this.revisions.delete(this.revisions.keys().next().value!);
  }

  /** An append of this process wrote its events: `result` is the stream's new head. */
  learnWritten(streamId: string, result: AppendResult): void {
    this.fresh.add(result);
    this.learn(streamId, result.nextExpectedRevision);
  }

  forget(streamId: string): void {
    this.revisions.delete(streamId);
  }

  /** The writer's epoch as of its last reply: a new one means another process wrote, and everything known may be stale. */
  enter(epoch: number): void {
    if (epoch === this.currentEpoch) return;
    this.revisions.clear();
    this.currentEpoch = epoch;
  }
}
