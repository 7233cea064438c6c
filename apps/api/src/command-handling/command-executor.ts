import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { parse as parseUuid, v5 as uuidv5 } from 'uuid';
import {
  AppendResult, EventData, EventStore, RecordedEvent, StaleKnowledgeError, StreamNotFoundError, WrongExpectedRevisionError, positionToString,
} from '@clause-ledger/event-store';
import { DomainEvent, EVENT_CORRECTIONS_STREAM, StoredEventReader, conflict } from '@clause-ledger/domain';
import { EVENT_STORE } from '../infrastructure/tokens';
import { Actor, recordedActor } from '../auth/actor';
import { CommandMetrics } from '../metrics/command-metrics';
import { FoldedStream, FoldedStreams, KeyedWrite } from './folded-streams';

/** What travels with every command besides its payload. */
export interface CommandMeta {
  readonly commandType: string;
  /** Client-chosen key: a retried command with the same key returns the first result and appends nothing. */
  readonly idempotencyKey?: string;
  /** Client-supplied revision (If-Match): when set, any concurrent change is a 409, never retried. */
  readonly expectedRevision?: bigint;
  readonly payload: unknown;
  /** Who sent it (SYSTEM_ACTOR for the process's own commands): recorded in every event's metadata. */
  readonly actor: Actor;
}

export interface CommandResult {
  readonly streamId: string;
  readonly revision: string;
  readonly position: string;
  /** true when this is the answer to an earlier identical request (same idempotency key) */
  readonly replayed: boolean;
}

export interface LoadedStream<S> {
  readonly state: S | undefined;
  readonly revision: bigint | 'no_stream';
  readonly events: readonly RecordedEvent[];
}

/** Another stream's state as the command sees it: read with the corrections the command has already learnt. */
export type StateOf = <T>(streamId: string, evolve: Evolve<T>) => Promise<T | undefined>;

/** The events for the target stream: one command, one append (a second stream is a process manager's job). */
type Decider<S> = (state: S | undefined, stateOf: StateOf) => Promise<readonly DomainEvent[]> | readonly DomainEvent[];

type FoldedEvent = Pick<RecordedEvent, 'id' | 'streamId' | 'revision' | 'position' | 'type' | 'data' | 'metadata'>;

export type Evolve<S> = (state: S | undefined, event: never) => S | undefined;

/**
 * One attempt at a decision. Only a decision whose append the store checks against another
 * process's writes may take the store's knowledge for a read (`mayUseMemory`); `usedMemory` says
 * whether it did, so the append asks for that check, and a refusal (nothing appended, nothing
 * checked) is decided again on what is read. Reads outside a decision pass no attempt: they read.
 */
interface Attempt {
  readonly mayUseMemory: boolean;
  usedMemory: boolean;
}

/** Parsed once: the library parses a namespace given as text, and encodes a name given as text, on every call. */
const EVENT_ID_NAMESPACE = parseUuid('b7a8b8a4-6a59-4d39-9c5e-2f7b1f3c0c11');
const MAX_ATTEMPTS = 5;
/** Folded streams kept between commands (a placement's state is a few kB). */
const FOLDED_STREAMS_CAPACITY = 10_000;

/**
 * The one way commands reach the store: load the target stream, let the domain decide, append
 * with the revision that was read. A concurrent writer makes the append fail; the command is then
 * decided again on fresh state (so a duplicate becomes the domain's own 409), unless the client
 * pinned a revision, in which case the conflict is the answer.
 *
 * Where the store knows a stream's last revision without reading (`knownHeads`, the embedded store),
 * a fold kept at that revision is used as it is, and the append carries the knowledge's epoch: if
 * another process wrote meanwhile, the store refuses it (StaleKnowledgeError) and the command is
 * decided again on what it reads.
 */
