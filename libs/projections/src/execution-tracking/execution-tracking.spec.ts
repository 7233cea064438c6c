import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DomainEvent } from '@clause-ledger/domain';
import {
  aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketRegistered, anHoursDeclared,
} from '@clause-ledger/domain/testing/fixtures';
import { SqliteEventStore } from '@clause-ledger/event-store';
import { ProjectionRunner } from '../runner/projection-runner';
import { ReadModelStore } from '../runner/read-model-store';
import { ProjectionOutcome, projectionSpec } from '../testing/fold';
import { MarketTrackingDoc, executionTrackingProjection } from './execution-tracking.projection';
import { trackingAt } from './tracking-view';

const correction = (month: string, previousHours: number, hours: number): DomainEvent => ({
  type: 'HoursCorrected', version: 1,
  data: { ...anHoursDeclared().data, month, previousHours, hours, reason: 'bulletin rectificatif', correctedOn: '2026-05-02' },
});
const declared: DomainEvent[] = [
  aMarketRegistered(), aClauseDefined(), aClauseAccepted(), aBeneficiaryPlaced(),
  anHoursDeclared({ month: '2026-03', hours: 140 }), anHoursDeclared({ month: '2026-04', hours: 151.67 }),
];
const corrected = correction('2026-03', 140, 100.1);
const secondPlacementWithNoHours = [aBeneficiaryPlaced({ placementId: 'p-2', beneficiaryId: 'b-2' }), anHoursDeclared({ placementId: 'p-2', beneficiaryId: 'b-2', month: '2026-04', hours: 0 })];
const history = [...declared, corrected, ...secondPlacementWithNoHours];

const spec = projectionSpec(executionTrackingProjection);
const trackingOf = (outcome: ProjectionOutcome<MarketTrackingDoc>) => outcome.documents.get('m-1')!;

describe('execution tracking', () => {
  const doc = trackingOf(spec.given(...declared).when(corrected, ...secondPlacementWithNoHours));

  it('sums the current hours after corrections, in exact hundredths', () => {
    expect(trackingAt(doc, '2026-06-15')).toMatchObject({ targetHours: 833, hoursDone: 251.77, remainingHours: 581.23, percentDone: 30.2, lastDeclaredMonth: '2026-04' });
  });
  it('counts a beneficiary only once hours are declared above zero', () => {
    expect(trackingAt(doc, '2026-06-15').beneficiariesCounted).toBe(1);
  });
  it('counts a beneficiary working on two lots once for the market, once on each lot, and no more once its hours are corrected to zero', () => {
    const twoLots = [aClauseDefined({ lotId: 'lot-2' }), aClauseAccepted({ lotId: 'lot-2', companyId: '44306184100047' }), aBeneficiaryPlaced({ placementId: 'p-3', lotId: 'lot-2' })];
    const onLot2 = anHoursDeclared({ placementId: 'p-3', lotId: 'lot-2', month: '2026-04', hours: 35 });
    const outcome = spec.given(...declared, ...twoLots).when(onLot2);
    const view = trackingAt(trackingOf(outcome), '2026-06-15');
    expect([view.beneficiariesCounted, ...view.lots.map((l) => l.beneficiariesCounted), ...view.companies.map((c) => c.beneficiariesCounted)]).toEqual([1, 1, 1, 1, 1]);
    // the beneficiary's hours per lot are a document of their own, not a list in the market's
    expect(outcome.documents.get('m-1/beneficiary:b-1')).toEqual({ kind: 'beneficiary-hours', centiByLot: { 'lot-1': 29167, 'lot-2': 3500 } });
    const undone = { ...onLot2, type: 'HoursCorrected', data: { ...onLot2.data, previousHours: 35, hours: 0, reason: 'erreur', correctedOn: '2026-05-02' } } as DomainEvent;
    const after = trackingAt(trackingOf(spec.given(...declared, ...twoLots, onLot2).when(undone)), '2026-06-15');
    expect([after.beneficiariesCounted, ...after.lots.map((l) => l.beneficiariesCounted)]).toEqual([1, 1, 0]);
  });
  it('expects the pro-rata of the elapsed execution period, nothing before it starts, the whole target after it ends', () => {
    expect(trackingAt(doc, '2025-12-01').proRataExpectedHours).toBe(0);
    expect(trackingAt(doc, '2026-01-05').proRataExpectedHours).toBe(1.54); // 1 day of 542
    expect(trackingAt(doc, '2027-09-01').proRataExpectedHours).toBe(833);
  });
  it('reports per lot and per company', () => {
    const view = trackingAt(doc, '2026-06-15');
    expect(view.lots.map((l) => [l.lotId, l.hoursDone, l.companyId])).toEqual([['lot-1', 251.77, '73282932000074'], ['lot-2', 0, null]]);
    expect(view.companies).toEqual([expect.objectContaining({ companyId: '73282932000074', lotIds: ['lot-1'], targetHours: 833, hoursDone: 251.77 })]);
  });
  it('ignores events of markets it never saw registered', () => {
    spec.given().when(aClauseDefined()).then({ 'm-1': undefined });
  });
});

