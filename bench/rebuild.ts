import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EventData, SqliteEventStore } from '@clause-ledger/event-store';
import { ProjectionRunner, ReadModelStore, executionTrackingProjection } from '@clause-ledger/projections';
import {
  aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketRegistered, anHoursDeclared,
} from '@clause-ledger/domain/testing/fixtures';
import { DomainEvent, addMonths } from '@clause-ledger/domain';

const asData = (e: DomainEvent): EventData => ({ id: randomUUID(), type: e.type, data: e.data, metadata: { schemaVersion: e.version } });

/** A realistic log: markets with two lots, ten placements each, 19 months of hours per placement. */
export async function seedEvents(dir: string, targetEvents: number): Promise<{ store: SqliteEventStore; events: number }> {
  const store = await SqliteEventStore.open(join(dir, 'events.db'));
  let events = 0;
  for (let m = 0; events < targetEvents; m++) {
    const marketId = `m-${m}`;
    const market = [
      aMarketRegistered({ marketId, lots: [{ lotId: 'lot-1', title: 'Gros œuvre', estimatedAmountCents: 100_000_000 }, { lotId: 'lot-2', title: 'Peinture', estimatedAmountCents: 30_000_000 }] }),
      aClauseDefined({ marketId }), aClauseDefined({ marketId, lotId: 'lot-2', targetHours: 350 }),
      aClauseAccepted({ marketId }), aClauseAccepted({ marketId, lotId: 'lot-2', companyId: '44306184100047', targetHours: 350, committedHours: 350 }),
    ];
    await store.appendToStream(`market-${marketId}`, market.map(asData), { expectedRevision: 'no_stream' });
    events += market.length;
    for (let p = 0; p < 10; p++) {
      const lotId = p < 6 ? 'lot-1' : 'lot-2';
      const ref = { placementId: `${marketId}-p${p}`, marketId, lotId, beneficiaryId: `b-${m}-${p}`, companyId: lotId === 'lot-1' ? '73282932000074' : '44306184100047' };
      const placement: DomainEvent[] = [aBeneficiaryPlaced({ ...ref, startDate: '2026-01-05' })];
      for (let month = 0; month < 19; month++) {
        placement.push(anHoursDeclared({ ...ref, month: addMonths('2026-01-01', month).slice(0, 7), hours: 100 + ((m + p + month) % 50) + 0.25 }));
      }
      await store.appendToStream(`placement-${ref.placementId}`, placement.map(asData), { expectedRevision: 'no_stream' });
      events += placement.length;
    }
  }
  return { store, events };
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
  const markets = readModels.list(executionTrackingProjection.name).length;
  readModels.close();
  await store.close();
  return { events, seedSeconds, seedPerSecond: events / seedSeconds, seconds, perSecond: events / seconds, markets, rssMiB: Math.round(rssAfter / 2 ** 20), rssGrowthMiB: Math.round((rssAfter - rssBefore) / 2 ** 20) };
}
