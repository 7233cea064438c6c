import { Controller, Get, INestApplication } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ROLES, Role } from '../apps/api/src/auth/actor';
import { RouteAccess, RouteAccessCheck, routeTable } from '../apps/api/src/auth/route-table';
import { SCOPE_NOT_FOUND_CODES } from '../apps/api/src/auth/scope-resolver';
import { ScopedResource } from '../apps/api/src/auth/access.decorators';
import { Reply, TestApi, tempDir } from './support/test-api';
import { World, buildWorld, foreign, own, registerOrganisations, signerFor } from './support/two-organisations';
import * as story from './support/market-story';

/** A path parameter filled from a world; a route with a parameter not listed here fails the test until it is. */
function fill(path: string, w: World): string {
  const values: Record<string, string> = {
    marketId: w.marketId, lotId: 'lot-1', placementId: w.placementId, beneficiaryId: w.beneficiaryId, companyId: w.company.siret,
    badgeId: w.badgeId, month: '2026-03', alertId: 'NO_PLACEMENT:lot-1', organisationId: w.auditor, name: 'execution-tracking', caseId: w.caseId, memberId: 'auditor-member',
    offerId: w.offerId, candidateId: 'cand-1',
  };
  return path.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no fixture for route parameter :${name} in ${path}: add one to the matrix`);
    return encodeURIComponent(values[name]);
  });
}

/** Company records are public registry data: facilitators and auditors read any; see README's role table. */
const visibleToAll: Partial<Record<ScopedResource, readonly Role[]>> = { company: ['FACILITATOR', 'AUDITOR'] };

/** The resources a route names in its path (:marketId...) or declares in its scope (body fields). */
const namedResources = (route: RouteAccess): ScopedResource[] => {
  const inPath = [...route.path.matchAll(/:(\w+)Id\b/g)].map((m) => m[1]).filter((r): r is ScopedResource => r in SCOPE_NOT_FOUND_CODES);
  return [...new Set([...inPath, ...(Object.keys(route.scope) as ScopedResource[])])];
};
const scopeCodes = (route: RouteAccess) => namedResources(route).map((r) => SCOPE_NOT_FOUND_CODES[r]);
const hidesFrom = (route: RouteAccess, role: Role) => namedResources(route).some((r) => !visibleToAll[r]?.includes(role));
const label = (route: RouteAccess) => `${route.method} ${route.path}`;

describe('who may do what: every route of the route table × every role', () => {
  const dir = tempDir('authorisation');
  let api: TestApi;
  let routes: RouteAccess[];

  const send = async (as: TestApi, route: RouteAccess, w: World): Promise<Reply> => {
    const body = route.method === 'GET' ? undefined : { marketId: w.marketId, beneficiaryId: w.beneficiaryId };
    return as.request(route.method, fill(route.path, w), body);
  };

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    await registerOrganisations(api);
    await buildWorld(api, own, story.company);
    await buildWorld(api, foreign, story.siaeCompany);
    routes = routeTable(api.app);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  it('walks the routes the HTTP server really serves, each with an access declaration', () => {
    const router = (api.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
    const served = router.stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : []));
    // the OpenAPI pages (Swagger's own routes, public) and Nest's catch-all that answers 404
    const documentation = served.filter((r) => / \/docs/.test(r) || r.endsWith(' /{*path}'));
    expect(served.filter((r) => !documentation.includes(r)).sort()).toEqual(routes.map(label).sort());
    expect(routes.filter((r) => !r.access).map(label)).toEqual([]);
    expect(routes.length).toBeGreaterThan(30);
  });

  it('serves the OpenAPI pages to anyone', async () => {
    const anonymous = await api.as('anonymous');
    expect((await anonymous.get('/docs-json')).body.paths['/markets/{marketId}/tracking']).toBeDefined();
    expect((await anonymous.fetch('/docs')).status).toBe(200);
  });

  it('scopes every signed-in route on each resource its path names', () => {
    const unscoped = routes.filter((r) => r.access && !r.access.public)
      .flatMap((r) => namedResources(r).filter((resource) => !(resource in r.scope)).map((resource) => `${label(r)} does not scope :${resource}Id`));
    expect(unscoped).toEqual([]);
  });

  it('answers 401 UNAUTHENTICATED with a Bearer challenge on every non-public route without a token', async () => {
    const anonymous = await api.as('anonymous');
    const wrong: string[] = [];
    for (const route of routes) {
      const r = await send(anonymous, route, own);
      if (route.access?.public) {
        if (r.status === 401 || r.status === 403) wrong.push(`${label(route)} is public but answered ${r.status}`);
      } else if (r.status !== 401 || r.body?.code !== 'UNAUTHENTICATED' || r.body?.reason !== 'TOKEN_MISSING' || !r.headers.get('www-authenticate')?.startsWith('Bearer')) {
        wrong.push(`${label(route)} without a token: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to every role a route never allows, even on its own organisation\'s resources', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const role of ROLES) {
      const as = await api.as(signerFor(role, own));
      for (const route of routes) {
        if (!route.access || route.access.public || route.access.roles.includes(role)) continue;
        checked++;
        const r = await send(as, route, own);
        if (r.status !== 403 || r.body?.code !== 'FORBIDDEN') wrong.push(`${role} ${label(route)}: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('lets every allowed role reach its own organisation\'s resources (2xx or a domain answer, never 401/403 or a scope 404)', async () => {
    const wrong: string[] = [];
    for (const role of ROLES) {
      const as = await api.as(signerFor(role, own));
      for (const route of routes) {
        if (!route.access || route.access.public || !route.access.roles.includes(role)) continue;
        const r = await send(as, route, own);
        const scope404 = r.status === 404 && scopeCodes(route).includes(r.body?.code);
        if (r.status === 401 || r.status === 403 || scope404 || r.status >= 500) wrong.push(`${role} ${label(route)}: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers 404, as for an unknown id, when an allowed role names another organisation\'s resource', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const role of ROLES) {
      const as = await api.as(signerFor(role, own));
      for (const route of routes) {
        if (!route.access || route.access.public || !route.access.roles.includes(role) || !hidesFrom(route, role)) continue;
        checked++;
        const r = await send(as, route, foreign);
        if (r.status !== 404 || !scopeCodes(route).includes(r.body?.code)) wrong.push(`${role} ${label(route)} on ${foreign.facilitator}'s: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(25);
    const unknown = await api.get('/markets/mkt-nobody/tracking');
    const hidden = await api.get(`/markets/${foreign.marketId}/tracking`);
    expect([hidden.status, hidden.body.code]).toEqual([unknown.status, unknown.body.code]);
  });

  describe('cross-organisation reads', () => {
    const marketIds = (r: Reply) => (r.body as { marketId: string }[]).map((m) => m.marketId).sort();

    it('a buyer lists only its own markets, reads their tracking, alerts and bilan, never a beneficiary', async () => {
      const buyer = await api.as(signerFor('BUYER', own));
      expect(marketIds(await buyer.get('/markets'))).toEqual([own.marketId]);
      expect(marketIds(await (await api.as(signerFor('BUYER', foreign))).get('/markets'))).toEqual([foreign.marketId]);
      expect((await buyer.get(`/markets/${own.marketId}/tracking`)).status).toBe(200);
      expect((await buyer.get(`/markets/${own.marketId}/alerts`)).status).toBe(200);
      expect((await buyer.get(`/markets/${own.marketId}/bilan`)).body.market.marketId).toBe(own.marketId);
      expect((await buyer.get(`/markets/${foreign.marketId}/bilan`)).status).toBe(404);
      expect((await buyer.get(`/beneficiaries/${own.beneficiaryId}`)).status).toBe(403);
    });

    it('an auditor reads the facilitator organisations it is granted, and only those', async () => {
      const auditor = await api.as(signerFor('AUDITOR', own));
      expect(marketIds(await auditor.get('/markets'))).toEqual([own.marketId]);
      expect((await auditor.get(`/beneficiaries/${own.beneficiaryId}`)).status).toBe(200);
      expect((await auditor.get(`/beneficiaries/${foreign.beneficiaryId}`)).status).toBe(404);
      const ownHours = (await auditor.get('/key-figures?year=2026')).body.insertionHours.value;
      const admin = await api.as({ role: 'ADMIN', organisation: 'clause-ledger-ops' });
      await admin.put(`/organisations/${own.auditor}/audit-scope`, { facilitatorOrganisationIds: [own.facilitator, foreign.facilitator] });
      expect(marketIds(await auditor.get('/markets'))).toEqual([foreign.marketId, own.marketId]);
      expect((await auditor.get('/key-figures?year=2026')).body.insertionHours.value).toBe(ownHours * 2);
      await admin.put(`/organisations/${own.auditor}/audit-scope`, { facilitatorOrganisationIds: [own.facilitator] });
      expect(marketIds(await auditor.get('/markets'))).toEqual([own.marketId]);
    });

    it('a facilitator\'s key figures count its own markets only, whatever name it filters on', async () => {
      const mine = (await api.get('/key-figures?year=2026')).body;
      const theirs = (await (await api.as(signerFor('FACILITATOR', foreign))).get('/key-figures?year=2026')).body;
      expect(mine.insertionHours.value).toBe(140);
      expect(theirs.insertionHours.value).toBe(140);
      expect(mine.insertionHours.eventIds).not.toEqual(theirs.insertionHours.eventIds);
    });

    it('a company sees its own lots and placements, not the other company\'s', async () => {
      const company = await api.as(signerFor('COMPANY', own));
      expect(marketIds(await company.get('/markets'))).toEqual([own.marketId]);
      expect((await company.get(`/markets/${own.marketId}/tracking`)).body.lots.map((l: { companyId: string }) => l.companyId)).toEqual([own.company.siret]);
      expect((await company.get(`/placements/${own.placementId}`)).status).toBe(200);
      expect((await company.get(`/placements/${foreign.placementId}`)).status).toBe(404);
      expect((await company.get(`/companies/${foreign.company.siret}`)).status).toBe(404);
    });

    it('a company whose organisation is not registered (no SIRET linked) sees nothing', async () => {
      const stranger = await api.as({ role: 'COMPANY', organisation: 'not-registered' });
      expect(marketIds(await stranger.get('/markets'))).toEqual([]);
      expect((await stranger.get(`/placements/${own.placementId}`)).status).toBe(404);
    });
  });
});

@Controller('forgotten')
class ForgottenController {
  @Get()
  open() {
    return 'anyone?';
  }
}

describe('a route born without an access declaration', () => {
  it('stops the application from starting, naming the route', async () => {
    const module = await Test.createTestingModule({ imports: [DiscoveryModule], controllers: [ForgottenController], providers: [RouteAccessCheck] }).compile();
    const app: INestApplication = module.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow('GET /forgotten (ForgottenController.open)');
    await app.close().catch(() => undefined);
  });
});
