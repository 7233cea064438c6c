import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest } from './actor';
import { ACCESS_KEY, AccessRule, SCOPE_KEY, ScopeRefs, ScopedResource } from './access.decorators';
import { ForbiddenRoleError } from './access-errors';
import { ScopeResolver } from './scope-resolver';
import { ID_PATTERN } from '../http/dto-rules';
import { TokenVerifier } from './token-verifier';

interface Declarations {
  readonly rule?: AccessRule;
  /** Where each scoped resource's id is in the request. */
  readonly refs: readonly [ScopedResource, string][];
}

/** The one place where access is decided: token -> actor, role -> 403, scope -> 404. */
@Injectable()
export class AccessGuard implements CanActivate {
  /** Each controller's handlers' declarations, read from their metadata once (decorators are fixed once the app is built). */
  private readonly declared = new WeakMap<object, WeakMap<object, Declarations>>();

  constructor(private readonly reflector: Reflector, private readonly tokens: TokenVerifier, private readonly scopes: ScopeResolver) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const { rule, refs } = this.declarationsOf(context);
    // RouteAccessCheck refuses to start without a declaration; this keeps a gap closed, not open
    if (!rule) throw new ForbiddenRoleError('this route declares no access rule');
    if (rule.public) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.scopes.withOrganisation(await this.tokens.actorOf(request.header('authorization')));
    request.actor = actor;
    if (!rule.roles.includes(actor.role)) {
      throw new ForbiddenRoleError(`a ${actor.role} may not ${request.method} ${request.route?.path ?? request.path}; allowed: ${rule.roles.join(', ')}`);
    }
    for (const [resource, ref] of refs) {
      const id = ref.startsWith('body.') ? (request.body as Record<string, unknown> | undefined)?.[ref.slice(5)] : request.params[ref];
      // a missing or malformed id is the validation's 400, not the guard's business
      if (typeof id === 'string' && ID_PATTERN.test(id)) await this.scopes.check(actor, resource, id);
    }
    return true;
  }

  private declarationsOf(context: ExecutionContext): Declarations {
    const [handler, controller] = [context.getHandler(), context.getClass()];
    let ofController = this.declared.get(controller);
    if (!ofController) this.declared.set(controller, (ofController = new WeakMap()));
    let declared = ofController.get(handler);
    if (!declared) {
      const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, controller]);
      const refs = Object.entries(this.reflector.get<ScopeRefs | undefined>(SCOPE_KEY, handler) ?? {}) as [ScopedResource, string][];
      declared = { ...(rule ? { rule } : {}), refs };
      ofController.set(handler, declared);
    }
    return declared;
  }
}
