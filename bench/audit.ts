import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EventData, SqliteEventStore, positionFromString } from '@clause-ledger/event-store';
import { MarketAudit, ProjectionRunner, ReadModelStore, marketStreamsProjection } from '@clause-ledger/projections';
import {
  aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketRegistered, anHoursDeclared,
} from '@clause-ledger/domain/testing/fixtures';
import { DomainEvent, addMonths } from '@clause-ledger/domain';
import { seedEvents } from './rebuild';

const MARKET = 'audited';
const asData = (e: DomainEvent): EventData => ({
  id: randomUUID(), type: e.type, data: e.data, metadata: { schemaVersion: e.version, commandType: 'Bench', commandId: randomUUID(), actor: { userId: 'bench', organisationId: 'mef-cotentin', role: 'FACILITATOR' } },
});

/** One market of `events` events (100 placements, hours every month) among `noise` events of other markets. */
async function seedAuditedMarket(dir: string, events: number, noise: number): Promise<SqliteEventStore> {
  const { store } = await seedEvents(dir, noise);
  const market = [aMarketRegistered({ marketId: MARKET }), aClauseDefined({ marketId: MARKET }), aClauseAccepted({ marketId: MARKET })];
  await store.appendToStream(`market-${MARKET}`, market.map(asData), { expectedRevision: 'no_stream' });
  const placements = 100;
  const months = Math.ceil((events - market.length) / placements) - 1;
  for (let p = 0; p < placements; p++) {
    const ref = { placementId: `${MARKET}-p${p}`, marketId: MARKET, beneficiaryId: `b-${MARKET}-${p}` };
    const story: DomainEvent[] = [aBeneficiaryPlaced({ ...ref, startDate: '2026-01-05' })];
    for (let m = 0; m < months; m++) story.push(anHoursDeclared({ ...ref, month: addMonths('2026-01-01', m).slice(0, 7), hours: 100 + ((p + m) % 50) }));
    await store.appendToStream(`placement-${ref.placementId}`, story.map(asData), { expectedRevision: 'no_stream' });
  }
  return store;
}

const median = async (runs: number, work: () => Promise<unknown>): Promise<number> => {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
};

/** History and as-of of one market of `events` events in a log of `noise` more: milliseconds, median of 5. */
export async function measureAudit(dir: string, events: number, noise: number) {
  const store = await seedAuditedMarket(dir, events, noise);
  const readModels = ReadModelStore.open(join(dir, 'read-models.db'));
  await new ProjectionRunner(store, readModels, marketStreamsProjection).rebuild();
  const audit = new MarketAudit(store, readModels);
  const all = await audit.history(MARKET, { page: 1, pageSize: Number.MAX_SAFE_INTEGER });
  if (!all || all.total < events * 0.99) throw new Error(`the audited market has ${all?.total} events, not ${events}: the benchmark is not measuring what it says`);
  const middle = positionFromString(all.entries[Math.floor(all.total / 2)].position);
  const result = {
    marketEvents: all.total,
    logEvents: all.total + noise,
    historyFirstPageMs: await median(5, () => audit.history(MARKET, { page: 1, pageSize: 100 })),
    historyWholeMs: await median(5, () => audit.history(MARKET, { page: 1, pageSize: Number.MAX_SAFE_INTEGER })),
    asOfMiddleMs: await median(5, () => audit.asOf(MARKET, { position: middle })),
    asOfHeadMs: await median(5, () => audit.asOf(MARKET, { instant: '2999-01-01T00:00:00.000Z' })),
    monthMs: await median(5, () => audit.month(MARKET, '2026-06')),
  };
  readModels.close();
  await store.close();
  return result;
}
