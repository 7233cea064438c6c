import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@clause-ledger/event-store';
import { ProjectionRunner, ReadModelStore, bilanProjection } from '@clause-ledger/projections';
import { BilanFormat, ReadModelSnapshot } from '../apps/api/src/bilans/bilan-rendering';
import { seedBilanMarket } from './bilan';

/**
 * A profiling aid for the bilan of one big market (not part of `npm run bench`): seeds it, builds
 * the bilans read model alone, then reads and renders each format, timing each step.
 * Usage: node --cpu-prof dist-bench/bench/profile-bilan.js [placements]
 */
async function main(placements: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'clause-ledger-profile-bilan-'));
  try {
    await seedBilanMarket(dir, placements);
    const store = await SqliteEventStore.open(join(dir, 'events.db'));
    const readModels = ReadModelStore.open(join(dir, 'read-models.db'));
    await new ProjectionRunner(store, readModels, bilanProjection).rebuild();
    const snapshot = new ReadModelSnapshot(join(dir, 'read-models.db'));
    for (let i = 0; i < 3; i++) {
      for (const format of ['json', 'csv', 'pdf'] as BilanFormat[]) {
        const t0 = performance.now();
        const rendered = (await snapshot.render({ kind: 'bilan', marketId: 'big', format }))!;
        console.log(`${format}: read, computed and rendered in ${(performance.now() - t0).toFixed(0)} ms, ${(rendered.body.length / 1e6).toFixed(2)} MB`);
      }
    }
    snapshot.close();
    readModels.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main(Number(process.argv[2] ?? 3000)).catch((error) => {
  console.error(error);
  process.exit(1);
});
