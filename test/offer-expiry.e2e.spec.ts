import { EventStore, positionToString } from '@clause-ledger/event-store';
import { jobOfferStreamId } from '@clause-ledger/domain';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';
import { TestApi, tempDir } from './support/test-api';
import { ok } from './support/ok';
import { seedMarketStory } from './support/seed-story';
import * as story from './support/market-story';

const offer = (offerId: string, expiresOn: string) => ({
  offerId, marketId: story.market.marketId, lotId: 'lot-1', companyId: story.company.siret, jobTitle: 'Maçon / maçonne', romeCode: 'F1703', contractType: 'FIXED_TERM',
  weeklyHours: 35, positions: 1, startDate: '2026-07-06', place: 'Cherbourg-en-Cotentin',
  requirements: { drivingLicence: false, vehicle: false, qualificationLevel: 'NONE', physicalWork: true }, expiresOn,
});

describe('job offers expire on their own the day after their expiry date', () => {
  const dir = tempDir('offer-expiry');
  let api: TestApi | undefined;

  /** The app as it starts on `today`: its daily run (clock tick, then the expiries) is done before it listens. */
  async function startOn(today: string): Promise<TestApi> {
    await api?.close();
    api = await TestApi.start({ dataDir: dir.path, today });
    return api;
  }
  const storeOf = (a: TestApi) => a.app.get<EventStore>(EVENT_STORE);
  /** The offer as the board shows it once the read model includes everything written so far. */
  const boardOffer = async (a: TestApi, offerId: string) => ok(a.get(`/job-offers/${offerId}?waitForPosition=${positionToString(await storeOf(a).headPosition())}`));
  const eventsOf = async (a: TestApi, offerId: string) => (await storeOf(a).readStream(jobOfferStreamId(offerId))).map((e) => ({ type: e.type, data: e.data, actor: e.metadata.actor }));

  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  it('keeps an offer open through its expiry date, expires it the day after (once), and leaves closed offers alone', async () => {
    const first = await startOn(story.TODAY);
    await seedMarketStory(first);
    await ok(first.post('/job-offers', offer('offre-juin', '2026-06-30')));
    await ok(first.post('/job-offers', offer('offre-juillet', '2026-07-01')));
    await ok(first.post('/job-offers', offer('offre-annulee', '2026-06-20')));
    await ok(first.post('/job-offers/offre-annulee/cancellation', {}));

    const july1 = await startOn('2026-07-01');
    expect(await boardOffer(july1, 'offre-juin')).toMatchObject({ status: 'EXPIRED', closedOn: '2026-07-01' });
    expect(await boardOffer(july1, 'offre-juillet')).toMatchObject({ status: 'OPEN', closedOn: null });
    expect(await boardOffer(july1, 'offre-annulee')).toMatchObject({ status: 'CANCELLED', closedOn: story.TODAY });
    expect((await eventsOf(july1, 'offre-juin')).at(-1)).toEqual({ type: 'JobOfferExpired', data: { offerId: 'offre-juin', expiredOn: '2026-07-01' }, actor: expect.objectContaining({ userId: 'system' }) });

    const july2 = await startOn('2026-07-02');
    expect(await boardOffer(july2, 'offre-juillet')).toMatchObject({ status: 'EXPIRED', closedOn: '2026-07-02' });
    // the run of the next day (and every restart) finds the June offer closed: one expiry, not one a day
    expect((await eventsOf(july2, 'offre-juin')).filter((e) => e.type === 'JobOfferExpired')).toHaveLength(1);
    expect((await eventsOf(july2, 'offre-annulee')).map((e) => e.type)).toEqual(['JobOfferPublished', 'JobOfferCancelled']);
  }, 60_000);
});
