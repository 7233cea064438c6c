import { AppendOutcomeUnknownError, EventStoreUnavailableError, StaleKnowledgeError, WrongExpectedRevisionError } from '../event-store.port';
import { EventIdConflictError } from './event-id-conflict-error';

/** An error as it crosses to the other thread: a structured clone would lose its class. */
export interface SentError {
  readonly className: string;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** The refusals callers tell apart by class; any other error comes back as an Error with its message and fields. */
const CLASSES: Record<string, { prototype: Error }> = { WrongExpectedRevisionError, EventIdConflictError, EventStoreUnavailableError, StaleKnowledgeError, AppendOutcomeUnknownError };

export function sendable(error: unknown): SentError {
  if (!(error instanceof Error)) return { className: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) if (key !== 'stack') fields[key] = value instanceof Error ? sendable(value) : value;
  return { className: error.constructor.name, message: error.message, fields };
}

export function revived(sent: SentError): Error {
  const error = Object.create((CLASSES[sent.className] ?? Error).prototype) as Error;
  Object.defineProperty(error, 'message', { value: sent.message, writable: true, configurable: true });
  for (const [key, value] of Object.entries(sent.fields)) {
    (error as unknown as Record<string, unknown>)[key] = isSentError(value) ? revived(value) : value;
  }
  Error.captureStackTrace(error, revived);
  return error;
}

function isSentError(value: unknown): value is SentError {
  return !!value && typeof value === 'object' && typeof (value as SentError).className === 'string' && typeof (value as SentError).message === 'string';
}
