import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';

export const ROLES = ['FACILITATOR', 'BUYER', 'COMPANY', 'AUDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Who acts: recorded in every event's metadata and shown in histories. */
export interface Actor {
  readonly userId: string;
  readonly organisationId: string;
  readonly role: Role;
  /** A COMPANY's establishment, from its registered organisation: its lots and placements are those held under it. */
  readonly siret?: string;
  /** An AUDITOR's grants: the facilitator organisations it may read. */
  readonly auditedOrganisationIds?: readonly string[];
}

/** The process itself (daily clock ticks, process managers): never a person. */
export const SYSTEM_ACTOR: Actor = { userId: 'system', organisationId: 'system', role: 'ADMIN' };

/** What an event's metadata keeps of the actor (never the grants of the moment). */
export const recordedActor = (actor: Actor) => ({ userId: actor.userId, organisationId: actor.organisationId, role: actor.role });

export type AuthenticatedRequest = Request & { actor?: Actor };

/** The signed-in actor, as set on the request by the authentication guard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | undefined =>
  ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor);
