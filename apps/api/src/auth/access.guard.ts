import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest } from './actor';
import { ACCESS_KEY, AccessRule, SCOPE_KEY, ScopeRefs, ScopedResource } from './access.decorators';
import { ForbiddenRoleError } from './access-errors';
import { ScopeResolver } from './scope-resolver';
import { ID_PATTERN } from '../http/dto-rules';
import { TokenVerifier } from './token-verifier';

/** The one place where access is decided: token -> actor, role -> 403, scope -> 404. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly tokens: TokenVerifier, private readonly scopes: ScopeResolver) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    // RouteAccessCheck refuses to start without a declaration; this keeps a gap closed, not open
    if (!rule) throw new ForbiddenRoleError('this route declares no access rule');
    if (rule.public) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.scopes.withOrganisation(await this.tokens.actorOf(request.header('authorization')));
    request.actor = actor;
    if (!rule.roles.includes(actor.role)) {
      throw new ForbiddenRoleError(`a ${actor.role} may not ${request.method} ${request.route?.path ?? request.path}; allowed: ${rule.roles.join(', ')}`);
    }
    const refs = this.reflector.get<ScopeRefs | undefined>(SCOPE_KEY, context.getHandler()) ?? {};
    for (const [resource, ref] of Object.entries(refs) as [ScopedResource, string][]) {
      const id = ref.startsWith('body.') ? (request.body as Record<string, unknown> | undefined)?.[ref.slice(5)] : request.params[ref];
      // a missing or malformed id is the validation's 400, not the guard's business
      if (typeof id === 'string' && ID_PATTERN.test(id)) await this.scopes.check(actor, resource, id);
    }
    return true;
  }
}
