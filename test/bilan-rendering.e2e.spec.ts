import { TestApi, tempDir } from './support/test-api';
import { ok, lastPosition } from './support/ok';
import { seedMarketStory } from './support/seed-story';
import * as story from './support/market-story';

/**
 * Bilans are rendered once per position of the read model and kept: a client holding the current
 * rendering gets a 304, and the next event gives a new bilan, never the kept one.
 */
describe('a bilan rendering is kept for its read-model position only', () => {
  const dir = tempDir('bilan-rendering');
  let api: TestApi;
  const { marketId } = story.market;
  const { placementId } = story.placement;

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    await seedMarketStory(api);
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  const hoursDone = (csv: string) => Number(csv.split(/\r?\n/).find((row) => row.startsWith('totals.hoursDone;'))!.split(';')[1]);

  it('answers 304 to the ETag of the current position, and the new figures once an event changed them', async () => {
    const first = await api.get(`/markets/${marketId}/bilan?waitForPosition=${lastPosition()}`);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"json-\d+\/\d+~\d+"$/);

    const unchanged = await api.fetch(`/markets/${marketId}/bilan`, { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');

    await ok(api.post(`/placements/${placementId}/hours`, story.monthlyHours[1]));
    const changed = await api.fetch(`/markets/${marketId}/bilan?waitForPosition=${lastPosition()}`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const body = (await changed.json()) as { totals: { hoursDone: { value: number } } };
    expect(body.totals.hoursDone.value).toBeCloseTo(first.body.totals.hoursDone.value + story.monthlyHours[1].hours, 2);
  });

  it('gives every format the same figures when asked at once, and the next event in all of them', async () => {
    const [json, csv] = await Promise.all([api.get(`/markets/${marketId}/bilan`), api.fetch(`/markets/${marketId}/bilan.csv`).then((r) => r.text())]);
    expect(hoursDone(csv)).toBe(json.body.totals.hoursDone.value);

    await ok(api.post(`/placements/${placementId}/hours`, story.monthlyHours[2]));
    const after = await api.fetch(`/markets/${marketId}/bilan.csv?waitForPosition=${lastPosition()}`).then((r) => r.text());
    expect(hoursDone(after)).toBeCloseTo(json.body.totals.hoursDone.value + story.monthlyHours[2].hours, 2);
  });
});
