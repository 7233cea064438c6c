import {
  AccessDeniedError, CancelledError, DeadlineExceededError, InvalidArgumentError, MaxAppendSizeExceededError, NotLeaderError,
  StreamDeletedError as EsdbStreamDeletedError, StreamNotFoundError as EsdbStreamNotFoundError, TimeoutError, UnavailableError, UnsupportedError,
  WrongExpectedVersionError, convertToCommandError, isCommandError,
} from '@eventstore/db-client';
import {
  AppendTooLargeError, EventStoreUnavailableError, ExpectedRevision, InvalidPositionError, Position, StreamDeletedError, StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store.port';

/** gRPC INVALID_ARGUMENT, which the client leaves as an UnknownError carrying the code. */
const GRPC_INVALID_ARGUMENT = 3;

/** What the adapter was doing, to name it in errors and to rebuild the port's typed errors. */
export interface Operation {
  readonly name: string;
  readonly streamId?: string;
  readonly expectedRevision?: ExpectedRevision;
  /** Where a read of $all starts. */
  readonly position?: Position;
}

/** The client's errors turned into the port's: conflicts, missing or deleted streams, limits, positions, and "the store cannot be reached". */
export function toPortError(raw: unknown, operation: Operation): unknown {
  const error = asCommandError(raw);
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualVersion === 'no_stream' || error.actualVersion < 0n ? 'no_stream' : error.actualVersion;
    return new WrongExpectedRevisionError(operation.streamId ?? error.streamName, operation.expectedRevision ?? error.expectedVersion, actual);
  }
  if (error instanceof EsdbStreamNotFoundError) return new StreamNotFoundError(operation.streamId ?? String(error.streamName));
  if (error instanceof EsdbStreamDeletedError) return new StreamDeletedError(operation.streamId ?? error.streamName);
  if (error instanceof MaxAppendSizeExceededError) return new AppendTooLargeError(operation.streamId ?? '?', error.maxAppendSize);
  if (operation.position && isInvalidPosition(error)) return new InvalidPositionError(operation.position, (error as Error).message);
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

/** EventStoreDB's InvalidPosition: a read or subscription of $all from inside a record. */
export function isInvalidPosition(error: unknown): boolean {
  const converted = asCommandError(error) as { code?: unknown; message?: unknown } | null;
  return converted?.code === GRPC_INVALID_ARGUMENT && /invalid position/i.test(String(converted.message));
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
 * the new channel. For reads only: appends have their own rules (esdb-append.ts).
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
export function asCommandError(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? convertToCommandError(error as Error) : error;
}
