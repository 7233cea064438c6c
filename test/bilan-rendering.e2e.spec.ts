import { ok, lastPosition } from './support/ok';
import { suiteWithMarketStory } from './support/seed-story';
import * as story from './support/market-story';

/**
 * Bilans are rendered once per position of the read model and kept: a client holding the current
 * rendering gets a 304, and the next event gives a new bilan, never the kept one.
 */
describe('a bilan rendering is kept for its read-model position only', () => {
  const suite = suiteWithMarketStory('bilan-rendering');
  const { marketId } = story.market;
  const { placementId } = story.placement;

  const hoursDone = (csv: string) => Number(csv.split(/\r?\n/).find((row) => row.startsWith('totals.hoursDone;'))!.split(';')[1]);

  it('answers 304 to the ETag of the current position, and the new figures once an event changed them', async () => {
    const first = await suite.api.get(`/markets/${marketId}/bilan?waitForPosition=${lastPosition()}`);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"json-\d+\/\d+~\d+"$/);

    const unchanged = await suite.api.fetch(`/markets/${marketId}/bilan`, { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');

    await ok(suite.api.post(`/placements/${placementId}/hours`, story.monthlyHours[1]));
    const changed = await suite.api.fetch(`/markets/${marketId}/bilan?waitForPosition=${lastPosition()}`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const body = (await changed.json()) as { totals: { hoursDone: { value: number } } };
    expect(body.totals.hoursDone.value).toBeCloseTo(first.body.totals.hoursDone.value + story.monthlyHours[1].hours, 2);
  });

  it('gives every format the same figures when asked at once, and the next event in all of them', async () => {
    const [json, csv] = await Promise.all([suite.api.get(`/markets/${marketId}/bilan`), suite.api.fetch(`/markets/${marketId}/bilan.csv`).then((r) => r.text())]);
    expect(hoursDone(csv)).toBe(json.body.totals.hoursDone.value);

    await ok(suite.api.post(`/placements/${placementId}/hours`, story.monthlyHours[2]));
    const after = await suite.api.fetch(`/markets/${marketId}/bilan.csv?waitForPosition=${lastPosition()}`).then((r) => r.text());
    expect(hoursDone(after)).toBeCloseTo(json.body.totals.hoursDone.value + story.monthlyHours[2].hours, 2);
  });
});
