import { Pool } from 'undici';
import { INestApplication } from '@nestjs/common';
import { startApp } from '../apps/api/src/bootstrap';
import { loadConfig } from '../apps/api/src/config/app-config';
import { mintLocalToken } from '../apps/api/src/auth/local-issuer';
import { ProjectionsService } from '../apps/api/src/tracking/projections.service';
import { addMonths } from '@clause-ledger/domain';
import { LoadRequest } from './http-load';

export type Headers = Record<string, string>;
export interface SignedApp { readonly app: INestApplication; readonly origin: string; readonly headers: Headers; readonly adminHeaders: Headers }

/** The API as a facilitator uses it: signed requests, no rate limit (one client address sends everything). */
export async function startSigned(env: Record<string, string>): Promise<SignedApp> {
  const app = await startApp(loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', FIXED_TODAY: '2035-12-31', RATE_LIMIT_PER_MINUTE: '0', ...env }));
  const token = await mintLocalToken(env.DATA_DIR, { role: 'FACILITATOR', organisationId: 'mef-cotentin', userId: 'bench' });
  const admin = await mintLocalToken(env.DATA_DIR, { role: 'ADMIN', organisationId: 'operations', userId: 'bench-admin' });
  const json = { 'content-type': 'application/json' };
  return { app, origin: (await app.getUrl()).replace('[::1]', '127.0.0.1'), headers: { ...json, authorization: `Bearer ${token}` }, adminHeaders: { ...json, authorization: `Bearer ${admin}` } };
}

/** One 10-year market with `placements` placements (each its own beneficiary), set up over HTTP by `clients` clients. */
export async function setUpMarket({ origin, headers, adminHeaders }: SignedApp, placements: number, clients = 8): Promise<string[]> {
  const pool = new Pool(origin, { connections: clients });
  const send = async (method: 'POST' | 'PUT', path: string, body: unknown, as = headers) => {
    const res = await pool.request({ method, path, body: JSON.stringify(body), headers: as });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  };
  // as in production, the facilitator's organisation is registered (an unregistered one is looked up on every request)
  await send('POST', '/organisations', { organisationId: 'mef-cotentin', kind: 'FACILITATOR', name: 'MEF du Cotentin' }, adminHeaders);
  await send('POST', '/companies', { siret: '73282932000074', name: 'Bâtiments du Cotentin', postcode: '50100', kind: 'ORDINARY' });
  await send('POST', '/markets', {
    marketId: 'bench', title: 'Accord-cadre d\'entretien du patrimoine 2026-2035', kind: 'WORKS', buyer: { name: 'Cotentin Habitat', kind: 'SOCIAL_LANDLORD' },
    territory: 'Cotentin', department: '50', facilitatorOrganisation: 'MEF du Cotentin', executionStart: '2026-01-01', executionEnd: '2035-12-31',
    lots: [{ lotId: 'lot-1', title: 'Gros œuvre', estimatedAmountCents: 2_000_000_000 }],
  });
  await send('PUT', '/markets/bench/lots/lot-1/clause', { clauseTypes: ['EXECUTION'], target: { mode: 'COMPUTED', labourSharePercent: 50, insertionRatePercent: 10, hourlyCostCents: 3000 }, penaltyPerMissingHourCents: 3000 });
  await send('POST', '/markets/bench/lots/lot-1/acceptance', { companyId: '73282932000074', committedHours: 40_000 });
  let next = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = next++; i < placements; i = next++) {
      const b = `b-${i}`;
      await send('POST', '/beneficiaries', { beneficiaryId: b, firstName: 'P', lastName: `N${i}`, birthDate: '1980-05-05', sex: i % 2 ? 'F' : 'M', postcode: '50100', qpvResident: true, qualificationLevel: '3' });
      await send('POST', `/beneficiaries/${b}/eligibilities`, { criteria: ['RSA'], validatedOn: '2025-12-15', validUntil: '2035-12-31', validatedBy: 'bench', proofKinds: ['CAF_CERTIFICATE'] });
      await send('POST', '/placements', { placementId: `p-${i}`, marketId: 'bench', lotId: 'lot-1', companyId: '73282932000074', beneficiaryId: b, modality: 'DIRECT_HIRE', contractType: 'PERMANENT', startDate: '2026-01-01', plannedEndDate: '2035-12-31' });
    }
  }));
  await pool.close();
  return Array.from({ length: placements }, (_, i) => `p-${i}`);
}

/**
 * Month-major order: neighbouring requests touch different placements, as 16 facilitators would.
 * `firstMonth` lets successive rounds declare months not declared yet (a second declaration is a 409).
 */
export function declarations(placements: readonly string[], firstMonth: number, count: number): LoadRequest[] {
  const out: LoadRequest[] = [];
  for (let m = firstMonth; out.length < count && m < 120; m++) {
    const month = addMonths('2026-01-01', m).slice(0, 7);
    for (const p of placements) {
      if (out.length === count) break;
      out.push({ method: 'POST', path: `/placements/${p}/hours`, body: { month, hours: 151.67, source: 'PAYSLIP' } });
    }
  }
  if (out.length < count) throw new Error(`only ${out.length} declarations left in 120 months of ${placements.length} placements, ${count} asked`);
  return out;
}

/** Starts every projection again: each catches up from its checkpoint; resolves once all are live. */
export async function startProjections(app: INestApplication): Promise<void> {
  for (const runner of app.get(ProjectionsService).runners) await runner.start();
}

/** Stops every projection: what the same load costs without the read models (measurement only). */
export async function stopProjections(app: INestApplication): Promise<void> {
  for (const runner of app.get(ProjectionsService).runners) await runner.stop();
}
