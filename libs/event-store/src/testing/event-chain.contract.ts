import { randomUUID } from 'node:crypto';
import { EventData, EventStore, RecordedEvent } from '../event-store.port';
import { GENESIS, eventHash } from '../chain/event-chain';
import { verifyLog } from '../chain/verify-log';
import { StoreUnderTest } from './event-store.contract';

/** Tamper evidence, the same on every adapter: each appended event chained to its stream's previous one. */
export function describeEventChainContract(adapterName: string, createStore: () => Promise<StoreUnderTest>): void {
  describe(`event chain contract: ${adapterName}`, () => {
    let store: EventStore;
    let cleanup: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ store, cleanup } = await createStore());
    });
    afterAll(async () => cleanup?.());

    it('every event carries a hash chained to the previous event of its stream, from the genesis hash', async () => {
      const s = `chain_linked-${randomUUID().slice(0, 8)}`;
      await store.appendToStream(s, events(3), { expectedRevision: 'no_stream' });
      await store.appendToStream(s, events(2), { expectedRevision: 2n });
      await store.appendToStream(s, events(1), { expectedRevision: 'stream_exists' });
      expectChained(await store.readStream(s));
    });

    it('concurrent writers under `any` each land at a revision the chain names', async () => {
      const s = `chain_race-${randomUUID().slice(0, 8)}`;
      await Promise.all(Array.from({ length: 5 }, () => store.appendToStream(s, events(2), { expectedRevision: 'any' })));
      const read = await store.readStream(s);
      expect(read.map((e) => e.revision)).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(i)));
      expectChained(read);
    });

    it('a retry of a written batch under `any` is recognised and does not fork the chain', async () => {
      const s = `chain_retry-${randomUUID().slice(0, 8)}`;
      const batch = events(2);
      const first = await store.appendToStream(s, batch, { expectedRevision: 'any' });
      expect(await store.appendToStream(s, batch, { expectedRevision: 'any' })).toEqual(first);
      expectChained(await store.readStream(s));
    });

    it('the hash covers the content: the same events in another stream or revision hash differently, and the chain hides from metadata', async () => {
      const batch = events(1);
      const [a, b] = [`chain_a-${randomUUID().slice(0, 8)}`, `chain_b-${randomUUID().slice(0, 8)}`];
      await store.appendToStream(a, batch, { expectedRevision: 'no_stream' });
      await store.appendToStream(b, [{ ...batch[0], id: randomUUID() }], { expectedRevision: 'no_stream' });
      const [[ea], [eb]] = [await store.readStream(a), await store.readStream(b)];
      expect(ea.hash).not.toBe(eb.hash);
      expect(ea.metadata).toEqual({ schemaVersion: 1 });
    });

    it('a verification of the log finds nothing wrong with these streams', async () => {
      const s = `chain_verified-${randomUUID().slice(0, 8)}`;
      await store.appendToStream(s, events(4), { expectedRevision: 'no_stream' });
      const report = await verifyLog(store, { pageSize: 3 });
      expect(report.findings.filter((f) => f.streamId.startsWith('chain_'))).toEqual([]);
      expect(report.events).toBeGreaterThanOrEqual(4);
    });
  });
}

function events(count: number): EventData[] {
  return Array.from({ length: count }, (_, n) => ({ id: randomUUID(), type: 'ThingHappened', data: { n, nested: { z: 1, a: [n, 'é'] } }, metadata: { schemaVersion: 1 } }));
}

function expectChained(read: RecordedEvent[]): void {
  let previous = GENESIS;
  for (const e of read) {
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(e, previous)).toBe(e.hash);
    previous = e.hash!;
  }
}
