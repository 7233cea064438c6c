import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@clause-ledger/event-store';
import { ProjectionRunner, ReadModelStore, alertsProjection } from '@clause-ledger/projections';
import { AlertNotifier } from '../apps/api/src/alerts/alert-notifier';
import { ProjectionsService } from '../apps/api/src/tracking/projections.service';
import { suiteWithMarketStory } from './support/seed-story';
import { ok, lastPosition } from './support/ok';
import * as story from './support/market-story';

/** Alerts raised from the clock, mailed once to the buyer's outbox, resolved, acknowledged, rebuilt. */
describe('alerts to the buyer over HTTP', () => {
  const suite = suiteWithMarketStory('alerts');
  const { dir } = suite;
  const outbox = join(dir.path, 'outbox');
  const { marketId } = story.market;
  const placementId = story.placement.placementId;

  const alerts = async (status?: string) => (await suite.api.get(`/markets/${marketId}/alerts?waitForPosition=${lastPosition()}${status ? `&status=${status}` : ''}`)).body as any[];
  const mails = () => (existsSync(outbox) ? readdirSync(outbox).sort() : []);
  const flushMail = () => suite.api.app.get(AlertNotifier).flush();

  it('a tick raises what lags: behind the pro-rata and the months without a declaration', async () => {
    await ok((await suite.api.as({ role: 'ADMIN' })).post('/clock/ticks', { date: story.TODAY }));
    const open = await alerts('OPEN');
    expect(open.map((a) => [a.alertId, a.severity])).toEqual([
      ['BEHIND_PRO_RATA:lot-1', 'WARNING'],
      ['NO_HOURS_DECLARED:plc-amina-lot1:2026-04', 'WARNING'],
      ['NO_HOURS_DECLARED:plc-amina-lot1:2026-05', 'WARNING'],
    ]);
    expect(open[0].figures).toEqual({ targetHours: 833, hoursDone: 140, proRataExpectedHours: 248.98, percentOfExpected: 56.2, thresholdPercent: 80 });
    expect(open[0].message).toContain('140 h d\'insertion réalisées sur un objectif de 833 h');
  });

  it('mails each raised alert once to the buyer (outbox by default), in French', async () => {
    await flushMail();
    expect(mails()).toHaveLength(3);
    const mail = readFileSync(join(outbox, mails()[0]), 'utf8');
    expect(mail).toMatch(/^To: marches@cotentin-habitat\.example$/m);
    expect(mail).toContain('Subject: =?UTF-8?');
    expect(mail).toContain('Madame, Monsieur');
  });

  it('the same day evaluated again raises nothing twice', async () => {
    await ok((await suite.api.as({ role: 'ADMIN' })).post('/clock/ticks', { date: story.TODAY }));
    expect(await alerts()).toHaveLength(3);
    await flushMail();
    expect(mails()).toHaveLength(3);
  });

  it('the facilitator acknowledges an alert once; an unknown alert is a 404', async () => {
    await ok(suite.api.post(`/markets/${marketId}/alerts/${encodeURIComponent('BEHIND_PRO_RATA:lot-1')}/acknowledgement`, { acknowledgedBy: 'C. Lefèvre', note: 'point fait avec l\'entreprise' }), 201);
    expect((await alerts('OPEN'))[0].acknowledged).toEqual({ by: 'C. Lefèvre', on: story.TODAY, note: 'point fait avec l\'entreprise' });
    const again = await suite.api.post(`/markets/${marketId}/alerts/${encodeURIComponent('BEHIND_PRO_RATA:lot-1')}/acknowledgement`, { acknowledgedBy: 'C. Lefèvre' });
    expect(again.body).toMatchObject({ statusCode: 409, code: 'ALERT_ALREADY_ACKNOWLEDGED' });
    const unknown = await suite.api.post(`/markets/${marketId}/alerts/${encodeURIComponent('NO_PLACEMENT:lot-9')}/acknowledgement`, { acknowledgedBy: 'C. Lefèvre' });
    expect(unknown.body).toMatchObject({ statusCode: 404, code: 'ALERT_NOT_FOUND' });
  });

  it('declaring the missing months resolves their alerts, and catching up on the pro-rata resolves that one', async () => {
    await ok(suite.api.post(`/placements/${placementId}/hours`, story.monthlyHours[1]));
    await ok(suite.api.post(`/placements/${placementId}/hours`, story.monthlyHours[2]));
    const resolved = await alerts('RESOLVED');
    expect(resolved.map((a) => a.alertId)).toEqual(['BEHIND_PRO_RATA:lot-1', 'NO_HOURS_DECLARED:plc-amina-lot1:2026-04', 'NO_HOURS_DECLARED:plc-amina-lot1:2026-05']);
    expect(await alerts('OPEN')).toEqual([]);
    expect(resolved.every((a) => a.resolvedOn === story.TODAY)).toBe(true);
  });

  it('a tick in the future is refused', async () => {
    const r = await (await suite.api.as({ role: 'ADMIN' })).post('/clock/ticks', { date: '2026-06-16' });
    expect(r.body).toMatchObject({ statusCode: 422, code: 'TICK_IN_FUTURE' });
  });

  it('after a restart nothing is mailed again, and a rebuild from zero gives the same alerts', async () => {
    const live = suite.api.app.get(ProjectionsService).readModels.list('alerts');
    await suite.api.close();
    await suite.restart();
    await flushMail();
    expect(mails()).toHaveLength(3);
    await suite.api.close();
    const store = await SqliteEventStore.open(join(dir.path, 'events.db'));
    const rebuilt = ReadModelStore.open(':memory:');
    await new ProjectionRunner(store, rebuilt, alertsProjection()).rebuild();
    expect(rebuilt.list('alerts')).toEqual(live);
    expect(live.filter((d) => (d.doc as { kind?: string }).kind === 'market')).toHaveLength(1);
    rebuilt.close();
    await store.close();
    await suite.restart();
  });
  it('is acknowledged from the streams: an alert the alerts read model has not raised yet is not a 404', async () => {
    const lagging = 'mkt-alerts-lag';
    const runner = suite.api.app.get(ProjectionsService).alerts;
    await runner.stop();
    try {
      await ok(suite.api.post('/markets', { ...story.market, marketId: lagging }));
      await ok(suite.api.put(`/markets/${lagging}/lots/lot-1/clause`, story.clauseLot1));
      await ok(suite.api.post(`/markets/${lagging}/lots/lot-1/acceptance`, { companyId: story.company.siret, committedHours: 850 }));
      await ok((await suite.api.as({ role: 'ADMIN' })).post('/clock/ticks', { date: story.TODAY }));
      expect(suite.api.app.get(ProjectionsService).marketAlerts(lagging)).toBeUndefined();
      await ok(suite.api.post(`/markets/${lagging}/alerts/${encodeURIComponent('BEHIND_PRO_RATA:lot-1')}/acknowledgement`, { acknowledgedBy: 'C. Lefèvre' }));
      const stranger = await suite.api.post(`/markets/${lagging}/alerts/${encodeURIComponent(`NO_HOURS_DECLARED:${placementId}:2026-04`)}/acknowledgement`, { acknowledgedBy: 'C. Lefèvre' });
      expect(stranger.body).toMatchObject({ statusCode: 404, code: 'ALERT_NOT_FOUND' });
    } finally {
      await runner.start();
    }
    const raised = (await suite.api.get(`/markets/${lagging}/alerts?waitForPosition=${lastPosition()}`)).body as any[];
    expect(raised.find((a) => a.alertId === 'BEHIND_PRO_RATA:lot-1')).toMatchObject({ status: 'OPEN', acknowledged: { by: 'C. Lefèvre', on: story.TODAY } });
  });
});
