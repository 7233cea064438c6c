import { join } from 'node:path';
import { bytesOf } from '../apps/api/src/bilans/bilan-rendering';
import { WorkerPool } from '../apps/api/src/bilans/render-worker-pool';
import { TestApi } from './support/test-api';
import { lastPosition } from './support/ok';
import { suiteWithMarketStory } from './support/seed-story';
import * as story from './support/market-story';

/**
 * The worker path the compiled API takes (under jest the API renders in-process: no compiled worker
 * script): the same bytes as the API sends, from the worker script run in a thread of its own.
 */
describe('the bilan worker pool', () => {
  const suite = suiteWithMarketStory('bilan-workers');
  const { dir } = suite;
  let api: TestApi;
  let pool: WorkerPool;
  const { marketId } = story.market;

  beforeAll(async () => {
    api = suite.api;
    pool = new WorkerPool(join(__dirname, 'support', 'ts-worker.js'), {
      readModelsFile: join(dir.path, 'read-models.db'), tsEntry: join(__dirname, '..', 'apps', 'api', 'src', 'bilans', 'bilan-render.worker.ts'),
    }, 1);
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('renders the JSON and the CSV the API sends, at the position the API names, and nothing for an unknown market', async () => {
    const json = await api.fetch(`/markets/${marketId}/bilan?waitForPosition=${lastPosition()}`);
    const csv = await api.fetch(`/markets/${marketId}/bilan.csv`);
    const [inWorker, csvInWorker, unknown] = await Promise.all([
      pool.run({ kind: 'bilan', marketId, format: 'json' }), pool.run({ kind: 'bilan', marketId, format: 'csv' }), pool.run({ kind: 'bilan', marketId: 'm-unknown', format: 'json' }),
    ]);
    const bytes = async (r: Response) => Buffer.from(await r.arrayBuffer());
    expect(bytesOf(inWorker!).equals(await bytes(json))).toBe(true);
    expect(`W/"json-${inWorker!.position}"`).toBe(json.headers.get('etag'));
    // bytes, not text: the CSV starts with a BOM, which text() drops
    expect(bytesOf(csvInWorker!).equals(await bytes(csv))).toBe(true);
    expect(unknown).toBeUndefined();
  });

  it('renders a PDF and the key figures', async () => {
    const pdf = await pool.run({ kind: 'bilan', marketId, format: 'pdf' });
    expect(bytesOf(pdf!).subarray(0, 5).toString()).toBe('%PDF-');
    const actor = { userId: 'c.lefevre', organisationId: 'mef-cotentin', role: 'FACILITATOR' as const };
    const figures = await pool.run({ kind: 'key-figures', scope: { year: 2026 }, actor, excludedMarketIds: [] });
    const fromApi = await api.fetch('/key-figures?year=2026');
    expect(bytesOf(figures!).toString()).toBe(await fromApi.text());
  });
});
