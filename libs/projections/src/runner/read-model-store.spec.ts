import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Position, RecordedEvent, START } from '@clause-ledger/event-store';
import { ParkedEvent } from './parked-event';
import { ReadModelStore } from './read-model-store';

const at = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });
const parkedAt = (n: number, keys: string[] = ['m-1']): ParkedEvent => {
  const event: RecordedEvent = {
    id: `evt-${n}`, streamId: 'market-m-1', revision: BigInt(n), position: at(n), type: 'MarketRegistered', data: { marketId: 'm-1' },
    metadata: { schemaVersion: 1 }, recordedAt: '2026-01-05T08:00:00.000Z',
  };
  return { projection: 'tracking', position: at(n), eventId: event.id, streamId: event.streamId, type: event.type, error: 'no buyer', keys, event };
};

describe('read-model store', () => {
  let dir: string;
  let store: ReadModelStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-read-models-'));
    store = ReadModelStore.open(join(dir, 'rm.db'), { outboxFor: ['tracking'] });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves the checkpoint with the documents, and neither when one document cannot be written', () => {
    store.commit('tracking', 1, [{ key: 'm-1', doc: { hours: 1 } }], at(3));
    const unwritable = { hours: 1n }; // JSON cannot hold a bigint
    expect(() => store.commit('tracking', 1, [{ key: 'm-2', doc: { hours: 2 } }, { key: 'm-1', doc: unwritable }], at(4))).toThrow();
    expect(store.get('tracking', 'm-2')).toBeUndefined();
    // the failed commit counts for nothing: still the first generation
    expect(store.checkpoint('tracking')).toEqual({ position: at(3), version: 1, generation: 0 });
    store.commit('tracking', 1, [{ key: 'm-1', doc: undefined }], at(5));
    expect(store.list('tracking')).toEqual([]);
  });

  it('keeps parked events with the batch that parked them, and gives them back whole, oldest first', () => {
    store.commit('tracking', 1, [], at(12), { parked: [parkedAt(12)], unparked: [] });
    store.commit('tracking', 1, [], at(9), { parked: [parkedAt(9, [])], unparked: [] });
    const [first, second] = store.parked('tracking');
    expect(first).toEqual(parkedAt(9, []));
    expect(second.event).toEqual(parkedAt(12).event);
    expect(store.parkedCount('tracking')).toBe(2);
    expect(store.parked('tracking', 1)).toHaveLength(1);
    expect(store.parked('alerts')).toEqual([]);
  });

  it('unparks and updates a parked event in the same transaction as the documents it releases', () => {
    store.commit('tracking', 1, [], at(1), { parked: [parkedAt(1), parkedAt(2)], unparked: [] });
    store.commit('tracking', 1, [{ key: 'm-1', doc: { ok: true } }], at(3), { parked: [{ ...parkedAt(2), error: 'still broken' }], unparked: ['evt-1'] });
    expect(store.parked('tracking').map((p) => [p.eventId, p.error])).toEqual([['evt-2', 'still broken']]);
    expect(() => store.commit('tracking', 1, [{ key: 'm-1', doc: 1n }], at(4), { parked: [], unparked: ['evt-2'] })).toThrow();
    expect(store.parkedCount('tracking')).toBe(1);
  });

  it('forgets documents, parked events and checkpoint on reset', () => {
    store.commit('tracking', 1, [{ key: 'm-1', doc: {} }], at(1), { parked: [parkedAt(1)], unparked: [] });
    store.reset('tracking', 2);
    expect(store.list('tracking')).toEqual([]);
    expect(store.parked('tracking')).toEqual([]);
    expect(store.checkpoint('tracking')).toEqual({ position: START, version: 2, generation: 1 });
  });

  it('queues changes in the outbox only for published projections, deletions included', () => {
    store.commit('tracking', 1, [{ key: 'm-1', doc: { a: 1 } }, { key: 'm-2', doc: undefined }], at(1));
    store.commit('bilans', 1, [{ key: 'market:m-1', doc: { a: 1 } }], at(1));
    expect(store.outboxBatch(10).map(({ projection, key, doc, position }) => ({ projection, key, doc, position }))).toEqual([
      { projection: 'tracking', key: 'm-1', doc: { a: 1 }, position: '1/1' },
      { projection: 'tracking', key: 'm-2', doc: undefined, position: '1/1' },
    ]);
  });
});
