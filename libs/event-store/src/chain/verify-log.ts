import { EventStore, Position, RecordedEvent, START, positionToString } from '../event-store.port';
import { GENESIS, eventHash, nextDigest } from './event-chain';

export type FindingKind = 'altered' | 'missing' | 'reordered';

/** Something wrong with the log, named by the position where the verifier saw it. */
export interface Finding {
  readonly position: string;
  readonly kind: FindingKind;
  readonly streamId: string;
  readonly revision: string;
  readonly message: string;
}

/** A digest the organisation signed, already checked against its key (see audit/checkpoints.ts). */
export interface DigestClaim {
  readonly position: string;
  readonly digest: string;
  readonly date: string;
}

export interface CheckpointResult extends DigestClaim {
  readonly ok: boolean;
  readonly message: string;
}

export interface LogVerification {
  readonly ok: boolean;
  /** Events read (user events of the global log). */
  readonly events: number;
  /** Events written before hashing existed: all at or before `unhashedUpTo`, reported, not counted as tampering. */
  readonly unhashed: number;
  readonly unhashedUpTo?: string;
  readonly head: string;
  /** The recomputed digest of the global order at the head. */
  readonly digest: string;
  readonly findings: readonly Finding[];
  readonly checkpoints: readonly CheckpointResult[];
}

export interface VerifyLogOptions {
  readonly claims?: readonly DigestClaim[];
  readonly pageSize?: number;
  /** Called after each page with the number of events read so far. */
  readonly onProgress?: (eventsRead: number) => void;
}

/**
 * Re-reads the whole log in pages (memory: one page plus one hash per stream) and recomputes every
 * event's hash from its stream's previous one and the global digest. Per event, at most one finding:
 * - altered: its content no longer gives its hash (or its hash was removed);
 * - missing: its stream skips revisions, or (embedded) a position of the log is absent;
 * - reordered: its stream goes back in revisions, or (where the store keeps digests: embedded) the
 *   stored digest does not chain from the previous position's: an event was moved, removed or inserted.
 * EventStoreDB keeps no digest: there, reorderings across streams and removed stream tails are
 * caught by the signed checkpoints, which every verification checks against the recomputed digest.
 */
export async function verifyLog(store: EventStore, options: VerifyLogOptions = {}): Promise<LogVerification> {
  const state = new ChainState(options.claims ?? []);
  const pageSize = options.pageSize ?? 2000;
  let after: Position = START;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    for (const event of page) state.check(event);
    if (page.length > 0) after = page[page.length - 1].position;
    options.onProgress?.(state.events);
    if (page.length < pageSize) break;
  }
  return state.report(after);
}

class ChainState {
  events = 0;
  private unhashed = 0;
  private unhashedUpTo?: string;
  private hashedFrom?: string;
  private readonly streams = new Map<string, { revision: bigint; hash: string | null }>();
  private running = GENESIS;
  private previousStored?: { position: bigint; digest: string };
  private readonly findings: Finding[] = [];
  private readonly claims: Map<string, DigestClaim[]>;
  private readonly checkpoints: CheckpointResult[] = [];

  constructor(claims: readonly DigestClaim[]) {
    this.claims = new Map();
    for (const claim of claims) this.claims.set(claim.position, [...(this.claims.get(claim.position) ?? []), claim]);
  }

  check(event: RecordedEvent): void {
    this.events += 1;
    const where = positionToString(event.position);
    const stream = this.streams.get(event.streamId);
    const expected = stream ? stream.revision + 1n : 0n;
    const found = (kind: FindingKind, message: string, at = where) =>
      this.findings.push({ position: at, kind, streamId: event.streamId, revision: event.revision.toString(), message: `position ${at}: ${message}` });
    if (event.hash === undefined) {
      if (this.hashedFrom) found('altered', `event ${event.streamId}@${event.revision} has no hash, but every event from position ${this.hashedFrom} on was hashed when written`);
      else { this.unhashed += 1; this.unhashedUpTo = where; }
      // its position is not a gap in the log, and the digest kept with it still links its neighbours
      if (this.previousStored) this.previousStored = { position: event.position.commit, digest: event.digest ?? this.previousStored.digest };
      if (!stream || event.revision > stream.revision) this.streams.set(event.streamId, { revision: event.revision, hash: null });
      this.settle(event, where);
      return;
    }
    this.hashedFrom ??= where;
    const before = this.findings.length;
    if (event.revision < expected) {
      found('reordered', `${event.streamId} revision ${event.revision} comes after revision ${expected - 1n} of the same stream`);
    } else {
      if (event.revision > expected) {
        found('missing', `${event.streamId} goes from revision ${expected - 1n} to ${event.revision}: ${event.revision - expected} event(s) of the stream are missing before this one`);
      } else if (eventHash(event, stream?.hash ?? GENESIS) !== event.hash) {
        found('altered', `${event.streamId}@${event.revision} (${event.type}) no longer matches its hash: its content or the previous event of its stream was changed`);
      }
      this.streams.set(event.streamId, { revision: event.revision, hash: event.hash });
    }
    this.running = nextDigest(this.running, event.hash);
    if (event.digest !== undefined) this.checkStoredDigest(event, event.digest, this.findings.length === before ? found : undefined);
    this.settle(event, where);
  }

  /** Embedded store: positions are consecutive and each row keeps the digest up to it. */
  private checkStoredDigest(event: RecordedEvent, digest: string, found?: (kind: FindingKind, message: string, at?: string) => void): void {
    const previous = this.previousStored;
    this.previousStored = { position: event.position.commit, digest };
    if (!previous || !found) return;
    if (event.position.commit > previous.position + 1n) {
      // named by the first absent position (embedded positions are consecutive: commit = prepare)
      const first = previous.position + 1n;
      const last = event.position.commit - 1n;
      found('missing', `${first === last ? 'this event is' : `the events up to position ${last} are`} absent from the log (removed); the log resumes at position ${event.position.commit}`, `${first}/${first}`);
    } else if (nextDigest(previous.digest, event.hash!) !== digest) {
      found('reordered', `the global digest does not chain from position ${previous.position}: an event was moved here, inserted or removed`);
    }
  }

  private settle(event: RecordedEvent, where: string): void {
    for (const claim of this.claims.get(where) ?? []) {
      const ok = claim.digest === this.running;
      this.checkpoints.push({ ...claim, ok, message: ok ? `checkpoint of ${claim.date} at position ${where} matches the log` : `checkpoint of ${claim.date} at position ${where} signed digest ${claim.digest}, the log now gives ${this.running}: an event at or before this position was altered, removed, inserted or moved` });
    }
    this.claims.delete(where);
  }

  report(head: Position): LogVerification {
    for (const claims of this.claims.values()) {
      for (const claim of claims) this.checkpoints.push({ ...claim, ok: false, message: `checkpoint of ${claim.date} names position ${claim.position}, which is no longer an event of the log` });
    }
    const findings = this.findings;
    return {
      ok: findings.length === 0 && this.checkpoints.every((c) => c.ok),
      events: this.events,
      unhashed: this.unhashed,
      ...(this.unhashedUpTo ? { unhashedUpTo: this.unhashedUpTo } : {}),
      head: positionToString(head),
      digest: this.running,
      findings,
      checkpoints: this.checkpoints,
    };
  }
}
