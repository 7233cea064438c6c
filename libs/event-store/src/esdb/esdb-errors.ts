import {
  AccessDeniedError, CancelledError, DeadlineExceededError, InvalidArgumentError, NotLeaderError, StreamNotFoundError as EsdbStreamNotFoundError,
  TimeoutError, UnavailableError, UnsupportedError, WrongExpectedVersionError, convertToCommandError, isCommandError,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, ExpectedRevision, StreamNotFoundError, WrongExpectedRevisionError } from '../event-store.port';

/** What the adapter was doing, to name it in errors and to rebuild the port's typed errors. */
export interface Operation {
  readonly name: string;
  readonly streamId?: string;
  readonly expectedRevision?: ExpectedRevision;
}

/** The client's errors turned into the port's: conflicts, missing streams, and "the store cannot be reached". */
export function toPortError(raw: unknown, operation: Operation): unknown {
  const error = asCommandError(raw);
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualVersion === 'no_stream' || error.actualVersion < 0n ? 'no_stream' : error.actualVersion;
    return new WrongExpectedRevisionError(operation.streamId ?? error.streamName, operation.expectedRevision ?? error.expectedVersion, actual);
  }
  if (error instanceof EsdbStreamNotFoundError) return new StreamNotFoundError(operation.streamId ?? String(error.streamName));
  if (isUnavailable(error)) {
    return new EventStoreUnavailableError(`EventStoreDB unavailable during ${operation.name}: ${(error as Error).message || 'connection lost'}`, raw);
  }
  return raw;
}

/** Connection-level failures, which a later attempt may not meet: commands report them as unavailability. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  const converted = asCommandError(error);
  return (
    converted instanceof UnavailableError ||
    converted instanceof DeadlineExceededError ||
    converted instanceof CancelledError ||
    converted instanceof TimeoutError ||
    converted instanceof NotLeaderError
  );
}

/**
 * Whether a broken subscription is worth opening again: any gRPC failure of the connection or the
 * server, but not wrong credentials, an invalid request, a missing feature, nor a bug on our side.
 */
export function isWorthRetrying(error: unknown): boolean {
  const converted = asCommandError(error);
  if (!(converted instanceof Error) || !isCommandError(converted)) return false;
  return !(converted instanceof AccessDeniedError || converted instanceof InvalidArgumentError || converted instanceof UnsupportedError);
}

/**
 * Bounds an operation in time. The client gives reads and batch appends no gRPC deadline, and a
 * half-open connection would make them wait forever; past `ms` the store counts as unavailable.
 */
export function withTimeout<T>(operation: Operation, ms: number, run: () => Promise<T>, onTimeout?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(new EventStoreUnavailableError(`EventStoreDB did not answer ${operation.name} within ${ms} ms`));
    }, ms);
    run().then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error: unknown) => { clearTimeout(timer); reject(toPortError(error, operation)); },
    );
  });
}

/**
 * The client swaps a broken channel for a new one only after a call failed on it, so the first
 * call after a server restart fails even though the server is back: one more attempt goes through
 * the new channel. Safe for appends too: EventStoreDB recognises a retry by its event ids.
 */
export async function onceMoreIfUnavailable<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isUnavailable(error)) throw error;
    return run();
  }
}

/** The client's own typing of a gRPC error; anything else (the client also throws strings) unchanged. */
function asCommandError(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? convertToCommandError(error as Error) : error;
}
