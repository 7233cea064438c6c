import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Alert, MarketAlertsDoc, MarketHeaderDoc, PlacementAlertsDoc, ReadModelStore, marketAlerts, marketAlertsKey, placementAlertsKey,
} from '@clause-ledger/projections';
import { MarketAlertsMemo } from './market-alerts-memo';

/** An alert of the market, raised at `rank` (its text changes with `version`, so a rewrite shows). */
const alert = (marketId: string, id: string, rank: number, version: number): [Alert, string] => [{
  alertId: id, marketId, rule: 'NO_HOURS_DECLARED', severity: 'WARNING', status: 'OPEN', subject: { placementId: id }, figures: { version },
  message: `alerte ${id} v${version}`, raisedOn: '2026-03-01', raisedByEventId: `e-${id}`,
}, String(rank).padStart(6, '0')];

const header = (marketId: string, version: number): MarketHeaderDoc => {
  const [a, rank] = alert(marketId, `${marketId}-lot`, version, version);
  return {
    kind: 'market', marketId, title: `Marché ${marketId} v${version}`, buyer: { name: 'Ville', kind: 'COMMUNE' }, executionStart: '2026-01-01', executionEnd: '2027-12-31',
    lots: {}, alerts: { [a.alertId]: a }, raisedRank: { [a.alertId]: rank }, occurrences: { [a.alertId]: 1 },
  };
};

