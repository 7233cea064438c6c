import { EventStore, RecordedEvent, positionToString } from '@clause-ledger/event-store';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';
import { TestApi, tempDir } from './support/test-api';
import { ok } from './support/ok';
import { runCli } from './support/api-process';
import { buildWorld, foreign, own, registerOrganisations, signerFor } from './support/two-organisations';
import * as story from './support/market-story';

const marketId = story.market.marketId;
const placementId = story.placement.placementId;

/** What the live API answered right after a command: the figures an as-of must give back for its position. */
interface Recorded { readonly step: string; readonly position: string; readonly tracking: unknown; readonly bilan: unknown }

describe('audit: a market\'s history, its figures as of any instant, a month with later corrections, a diff', () => {
  const dir = tempDir('audit');
  let api: TestApi;
  let auditor: TestApi;
  const recorded: Recorded[] = [];
  const at = (step: string) => recorded.find((r) => r.step === step)!.position;

  const step = async (name: string, reply: Promise<{ status: number; body: any }>) => {
    const { position } = await ok(reply);
    const tracking = await ok(api.get(`/markets/${marketId}/tracking?at=${story.TODAY}&waitForPosition=${position}`));
    const bilan = await ok(api.get(`/markets/${marketId}/bilan?waitForPosition=${position}`));
    recorded.push({ step: name, position, tracking, bilan });
  };
  const history = async (as: TestApi, id: string, query = '') => ok(as.get(`/markets/${id}/history?pageSize=500${query}`));
  const storeEvents = (): Promise<RecordedEvent[]> => api.app.get<EventStore>(EVENT_STORE).readAll();

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    await registerOrganisations(api);
    await buildWorld(api, own, story.company);
    await buildWorld(api, foreign, story.siaeCompany);
    auditor = await api.as(signerFor('AUDITOR', own));
    await step('registered', api.post('/markets', story.market));
    await step('clause', api.put(`/markets/${marketId}/lots/lot-1/clause`, story.clauseLot1));
    await step('accepted', api.post(`/markets/${marketId}/lots/lot-1/acceptance`, { companyId: story.company.siret, committedHours: 850 }));
    await ok(api.post('/beneficiaries', story.beneficiary));
    await ok(api.post(`/beneficiaries/${story.beneficiary.beneficiaryId}/eligibilities`, story.eligibility));
    await step('placed', api.post('/placements', story.placement));
    await step('march', api.request('POST', `/placements/${placementId}/hours`, story.monthlyHours[0], { 'idempotency-key': 'hours-march-1' }));
    await step('april', api.post(`/placements/${placementId}/hours`, story.monthlyHours[1]));
    await step('corrected', api.post(`/placements/${placementId}/hours/2026-03/corrections`, { hours: 120, source: 'PAYSLIP', reason: 'bulletin rectificatif' }));
    await step('may', api.post(`/placements/${placementId}/hours`, story.monthlyHours[2]));
    await step('acknowledged', api.post(`/markets/${marketId}/alerts/${encodeURIComponent('BEHIND_PRO_RATA:lot-1')}/acknowledgement`, { acknowledgedBy: 'C. Lefèvre' }));
    await step('ended', api.post(`/placements/${placementId}/end`, { endDate: '2026-06-12', reason: 'CONTRACT_COMPLETED' }));
    await step('closed', api.post(`/markets/${marketId}/closure`, { earlyClosureReason: 'fin anticipée', qualitative: { summary: 'Clause partiellement réalisée.', writtenBy: 'mef-cotentin' } }));
    await ok(api.as(signerFor('FACILITATOR', own)).then((f) => f.post(`/badges/${own.badgeId}/revocation`, { reason: 'bilan rectifié' })));
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  describe('history', () => {
    it('lists every event of the market, its placement and alerts, in log order, and none of another market', async () => {
      const concerns = (e: RecordedEvent) => [`market-${marketId}`, `market-alerts-${marketId}`, `placement-${placementId}`].includes(e.streamId);
      const expected = (await storeEvents()).filter(concerns).map((e) => positionToString(e.position));
      const { entries, total } = await history(auditor, marketId);
      expect(entries.map((e: { position: string }) => e.position)).toEqual(expected);
      expect(total).toBe(expected.length);
      expect(entries.map((e: { type: string }) => e.type)).toEqual([
        'MarketRegistered', 'ClauseDefined', 'ClauseAccepted', 'BeneficiaryPlaced', 'HoursDeclared', 'HoursDeclared', 'HoursCorrected', 'HoursDeclared',
        'AlertAcknowledged', 'PlacementEnded', 'MarketClosed',
      ]);
    });

    it('includes the badges awarded for the market and their revocation, found in the shared badges stream', async () => {
      const badgeIds = new Set([own.badgeId]);
      const expected = (await storeEvents())
        .filter((e) => e.streamId.endsWith('mkt-own') || (e.data as { marketId?: string }).marketId === own.marketId || badgeIds.has((e.data as { badgeId?: string }).badgeId ?? ''))
        .map((e) => positionToString(e.position));
      const { entries } = await history(auditor, own.marketId);
      expect(entries.map((e: { position: string }) => e.position)).toEqual(expected);
      expect(entries.slice(-2).map((e: { type: string }) => e.type)).toEqual(['BadgeAwarded', 'BadgeRevoked']);
    });

    it('says who did it, by which command and correlation, and for a correction the figure it replaced and why', async () => {
      const { entries } = await history(auditor, marketId);
      const march = entries.find((e: { type: string }) => e.type === 'HoursDeclared');
      expect(march).toMatchObject({ actor: { userId: 'c.lefevre', organisationId: 'mef-cotentin', role: 'FACILITATOR' }, idempotencyKey: 'hours-march-1', commandId: 'hours-march-1' });
      const correction = entries.find((e: { type: string }) => e.type === 'HoursCorrected');
      expect(correction).toMatchObject({
        actor: { userId: 'c.lefevre', organisationId: 'mef-cotentin', role: 'FACILITATOR' }, commandType: expect.any(String), commandId: expect.any(String),
        correction: { month: '2026-03', previousHours: 140, hours: 120, reason: 'bulletin rectificatif' },
      });
      expect(correction.position).toBe(at('corrected'));
    });

    it('filters by kind and period and pages', async () => {
      const all = (await history(auditor, marketId)).entries;
      expect((await history(auditor, marketId, '&kind=HoursCorrected')).entries.map((e: { type: string }) => e.type)).toEqual(['HoursCorrected']);
      expect((await history(auditor, marketId, '&kind=HoursDeclared,HoursCorrected')).total).toBe(4);
      expect((await ok(auditor.get(`/markets/${marketId}/history?page=2&pageSize=3`))).entries).toEqual(all.slice(3, 6));
      const since = all.find((e: { type: string }) => e.type === 'MarketClosed').recordedAt;
      const late = await history(auditor, marketId, `&from=${encodeURIComponent(since)}`);
      expect(late.entries.every((e: { recordedAt: string }) => e.recordedAt >= since)).toBe(true);
      expect(late.entries.map((e: { type: string }) => e.type)).toContain('MarketClosed');
      expect((await history(auditor, marketId, '&to=2000-01-01')).total).toBe(0);
    });

    it('refuses a bad filter, naming the field', async () => {
      expect((await auditor.get(`/markets/${marketId}/history?pageSize=0`)).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('pageSize') });
      expect((await auditor.get(`/markets/${marketId}/history?from=yesterday`)).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('from') });
    });
  });

  describe('as of', () => {
    it('gives, for each recorded position, the figures the live API answered then', async () => {
      for (const r of recorded) {
        const asOf = await ok(auditor.get(`/markets/${marketId}/as-of?at=${r.position}&date=${story.TODAY}`));
        expect({ step: r.step, position: asOf.position, tracking: asOf.tracking, bilan: asOf.bilan }).toEqual({ step: r.step, position: r.position, tracking: r.tracking, bilan: r.bilan });
      }
    });

    it('takes an instant too: before the market existed it is not found, today it is the last figures', async () => {
      expect((await auditor.get(`/markets/${marketId}/as-of?at=2000-01-01T00:00:00Z`)).status).toBe(404);
      const now = await ok(auditor.get(`/markets/${marketId}/as-of?at=2999-01-01T00:00:00Z&date=${story.TODAY}`));
      expect(now.tracking).toEqual(recorded.at(-1)!.tracking);
    });

    it('gives an effective month with the corrections made later', async () => {
      const { entries } = await history(auditor, marketId, '&kind=HoursDeclared,HoursCorrected');
      const march = await ok(auditor.get(`/markets/${marketId}/as-of?month=2026-03`));
      expect(march).toMatchObject({ month: '2026-03', hours: 120, cumulativeHours: 120, lots: [{ lotId: 'lot-1', hours: 120 }], companies: [{ companyId: story.company.siret, hours: 120 }] });
      expect([...march.eventIds].sort()).toEqual([entries[0].eventId, entries[2].eventId].sort());
      expect(await ok(auditor.get(`/markets/${marketId}/as-of?month=2026-04`))).toMatchObject({ hours: 151.67, cumulativeHours: 271.67 });
      // what was known right after April's declaration still had March's first figure
      expect((await ok(auditor.get(`/markets/${marketId}/as-of?at=${at('april')}`))).tracking.hoursDone).toBe(291.67);
    });

    it('refuses at and month together, or neither, naming the field', async () => {
      expect((await auditor.get(`/markets/${marketId}/as-of`)).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('either at') });
      expect((await auditor.get(`/markets/${marketId}/as-of?month=2026-13`)).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('month') });
    });
  });

  describe('diff', () => {
    it('names, per figure, the value at each end and the events that changed it', async () => {
      const { figures } = await ok(auditor.get(`/markets/${marketId}/diff?from=${at('april')}&to=${at('may')}`));
      const byName = Object.fromEntries(figures.map((f: { figure: string }) => [f.figure, f]));
      const { entries } = await history(auditor, marketId);
      const eventAt = (position: string) => entries.find((e: { position: string }) => e.position === position);
      expect(byName['market.hoursDone']).toEqual({
        figure: 'market.hoursDone', from: 291.67, to: 392.17,
        events: [at('corrected'), at('may')].map((p) => ({ eventId: eventAt(p).eventId, type: eventAt(p).type, position: p, recordedAt: eventAt(p).recordedAt })),
      });
      expect(byName['market.targetHours']).toMatchObject({ from: 833, to: 833, events: [] });
      expect(byName[`company:${story.company.siret}.hoursDone`].events.map((e: { type: string }) => e.type)).toEqual(['HoursCorrected', 'HoursDeclared']);
    });
  });

  it('hides the market from an auditor of another organisation (404) and shows it to its own', async () => {
    const stranger = await api.as(signerFor('AUDITOR', foreign));
    for (const path of ['history', `as-of?at=${at('may')}`, `diff?from=${at('april')}&to=${at('may')}`]) {
      expect((await stranger.get(`/markets/${marketId}/${path}`)).status).toBe(404);
      expect((await auditor.get(`/markets/${marketId}/${path}`)).status).toBe(200);
    }
  });

  describe('the command line, on the same data dir once the API has stopped', () => {
    let answers: { history: unknown; asOf: unknown; month: unknown };
    const env = () => ({ DATA_DIR: dir.path });
    const json = async (args: string[]) => {
      const run = await runCli(args, env());
      if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
      return JSON.parse(run.stdout);
    };

    beforeAll(async () => {
      answers = {
        history: await ok(auditor.get(`/markets/${marketId}/history?pageSize=500`)),
        asOf: await ok(auditor.get(`/markets/${marketId}/as-of?at=${at('corrected')}&date=${story.TODAY}`)),
        month: await ok(auditor.get(`/markets/${marketId}/as-of?month=2026-03`)),
      };
      await api.close();
    }, 30_000);

    it('prints what the API answers', async () => {
      expect((await json(['history', '--market', marketId, '--json'])).entries).toEqual((answers.history as { entries: unknown }).entries);
      expect(await json(['as-of', '--market', marketId, '--at', at('corrected'), '--date', story.TODAY, '--json'])).toEqual(answers.asOf);
      expect(await json(['as-of', '--market', marketId, '--month', '2026-03', '--json'])).toEqual(answers.month);
    }, 120_000);

    it('exits non-zero with the reason on a bad or unknown market', async () => {
      const neither = await runCli(['as-of', '--market', marketId], env());
      expect(neither.code).not.toBe(0);
      expect(neither.stderr).toContain('either --at');
      const unknown = await runCli(['history', '--market', 'no-such-market'], env());
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toContain('market no-such-market does not exist');
    }, 60_000);

    it('rebuilds every read model from position 0, to the figures the API served', async () => {
      const report = await json(['rebuild', '--json']);
      expect(report.map((r: { projection: string }) => r.projection)).toEqual(['execution-tracking', 'alerts', 'bilans', 'last-contact', 'support-cases', 'job-offers', 'market-streams']);
      expect(report.every((r: { events: number }) => r.events > 0)).toBe(true);
      api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
      expect(await ok(api.get(`/markets/${marketId}/tracking?at=${story.TODAY}`))).toEqual(recorded.at(-1)!.tracking);
      expect(await ok(api.get(`/markets/${marketId}/bilan`))).toEqual(recorded.at(-1)!.bilan);
    }, 120_000);
  });
});
