/**
 * A refusal by the domain. `kind` says how the API reports it (mapped to HTTP once, in the API):
 * not_found -> 404, conflict -> 409, rule -> 422, gone -> 410 (existed, personal data erased).
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'rule' | 'gone';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    /** The input field the refusal is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: string, message: string, field?: string) =>
  new DomainError('not_found', code, message, field);
export const conflict = (code: string, message: string, field?: string) =>
  new DomainError('conflict', code, message, field);
export const ruleBroken = (code: string, message: string, field?: string) =>
  new DomainError('rule', code, message, field);