const placementDoc = (marketId: string, placementId: string, placedRank: number, version: number): PlacementAlertsDoc => {
  const [a, rank] = alert(marketId, `${placementId}-a`, placedRank * 10 + version, version);
  return {
    kind: 'placement', marketId, placedRank: String(placedRank).padStart(6, '0'),
    placement: {
      placementId, lotId: 'lot-1', companyId: 'c', beneficiaryId: `b-${placementId}`, startDate: '2026-01-01', plannedEndDate: '2026-12-31', eligibleUntil: '2026-12-31',
      declaredMonths: Array.from({ length: version }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`), followUps: [],
    },
    alerts: { [a.alertId]: a }, raisedRank: { [a.alertId]: rank }, occurrences: { [a.alertId]: version },
  };
};

/** A small deterministic generator (the sequence is the same at every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('MarketAlertsMemo (real read-model store on a temp dir)', () => {
  let dir: string;
  let store: ReadModelStore;
  let position = 0;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-alerts-memo-'));
    store = ReadModelStore.open(join(dir, 'read-models.db'), { outboxFor: ['alerts'] });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const commit = (changes: { key: string; doc: unknown }[]) => {
    position += 1;
    store.commit('alerts', 1, changes, { commit: BigInt(position), prepare: BigInt(position) });
  };
  const fromStore = (marketId: string): MarketAlertsDoc | undefined => marketAlerts(marketId, (key) => store.get('alerts', key), (prefix) => store.listByPrefix('alerts', prefix));
  /** One publish loop as the publisher runs it: a batch, applied, its markets assembled, then acknowledged. */
  const publishLoop = (memo: MarketAlertsMemo, limit: number) => {
    const [batch, assembled] = store.snapshot(() => {
      const entries = store.outboxBatch(limit);
      memo.apply(entries);
      const markets = [...new Set(entries.map((e) => e.key.split('/')[0].slice('market:'.length)))];
      return [entries, new Map(markets.map((m) => [m, memo.alertsOf(m)]))] as const;
    });
    if (batch.length > 0) store.outboxAck(batch[batch.length - 1].seq);
    return assembled;
  };

  it('assembles each market as the store does, through changes, deletions and batches that lag behind the store', () => {
    const next = random(7);
    const markets = ['m1', 'm2', 'm:3'];
    const versions = new Map<string, number>();
    const memo = new MarketAlertsMemo(store);
    for (let step = 0; step < 300; step++) {
      const marketId = markets[Math.floor(next() * markets.length)];
      const placementId = `p${Math.floor(next() * 12)}`;
      const key = next() < 0.15 ? marketAlertsKey(marketId) : placementAlertsKey(marketId, placementId);
      const version = (versions.get(key) ?? 0) + 1;
      versions.set(key, version);
      const deleted = next() < 0.1;
      const doc = deleted ? undefined : key === marketAlertsKey(marketId) ? header(marketId, version) : placementDoc(marketId, placementId, Number(placementId.slice(1)), version);
      commit([{ key, doc }]);
      // a loop now and then, on a few entries: the store is then ahead of what is published
      if (next() < 0.3) publishLoop(memo, 1 + Math.floor(next() * 4));
    }
    // the outbox published to its end: every market as the store has it
    for (let assembled = publishLoop(memo, 1_000); assembled.size > 0; assembled = publishLoop(memo, 1_000)) {
      for (const [marketId, doc] of assembled) expect({ marketId, doc }).toEqual({ marketId, doc: fromStore(marketId) });
    }
    for (const marketId of markets) expect({ marketId, doc: memo.alertsOf(marketId) }).toEqual({ marketId, doc: fromStore(marketId) });
  });

  it('after every loop that publishes to the end of the outbox, each market is as the store has it', () => {
    const next = random(11);
    const memo = new MarketAlertsMemo(store);
    let compared = 0;
    for (let step = 0; step < 200; step++) {
      const marketId = next() < 0.5 ? 'm1' : 'm2';
      const placement = Math.floor(next() * 8);
      const changes = next() < 0.2
        ? [{ key: marketAlertsKey(marketId), doc: next() < 0.1 ? undefined : header(marketId, step) }]
        : [{ key: placementAlertsKey(marketId, `p${placement}`), doc: next() < 0.15 ? undefined : placementDoc(marketId, `p${placement}`, placement, 1 + (step % 7)) }];
      commit(changes);
      if (next() < 0.4) {
        for (const [m, doc] of publishLoop(memo, 1_000)) {
          expect({ step, m, doc }).toEqual({ step, m, doc: fromStore(m) });
          if (doc) compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('reads a market from the store once: later messages come from the outbox entries', () => {
    commit([{ key: marketAlertsKey('m1'), doc: header('m1', 1) }, { key: placementAlertsKey('m1', 'p1'), doc: placementDoc('m1', 'p1', 1, 1) }]);
    const memo = new MarketAlertsMemo(store);
    publishLoop(memo, 100);
    const reads = jest.spyOn(store, 'listByPrefix');
    commit([{ key: placementAlertsKey('m1', 'p2'), doc: placementDoc('m1', 'p2', 2, 1) }]);
    commit([{ key: placementAlertsKey('m1', 'p1'), doc: placementDoc('m1', 'p1', 1, 2) }]);
    const assembled = publishLoop(memo, 100);
    expect(reads).not.toHaveBeenCalled();
    expect(assembled.get('m1')).toEqual(fromStore('m1'));
    expect(Object.keys(assembled.get('m1')!.placements)).toEqual(['p1', 'p2']);
  });

  it('a market first read while the outbox still holds older entries of it does not go back to them', () => {
    commit([{ key: marketAlertsKey('m1'), doc: header('m1', 1) }]);
    commit([{ key: placementAlertsKey('m1', 'p1'), doc: placementDoc('m1', 'p1', 1, 1) }]);
    commit([{ key: placementAlertsKey('m1', 'p1'), doc: placementDoc('m1', 'p1', 1, 2) }]);
    const memo = new MarketAlertsMemo(store);
    // the first batch holds only the header's entry: the market is read as the store has it now (p1 at version 2)
    const first = publishLoop(memo, 1);
    expect(first.get('m1')!.placements.p1.declaredMonths).toHaveLength(2);
    // the next batch holds p1 at version 1, already in what was read: the message must not show it
    const second = publishLoop(memo, 1);
    expect(second.get('m1')!.placements.p1.declaredMonths).toHaveLength(2);
    expect(second.get('m1')).toEqual(fromStore('m1'));
  });

  it('reads everything again after a read model was reset (a rebuild forgets documents without an outbox entry)', () => {
    commit([{ key: marketAlertsKey('m1'), doc: header('m1', 1) }, { key: placementAlertsKey('m1', 'gone'), doc: placementDoc('m1', 'gone', 1, 1) }]);
    const memo = new MarketAlertsMemo(store);
    publishLoop(memo, 100);
    store.reset('alerts', 1);
    position = 0;
    commit([{ key: marketAlertsKey('m1'), doc: header('m1', 2) }]);
    const assembled = publishLoop(memo, 100);
    expect(assembled.get('m1')!.placements).toEqual({});
    expect(assembled.get('m1')).toEqual(fromStore('m1'));
  });

  it('counts a market without placements too: headers alone do not pile up', () => {
    for (let m = 0; m < 50; m++) commit([{ key: marketAlertsKey(`h${m}`), doc: header(`h${m}`, 1) }]);
    const memo = new MarketAlertsMemo(store, 10);
    publishLoop(memo, 1_000);
    expect((memo as unknown as { markets: Map<string, unknown> }).markets.size).toBe(10);
  });

  it('refuses to read a snapshot inside a transaction of the store (it would see writes that may roll back)', () => {
    expect(() => store.transaction(() => store.snapshot(() => store.outboxLastSeq()))).toThrow(/inside a transaction/);
  });

  it('keeps at most its bound of documents, the markets used least recently going first, and reads them again when needed', () => {
    for (const m of ['m1', 'm2', 'm3']) {
      commit([{ key: marketAlertsKey(m), doc: header(m, 1) }, ...[1, 2, 3].map((p) => ({ key: placementAlertsKey(m, `p${p}`), doc: placementDoc(m, `p${p}`, p, 1) }))]);
    }
    const memo = new MarketAlertsMemo(store, 5); // a market is its header and its placements: 4 documents
    publishLoop(memo, 100);
    const reads = jest.spyOn(store, 'listByPrefix');
    commit([{ key: placementAlertsKey('m1', 'p1'), doc: placementDoc('m1', 'p1', 1, 5) }]);
    const assembled = publishLoop(memo, 100);
    expect(reads).toHaveBeenCalledTimes(1); // m1 had been forgotten for m2 and m3
    expect(assembled.get('m1')).toEqual(fromStore('m1'));
    expect(assembled.get('m1')!.placements.p1.declaredMonths).toHaveLength(5);
  });
});
