import { DomainErrorCode, DomainErrorCodeOf, DomainErrorKind } from './error-codes';

export type { DomainErrorKind } from './error-codes';

/**
 * A refusal by the domain. `kind` says how the API reports it (mapped to HTTP once, in the API):
 * not_found -> 404, conflict -> 409, rule -> 422, gone -> 410 (existed, personal data erased).
 * Its code comes from the catalogue (error-codes.ts).
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: DomainErrorCode,
    message: string,
    /** The input field the refusal is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: DomainErrorCodeOf<'not_found'>, message: string, field?: string) =>
  new DomainError('not_found', code, message, field);
export const conflict = (code: DomainErrorCodeOf<'conflict'>, message: string, field?: string) =>
  new DomainError('conflict', code, message, field);
export const ruleBroken = (code: DomainErrorCodeOf<'rule'>, message: string, field?: string) =>
  new DomainError('rule', code, message, field);
export const gone = (code: DomainErrorCodeOf<'gone'>, message: string, field?: string) =>
  new DomainError('gone', code, message, field);
