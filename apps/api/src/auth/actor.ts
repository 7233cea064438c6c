import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';

export const ROLES = ['FACILITATOR', 'BUYER', 'COMPANY', 'AUDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Who acts: recorded in every event's metadata and shown in histories. */
export interface Actor {
  readonly userId: string;
  readonly organisationId: string;
  readonly role: Role;
}

/** The process itself (daily clock ticks, process managers): never a person. */
export const SYSTEM_ACTOR: Actor = { userId: 'system', organisationId: 'system', role: 'ADMIN' };

export type AuthenticatedRequest = Request & { actor?: Actor };

/** The signed-in actor, as set on the request by the authentication guard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | undefined =>
  ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor);
