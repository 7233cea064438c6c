import { SqliteEventStore } from '@clause-ledger/event-store';
import { join } from 'node:path';
import { allProjections } from '@clause-ledger/projections';
import { loadConfig } from '../apps/api/src/config/app-config';
import { ProjectionsService } from '../apps/api/src/tracking/projections.service';
import { tempDir } from './support/test-api';

/** The CLI's `rebuild` and the bench rebuild allProjections: it must be every read model the API runs, none forgotten when one is added. */
it('the CLI and the bench rebuild exactly the read models the API runs', async () => {
  const dir = tempDir('read-models-list');
  const config = loadConfig({ DATA_DIR: dir.path });
  const store = await SqliteEventStore.open(join(dir.path, 'events.db'));
  const service = new ProjectionsService(store, config);
  try {
    expect(allProjections(config.alertRules).map((p) => p.name).sort()).toEqual(service.runners.map((r) => r.projection.name).sort());
  } finally {
    service.readModels.close();
    await store.close();
    dir.remove();
  }
});
