import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { Role } from './actor';

export const ACCESS_KEY = 'clause-ledger:access';
export const SCOPE_KEY = 'clause-ledger:scope';

export type AccessRule = { readonly public: true } | { readonly public: false; readonly roles: readonly Role[] };

/** Answered to anyone, without a token (health, OpenAPI, key sets, badge verification). */
export const Public = () => SetMetadata(ACCESS_KEY, { public: true } satisfies AccessRule);

/** The roles that may call the route; every other role gets 403. */
export const Allow = (...roles: [Role, ...Role[]]) => applyDecorators(
  SetMetadata(ACCESS_KEY, { public: false, roles } satisfies AccessRule),
  ApiBearerAuth(),
  ApiResponse({ status: 401, description: 'no valid bearer token (code UNAUTHENTICATED, reason says which check failed)' }),
  ApiResponse({ status: 403, description: `only for ${roles.join(', ')}` }),
);

export type ScopedResource = 'market' | 'placement' | 'beneficiary' | 'company' | 'badge' | 'supportCase' | 'offer';
/**
 * Where the route names the resources the actor must be in scope of: a route parameter
 * (`marketId`) or a body field (`body.marketId`). Out of scope answers 404, as if it did not exist.
 */
export type ScopeRefs = Partial<Record<ScopedResource, string>>;
export const InScopeOf = (refs: ScopeRefs) => SetMetadata(SCOPE_KEY, refs);
