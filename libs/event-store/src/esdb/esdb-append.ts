import {
  AppendResult as EsdbAppendResult, CancelledError, DeadlineExceededError, EventStoreDBClient, NotLeaderError, TimeoutError, UnavailableError,
} from '@eventstore/db-client';
import { AppendOutcomeUnknownError, EventData, EventStoreUnavailableError, ExpectedRevision } from '../event-store.port';
import { asCommandError, toPortError } from './esdb-errors';
import { toEsdbEvent } from './esdb-recorded-event';

export interface NotHandledRetryPolicy {
  /** Further attempts after the server answered "Server Is Not Ready" or "Server Is Busy". */
  readonly attempts: number;
  /** Pause before the first of them; it doubles for each next one. */
  readonly initialDelayMs: number;
}

/** How an attempt failed, which decides whether another attempt may be made and what the caller is told. */
type Failure =
  | 'not-handled' // the server said it did not take the append (not ready, too busy): nothing written
  | 'not-sent' // no connection could be made: the append never left this process
  | 'unknown' // sent, but no answer tells whether it was written
  | 'refused'; // a definite answer (conflict, too large, deleted...): the port's error says it

/** Our own deadline passed: the append may be anywhere between this process and the server's disk. */
class NoAnswer extends Error {}

/**
 * One append to EventStoreDB, told apart by what is known of its outcome. Only an append that never
 * left this process, or that the server declined unhandled, is "nothing written"; a timeout or a
 * connection lost after sending is "outcome unknown". Such an append is sent once more when its
 * expected revision is exact, because only then does the server recognise the retry by its event
 * ids in every case (under `any`/`stream_exists` it may have forgotten them and write twice).
 */
export async function appendToEsdb(
  client: EventStoreDBClient, streamId: string, events: readonly EventData[], expectedRevision: ExpectedRevision,
  settings: { readonly operationTimeoutMs: number; readonly notHandledRetry: NotHandledRetryPolicy },
  chain: { readonly hashes: readonly string[]; readonly callerExpected: ExpectedRevision } = { hashes: [], callerExpected: expectedRevision },
): Promise<EsdbAppendResult> {
  const wire = events.map((e, i) => toEsdbEvent(e, chain.hashes[i]));
  // the caller's revision, not the one the chain pinned: a caller under `any` was promised no resend
  const exact = chain.callerExpected !== 'any' && chain.callerExpected !== 'stream_exists';
  const operation = { name: `the append to ${streamId}`, streamId, expectedRevision };
  const timeout = settings.operationTimeoutMs;
  let uncertain: unknown;
  let resent = false;
  let delay = settings.notHandledRetry.initialDelayMs;
  for (let notHandled = 0; ; ) {
    try {
      return await withDeadline(timeout, () => client.appendToStream(streamId, wire, { expectedRevision, deadline: timeout }));
    } catch (error) {
      const failure = classify(error);
      if (failure === 'refused') throw toPortError(error, operation);
      if (failure === 'unknown') uncertain = error;
      if (failure === 'not-handled' && notHandled < settings.notHandledRetry.attempts) {
        notHandled += 1;
        await sleep(delay);
        delay *= 2;
        continue;
      }
      const mayResend = failure === 'not-sent' || (failure === 'unknown' && exact);
      if (mayResend && !resent) {
        resent = true;
        continue;
      }
      if (uncertain !== undefined) throw new AppendOutcomeUnknownError(streamId, describe(uncertain, timeout), uncertain);
      throw new EventStoreUnavailableError(`EventStoreDB did not take ${operation.name}: ${describe(error, timeout)}`, error);
    }
  }
}

function classify(raw: unknown): Failure {
  if (raw instanceof NoAnswer) return 'unknown';
  const error = asCommandError(raw);
  const message = error instanceof Error ? error.message : '';
  // BatchAppend reports NotHandled as a status the client cannot name; Append as UNAVAILABLE
  if (/Server Is (Not Ready|Busy|Too Busy)/.test(message)) return 'not-handled';
  if (error instanceof NotLeaderError) return 'not-handled';
  if (error instanceof UnavailableError && /No connection established|ECONNREFUSED/.test(message)) return 'not-sent';
  if (error instanceof UnavailableError || error instanceof CancelledError || error instanceof DeadlineExceededError || error instanceof TimeoutError) {
    return 'unknown';
  }
  return 'refused';
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof NoAnswer) return `no answer within ${timeoutMs} ms`;
  return (error as Error)?.message || 'connection lost';
}

/** The client gives batch appends no gRPC deadline: a node that stalls after its commit would hold the call forever. */
function withDeadline<T>(ms: number, run: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new NoAnswer()), ms);
    run().then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error: unknown) => { clearTimeout(timer); reject(error); },
    );
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