@Injectable()
export class CommandExecutor {
  private readonly reader = new StoredEventReader();
  /** Revision of the last event correction the reader has learnt. */
  private correctionsRead: bigint = -1n;
  private readonly folded = new FoldedStreams(FOLDED_STREAMS_CAPACITY);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, private readonly metrics: CommandMetrics) {}

  /** The whole history with the state (for history pages); commands use `state`, which reads only what is new. */
  async load<S>(streamId: string, evolve: Evolve<S>): Promise<LoadedStream<S>> {
    const events = await this.readStream(streamId);
    if (events.length === 0) return { state: undefined, revision: 'no_stream', events: [] };
    await this.learnNewCorrections();
    let state: S | undefined;
    // the same reader as the projections', so a correction or an upcaster serves both sides
    for (const e of events) state = evolve(state, this.reader.domainEvent(e) as never);
    return { state, revision: events.length ? events[events.length - 1].revision : 'no_stream', events };
  }

  /**
   * The stream's state as it stands in the store: read, never taken from what the store knows, since
   * nothing checks afterwards that another process did not write (a decision's append is checked).
   */
  async state<S>(streamId: string, evolve: Evolve<S>): Promise<S | undefined> {
    await this.learnNewCorrections();
    return (await this.current(streamId, evolve))?.state as S | undefined;
  }

  execute<S>(meta: CommandMeta, target: { streamId: string; evolve: Evolve<S> }, decide: Decider<S>): Promise<CommandResult> {
    return this.metrics.observe(meta.commandType, () => this.run(meta, target, decide));
  }

  private async run<S>(meta: CommandMeta, target: { streamId: string; evolve: Evolve<S> }, decide: Decider<S>): Promise<CommandResult> {
    const commandId = meta.idempotencyKey ?? crypto.randomUUID();
    // the organisation is part of the request: another organisation reusing a key never gets this one's answer
    const requestHash = hashOf(meta.commandType, meta.actor.organisationId, meta.payload);
    let mayUseMemory = true;
    for (let attempt = 1; ; attempt++) {
      const look: Attempt = { mayUseMemory, usedMemory: false };
      // taken before anything is looked at: a decision is refused if the knowledge it used was forgotten since
      const decidedAt = this.store.knownHeads?.epoch;
      let loaded: FoldedStream | undefined;
      let correctionsUsed: bigint;
      let events: readonly DomainEvent[];
      try {
        await this.learnNewCorrections(look);
        correctionsUsed = this.correctionsRead;
        loaded = await this.current(target.streamId, target.evolve, look);
        const earlier = meta.idempotencyKey ? this.earlierResult(loaded?.keys.get(meta.idempotencyKey), meta.idempotencyKey, requestHash) : undefined;
        if (earlier) return earlier;
        const revision = loaded?.revision ?? 'no_stream';
        if (meta.expectedRevision !== undefined && revision !== meta.expectedRevision) {
          throw new WrongExpectedRevisionError(target.streamId, meta.expectedRevision, revision);
        }
        // the other streams a decider reads are folded with the corrections learnt at the start of the attempt
        events = await decide(loaded?.state as S | undefined, async (streamId, evolve) => (await this.current(streamId, evolve, look))?.state as never);
      } catch (refusal) {
        // a refusal appends nothing, so nothing checks what it was decided on: from memory, it is decided again on reads
        if (!look.usedMemory) throw refusal;
        mayUseMemory = false;
        continue;
      }
      const data = events.map((e, i): EventData => ({
        id: uuidv5(Buffer.from(`${commandId}|${target.streamId}|${i}`, 'utf8'), EVENT_ID_NAMESPACE),
        type: e.type,
        data: e.data,
        metadata: {
          schemaVersion: e.version,
          commandType: meta.commandType,
          commandId,
          requestHash,
          actor: recordedActor(meta.actor),
          ...(meta.idempotencyKey ? { idempotencyKey: meta.idempotencyKey } : {}),
        },
      }));
      try {
        const appended = await this.store.appendToStream(target.streamId, data, {
          expectedRevision: meta.expectedRevision ?? loaded?.revision ?? 'no_stream',
          // decided on reads alone, the append is checked as before: by the target's revision only
          ...(decidedAt !== undefined && look.usedMemory ? { decidedAt } : {}),
        });
        this.advance(target, loaded, data, appended, correctionsUsed);
        return { streamId: target.streamId, revision: appended.nextExpectedRevision.toString(), position: positionToString(appended.position), replayed: false };
      } catch (error) {
        // a stale decision is not a conflict: decided again on what is read (even with a pinned revision)
        if (error instanceof StaleKnowledgeError && attempt < MAX_ATTEMPTS) {
          mayUseMemory = false;
          continue;
        }
        const retriable = error instanceof WrongExpectedRevisionError && meta.expectedRevision === undefined && attempt < MAX_ATTEMPTS;
        if (!retriable) throw error;
      }
    }
  }

  /**
   * The stream as it stands in the store: the folded state kept from an earlier command, as it is when
   * the store knows the stream still ends at its revision, else advanced by the events written after
   * it (usually none or one), so a command never re-reads a whole history and never decides on a
   * stale state (what the store knows is checked again when the append is written).
   */
  private async current<S>(streamId: string, evolve: Evolve<S>, attempt?: Attempt): Promise<FoldedStream | undefined> {
    const correctionsUsed = this.correctionsRead;
    const cached = this.folded.get(streamId, evolve);
    if (this.knownUnchanged(streamId, cached?.revision ?? -1n, attempt)) return cached;
    const fresh = await this.readStream(streamId, cached ? cached.revision + 1n : undefined);
    if (fresh.length === 0) return cached;
    return this.fold(streamId, evolve, cached, fresh, correctionsUsed);
  }

  /**
   * After an append that wrote its events, the fold moves on by them as a read would give them back
   * (through JSON, ids in lower case), so the next command on the stream reads nothing. Only the last
   * event's position is kept (an idempotency key's answer, all events carry the key): the append's.
   * After a retry recognised by its ids nothing moves: the events in the store may differ.
   */
  private advance<S>(
    target: { streamId: string; evolve: Evolve<S> }, loaded: FoldedStream | undefined, data: readonly EventData[], appended: AppendResult, correctionsUsed: bigint,
  ): void {
    if (data.length === 0 || !this.store.knownHeads?.wrote(appended)) return;
    const first = (loaded?.revision ?? -1n) + 1n;
    const written = data.map((e, i) => ({
      id: e.id.toLowerCase(),
      streamId: target.streamId,
      revision: first + BigInt(i),
      position: appended.position,
      type: e.type,
      data: JSON.parse(JSON.stringify(e.data ?? null)) as unknown,
      metadata: JSON.parse(JSON.stringify(e.metadata ?? {})) as Record<string, unknown>,
    }));
    this.fold(target.streamId, target.evolve, loaded, written, correctionsUsed);
  }

  /**
   * The fold moved on by the stream's events after `cached`, with the idempotency keys they carry;
   * kept for the next command unless a correction was learnt since `cached` was taken (it may be folded without it).
   */
  private fold<S>(streamId: string, evolve: Evolve<S>, cached: FoldedStream | undefined, events: readonly FoldedEvent[], correctionsUsed: bigint): FoldedStream {
    let state = cached?.state as S | undefined;
    const keys = new Map<string, KeyedWrite>(cached?.keys);
    for (const e of events) {
      state = evolve(state, this.reader.domainEvent(e) as never);
      const key = e.metadata.idempotencyKey;
      if (typeof key === 'string') keys.set(key, { requestHash: e.metadata.requestHash, streamId: e.streamId, revision: e.revision, position: e.position });
    }
    const folded: FoldedStream = { evolve, state, revision: events[events.length - 1].revision, keys };
    if (this.correctionsRead === correctionsUsed) this.folded.put(streamId, folded);
    return folded;
  }

  private async readStream(streamId: string, fromRevision?: bigint): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(streamId, fromRevision === undefined ? {} : { fromRevision });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  /**
   * Whether the attempt may take the store's knowledge for a read and the store knows the stream still
   * ends at `revision` (-1n: no stream); if so, the attempt is marked as having used memory.
   */
  private knownUnchanged(streamId: string, revision: bigint, attempt: Attempt | undefined): boolean {
    if (!attempt?.mayUseMemory || this.store.knownHeads?.revisionOf(streamId) !== revision) return false;
    attempt.usedMemory = true;
    return true;
  }

  /** Corrections are rare and only ever appended: read the ones written since the last look. */
  private async learnNewCorrections(attempt?: Attempt): Promise<void> {
    if (this.knownUnchanged(EVENT_CORRECTIONS_STREAM, this.correctionsRead, attempt)) return;
    const corrections = await this.readStream(EVENT_CORRECTIONS_STREAM, this.correctionsRead + 1n);
    for (const correction of corrections) {
      this.reader.learn(correction);
      this.correctionsRead = correction.revision;
    }
    // a correction changes what earlier events mean: every fold is redone from the stream
    if (corrections.length > 0) this.folded.clear();
  }

  /** The last write under this key (a key is kept by the latest event that carries it). */
  private earlierResult(written: KeyedWrite | undefined, idempotencyKey: string, requestHash: string): CommandResult | undefined {
    if (!written) return undefined;
    if (written.requestHash !== requestHash) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key "${idempotencyKey}" was already used for a different request; use a new key for a new command`, 'Idempotency-Key');
    }
    return { streamId: written.streamId, revision: written.revision.toString(), position: positionToString(written.position), replayed: true };
  }
}

/** A stable digest of the request, to tell a true retry from a reused key. */
function hashOf(commandType: string, organisationId: string, payload: unknown): string {
  return createHash('sha256').update(commandType).update('\0').update(organisationId).update('\0').update(canonicalJson(payload)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

