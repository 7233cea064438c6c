import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Actor, AuthenticatedRequest } from '../auth/actor';
import { InvalidInputException } from './invalid-input';

export interface CommandHeaders {
  readonly idempotencyKey?: string;
  readonly expectedRevision?: bigint;
  /** Who sends the command, from the Authorization header as verified by the access guard. */
  readonly actor: Actor;
}

const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** Idempotency-Key (retry safety), If-Match (optimistic concurrency on a known revision) and the signed-in actor. */
export const CommandHeadersOf = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandHeaders => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  const actor = request.actor;
  if (!actor) throw new Error('a command route must not be @Public: no actor to record');
  const key = request.header('idempotency-key');
  const ifMatch = request.header('if-match');
  if (key !== undefined && !KEY.test(key)) {
    throw new InvalidInputException([{ field: 'Idempotency-Key', rule: 'format', message: 'Idempotency-Key must be 8 to 128 characters among letters, digits and _ . : - (a UUID is ideal)' }]);
  }
  const revision = ifMatch?.replace(/^W\//, '').replace(/"/g, '');
  if (revision !== undefined && !/^\d+$/.test(revision)) {
    throw new InvalidInputException([{ field: 'If-Match', rule: 'format', message: 'If-Match must be the revision number returned by an earlier command, e.g. "3"' }]);
  }
  return { actor, ...(key ? { idempotencyKey: key } : {}), ...(revision !== undefined ? { expectedRevision: BigInt(revision) } : {}) };
});
