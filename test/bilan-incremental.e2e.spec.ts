import { join } from 'node:path';
import { ReadModelSnapshot, RenderRequest, bytesOf } from '../apps/api/src/bilans/bilan-rendering';
import { FACILITATOR } from './support/test-api';
import { lastPosition, ok } from './support/ok';
import { suiteWithMarketStory } from './support/seed-story';
import * as story from './support/market-story';

/**
 * The API computes a bilan after a change from what it kept of the previous one (documents, memo,
 * written lists): after declarations, corrections and a placement's end, one after the other, it
 * sends the bytes a rendering from scratch gives, at the position its ETag names.
 */
describe('a bilan computed after a change is the bilan computed from scratch', () => {
  const suite = suiteWithMarketStory('bilan-incremental');
  const { dir } = suite;
  const { marketId } = story.market;
  const { placementId } = story.placement;
  const actor = { userId: FACILITATOR.user, organisationId: FACILITATOR.organisation, role: FACILITATOR.role };
  const routes: [string, RenderRequest][] = [
    [`/markets/${marketId}/bilan`, { kind: 'bilan', marketId, format: 'json' }],
    [`/markets/${marketId}/bilan.csv`, { kind: 'bilan', marketId, format: 'csv' }],
    ['/key-figures?year=2026', { kind: 'key-figures', scope: { year: 2026 }, actor, excludedMarketIds: [] }],
  ];

  const changes: [string, () => Promise<unknown>][] = [
    ['nothing yet', async () => undefined],
    ['a declaration', () => ok(suite.api.post(`/placements/${placementId}/hours`, story.monthlyHours[1]))],
    ['a correction', () => ok(suite.api.post(`/placements/${placementId}/hours/2026-03/corrections`, { hours: 120, source: 'PAYSLIP', reason: 'bulletin rectificatif' }))],
    ['another declaration', () => ok(suite.api.post(`/placements/${placementId}/hours`, story.monthlyHours[2]))],
    ['a second correction of the month', () => ok(suite.api.post(`/placements/${placementId}/hours/2026-03/corrections`, { hours: 131.25, source: 'PAYSLIP', reason: 'second rectificatif' }))],
    ['the placement ended', () => ok(suite.api.post(`/placements/${placementId}/end`, { endDate: '2026-06-12', reason: 'CONTRACT_COMPLETED' }))],
  ];

  it.each(changes)('after %s', async (_, change) => {
    await change();
    const sent = await Promise.all(routes.map(async ([path]) => {
      const reply = await suite.api.fetch(`${path}${path.includes('?') ? '&' : '?'}waitForPosition=${lastPosition()}`);
      return { body: Buffer.from(await reply.arrayBuffer()), etag: reply.headers.get('etag') };
    }));
    const fromScratch = new ReadModelSnapshot(join(dir.path, 'read-models.db'));
    try {
      for (const [i, [, request]] of routes.entries()) {
        const rendered = (await fromScratch.render(request))!;
        expect(sent[i].body.toString()).toBe(bytesOf(rendered).toString());
        expect(sent[i].body.equals(bytesOf(rendered))).toBe(true);
        if (request.kind === 'bilan') expect(sent[i].etag).toBe(`W/"${request.format}-${rendered.position}"`);
      }
    } finally {
      fromScratch.close();
    }
  });
});