describe('the projection runner', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'clause-ledger-runner-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const append = async (store: SqliteEventStore, events: DomainEvent[]) => {
    for (const e of events) {
      const streamId = `s-${(e.data as { placementId?: string; marketId: string }).placementId ?? (e.data as { marketId: string }).marketId}`;
      await store.appendToStream(streamId, [{ id: randomUUID(), type: e.type, data: e.data, metadata: { schemaVersion: e.version } }], { expectedRevision: 'any' });
    }
  };

  it('live processing and a rebuild from zero give deep-equal read models', async () => {
    const store = await SqliteEventStore.open(join(dir, 'events.db'));
    const live = ReadModelStore.open(join(dir, 'live.db'));
    const runner = new ProjectionRunner(store, live, executionTrackingProjection);
    await append(store, history.slice(0, 4));
    await runner.start();
    await append(store, history.slice(4));
    expect(await runner.waitFor(await store.headPosition(), 5000)).toBe(true);
    await runner.stop();
    const rebuilt = ReadModelStore.open(':memory:');
    await new ProjectionRunner(store, rebuilt, executionTrackingProjection, { batchSize: 3 }).rebuild();
    expect(rebuilt.list(executionTrackingProjection.name)).toEqual(live.list(executionTrackingProjection.name));
    // same position and version (the generations count each store's own commits)
    const { position, version } = live.checkpoint(executionTrackingProjection.name)!;
    expect(rebuilt.checkpoint(executionTrackingProjection.name)).toMatchObject({ position, version });
    live.close(); rebuilt.close(); await store.close();
  });

  it('resumes from its checkpoint after a restart without folding an event twice', async () => {
    const store = await SqliteEventStore.open(join(dir, 'events.db'));
    const readModels = ReadModelStore.open(join(dir, 'rm.db'));
    await append(store, history.slice(0, 5));
    const first = new ProjectionRunner(store, readModels, executionTrackingProjection);
    await first.start();
    await first.stop();
    await append(store, history.slice(5));
    const folded: string[] = [];
    const second = new ProjectionRunner(store, readModels, executionTrackingProjection, { onCommitted: (b) => folded.push(...b.eventIds) });
    await second.start();
    await second.stop();
    expect(folded).toHaveLength(history.length - 5);
    const doc = readModels.get<MarketTrackingDoc>(executionTrackingProjection.name, 'm-1')!;
    expect(trackingAt(doc, '2026-06-15').hoursDone).toBe(251.77);
    readModels.close(); await store.close();
  });

  it('rebuilds from zero when the projection\'s version changed', async () => {
    const store = await SqliteEventStore.open(join(dir, 'events.db'));
    const readModels = ReadModelStore.open(join(dir, 'rm.db'));
    await append(store, history);
    readModels.commit(executionTrackingProjection.name, 0, [{ key: 'm-1', doc: { stale: true } }], await store.headPosition());
    const runner = new ProjectionRunner(store, readModels, executionTrackingProjection);
    await runner.start();
    await runner.stop();
    expect(readModels.get<MarketTrackingDoc>(executionTrackingProjection.name, 'm-1')).toMatchObject({ marketId: 'm-1' });
    readModels.close(); await store.close();
  });
});
