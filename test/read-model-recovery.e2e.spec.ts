import Database from 'libsql';
import { join } from 'node:path';
import { ProjectionsService } from '../apps/api/src/tracking/projections.service';
import { ok } from './support/ok';
import { TestApi, tempDir } from './support/test-api';
import { until } from './support/until';
import * as story from './support/market-story';

/**
 * The read models' file refuses a write for a while (a full disk, a lock held too long by another
 * process): every live read model fails with it. Once the file takes writes again they start again
 * on their own, from their checkpoints, and fold what was decided meanwhile; no operator, no restart.
 */
describe('read models failed by a refused write start again on their own', () => {
  const dir = tempDir('read-model-recovery');
  let api: TestApi;
  const states = async () => ((await api.get('/health')).body.projections as { projection: string; state: string; error?: string }[]);

  beforeAll(async () => {
    api = await TestApi.start({ dataDir: dir.path, today: story.TODAY });
    await ok(api.post('/markets', story.market));
  });
  afterAll(async () => {
    await api?.close();
    dir.remove();
  });

  it('fail together when the file refuses their transaction, then come back live with what was decided meanwhile', async () => {
    const during = { ...story.market, marketId: 'mkt-pendant-la-panne', reference: '2026-TRX-099' };
    const file = new Database(join(dir.path, 'read-models.db'));
    file.exec(`CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.key LIKE '%${during.marketId}%' BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END`);
    try {
      // the command is answered: the log has it, whatever the read models do
      await ok(api.post('/markets', during));
      await until(async () => (await states()).every((p) => p.state === 'failed'), 30_000, 'every live read model failed');
      expect((await states()).find((p) => p.projection === 'execution-tracking')?.error).toMatch(/disk full \(test\)/);
    } finally {
      file.exec('DROP TRIGGER refuse');
      file.close();
    }
    await until(async () => (await states()).every((p) => p.state === 'live'), 60_000, 'every read model live again');
    expect((await states()).filter((p) => p.error !== undefined)).toEqual([]);
    // what was decided while they were down is folded in, and the live writes go through the writer thread again
    const tracking = await api.get(`/markets/${during.marketId}/tracking`);
    expect(tracking.status).toBe(200);
    expect(tracking.body.marketId).toBe(during.marketId);
    expect(api.app.get(ProjectionsService).readModels.writingBehind).toBe(true);
    const after = { ...story.market, marketId: 'mkt-apres-la-panne', reference: '2026-TRX-100' };
    await ok(api.post('/markets', after));
    await until(async () => (await api.get(`/markets/${after.marketId}/tracking`)).status === 200, 30_000, 'a market registered after the recovery is tracked');
  }, 150_000);
});
