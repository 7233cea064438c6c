import { join } from 'node:path';
import { SqliteEventStore } from '@clause-ledger/event-store';
import { ProjectionRunner, ReadModelStore, executionTrackingProjection, isMarketTrackingKey } from '@clause-ledger/projections';
import { seedManyMarkets } from './rebuild-all';

/** The realistic log of bench/rebuild-all.ts (markets with two lots, ten placements each, clock ticks). */
export async function seedEvents(dir: string, targetEvents: number): Promise<{ store: SqliteEventStore; events: number }> {
  const store = await SqliteEventStore.open(join(dir, 'events.db'));
  return { store, events: await seedManyMarkets(store, targetEvents) };
}

export async function measureRebuild(dir: string, targetEvents: number) {
  const seedStart = process.hrtime.bigint();
  const { store, events } = await seedEvents(dir, targetEvents);
  const seedSeconds = Number(process.hrtime.bigint() - seedStart) / 1e9;
  const readModels = ReadModelStore.open(join(dir, 'read-models.db'));
  const runner = new ProjectionRunner(store, readModels, executionTrackingProjection);
  const rssBefore = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  await runner.rebuild();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssAfter = process.memoryUsage().rss;
  const markets = readModels.list(executionTrackingProjection.name).filter(({ key }) => isMarketTrackingKey(key)).length;
  readModels.close();
  await store.close();
  return { events, seedSeconds, seedPerSecond: events / seedSeconds, seconds, perSecond: events / seconds, markets, rssMiB: Math.round(rssAfter / 2 ** 20), rssGrowthMiB: Math.round((rssAfter - rssBefore) / 2 ** 20) };
}
