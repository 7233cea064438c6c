import { INestApplicationContext, Injectable, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_KEY, AccessRule, SCOPE_KEY, ScopeRefs } from './access.decorators';

export interface RouteAccess {
  readonly method: string;
  /** Express form, e.g. /markets/:marketId/tracking */
  readonly path: string;
  readonly handler: string;
  readonly access?: AccessRule;
  readonly scope: ScopeRefs;
}

interface Discovery {
  readonly discovery: DiscoveryService;
  readonly scanner: MetadataScanner;
  readonly reflector: Reflector;
}

/** Every route the controllers declare, with its access rule: what the start-up check and the matrix test walk. */
export function routeTable(app: INestApplicationContext): RouteAccess[] {
  return routesOf({ discovery: app.get(DiscoveryService), scanner: app.get(MetadataScanner), reflector: app.get(Reflector) });
}

function routesOf({ discovery, scanner, reflector }: Discovery): RouteAccess[] {
  return discovery.getControllers().flatMap(({ metatype, instance }) => {
    if (!metatype || !instance) return [];
    const base = reflector.get<string | string[]>(PATH_METADATA, metatype);
    const prototype = Object.getPrototypeOf(instance) as Record<string, (...args: unknown[]) => unknown>;
    return scanner.getAllMethodNames(prototype).flatMap((name): RouteAccess[] => {
      const handler = prototype[name];
      const own = reflector.get<string | string[] | undefined>(PATH_METADATA, handler);
      if (own === undefined) return [];
      const method = RequestMethod[reflector.get<RequestMethod>(METHOD_METADATA, handler)];
      const path = `/${[base, own].flat().map((p) => String(p ?? '').replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
      return [{
        method, path, handler: `${metatype.name}.${name}`,
        access: reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, metatype]),
        scope: reflector.get<ScopeRefs | undefined>(SCOPE_KEY, handler) ?? {},
      }];
    });
  });
}

/** A route born without @Allow or @Public stops the start: access is never an afterthought. */
@Injectable()
export class RouteAccessCheck implements OnApplicationBootstrap {
  constructor(readonly discovery: DiscoveryService, readonly scanner: MetadataScanner, readonly reflector: Reflector) {}

  onApplicationBootstrap(): void {
    const undeclared = routesOf(this).filter((r) => !r.access);
    if (undeclared.length) {
      throw new Error(`routes without an access declaration (@Allow or @Public): ${undeclared.map((r) => `${r.method} ${r.path} (${r.handler})`).join(', ')}`);
    }
  }
}
