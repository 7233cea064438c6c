import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import {
  EventData, EventStore, RecordedEvent, StreamNotFoundError, WrongExpectedRevisionError, positionToString,
} from '@clause-ledger/event-store';
import { DomainEvent, EVENT_CORRECTIONS_STREAM, StoredEventReader, conflict } from '@clause-ledger/domain';
import { EVENT_STORE } from '../infrastructure/tokens';
import { Actor, recordedActor } from '../auth/actor';

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

export type Evolve<S> = (state: S | undefined, event: never) => S | undefined;

/** Events for the target stream: one command, one append (a second stream is a process manager's job). */
export interface Decision {
  readonly events: readonly DomainEvent[];
}

const EVENT_ID_NAMESPACE = 'b7a8b8a4-6a59-4d39-9c5e-2f7b1f3c0c11';
const MAX_ATTEMPTS = 5;

/**
 * The one way commands reach the store: load the target stream, let the domain decide, append
 * with the revision that was read. A concurrent writer makes the append fail; the command is then
 * decided again on fresh state (so a duplicate becomes the domain's own 409), unless the client
 * pinned a revision, in which case the conflict is the answer.
 */
@Injectable()
export class CommandExecutor {
  private readonly reader = new StoredEventReader();
  /** Revision of the last event correction the reader has learnt. */
  private correctionsRead: bigint = -1n;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<S>(streamId: string, evolve: Evolve<S>): Promise<LoadedStream<S>> {
    const events = await this.readStream(streamId);
    if (events.length === 0) return { state: undefined, revision: 'no_stream', events: [] };
    await this.learnNewCorrections();
    let state: S | undefined;
    // the same reader as the projections', so a correction or an upcaster serves both sides
    for (const e of events) state = evolve(state, this.reader.domainEvent(e) as never);
    return { state, revision: events.length ? events[events.length - 1].revision : 'no_stream', events };
  }

  async state<S>(streamId: string, evolve: Evolve<S>): Promise<S | undefined> {
    return (await this.load(streamId, evolve)).state;
  }

  async execute<S>(
    meta: CommandMeta,
    target: { streamId: string; evolve: Evolve<S> },
    decide: (state: S | undefined) => Promise<Decision | readonly DomainEvent[]> | Decision | readonly DomainEvent[],
  ): Promise<CommandResult> {
    const commandId = meta.idempotencyKey ?? crypto.randomUUID();
    // the organisation is part of the request: another organisation reusing a key never gets this one's answer
    const requestHash = hashOf(meta.commandType, meta.actor.organisationId, meta.payload);
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(target.streamId, target.evolve);
      const earlier = meta.idempotencyKey ? this.earlierResult(loaded.events, meta.idempotencyKey, requestHash) : undefined;
      if (earlier) return earlier;
      if (meta.expectedRevision !== undefined && loaded.revision !== meta.expectedRevision) {
        throw new WrongExpectedRevisionError(target.streamId, meta.expectedRevision, loaded.revision);
      }
      const decided = await decide(loaded.state);
      const decision: Decision = isDecision(decided) ? decided : { events: decided };
      const toData = (streamId: string, events: readonly DomainEvent[]) =>
        events.map((e, i): EventData => ({
          id: uuidv5(`${commandId}|${streamId}|${i}`, EVENT_ID_NAMESPACE),
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
        const appended = await this.store.appendToStream(target.streamId, toData(target.streamId, decision.events), {
          expectedRevision: meta.expectedRevision ?? loaded.revision,
        });
        return { streamId: target.streamId, revision: appended.nextExpectedRevision.toString(), position: positionToString(appended.position), replayed: false };
      } catch (error) {
        const retriable = error instanceof WrongExpectedRevisionError && meta.expectedRevision === undefined && attempt < MAX_ATTEMPTS;
        if (!retriable) throw error;
      }
    }
  }

  private async readStream(streamId: string, fromRevision?: bigint): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(streamId, fromRevision === undefined ? {} : { fromRevision });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  /** Corrections are rare and only ever appended: read the ones written since the last look. */
  private async learnNewCorrections(): Promise<void> {
    for (const correction of await this.readStream(EVENT_CORRECTIONS_STREAM, this.correctionsRead + 1n)) {
      this.reader.learn(correction);
      this.correctionsRead = correction.revision;
    }
  }

  private earlierResult(events: readonly RecordedEvent[], idempotencyKey: string, requestHash: string): CommandResult | undefined {
    const written = events.filter((e) => e.metadata.idempotencyKey === idempotencyKey);
    if (written.length === 0) return undefined;
    const last = written[written.length - 1];
    if (last.metadata.requestHash !== requestHash) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key "${idempotencyKey}" was already used for a different request; use a new key for a new command`, 'Idempotency-Key');
    }
    return { streamId: last.streamId, revision: last.revision.toString(), position: positionToString(last.position), replayed: true };
  }
}

function isDecision(value: Decision | readonly DomainEvent[]): value is Decision {
  return !Array.isArray(value);
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

