import { randomUUID } from 'node:crypto';
import {
  EventData, EventStore, RecordedEvent, START, StreamNotFoundError, WrongExpectedRevisionError, comparePositions,
} from '../event-store.port';

/**
 * The behaviour every EventStore adapter must have, written once against the port. Streams get a
 * random suffix so the suite also runs against a shared, non-empty real server.
 */
export function describeEventStoreContract(adapterName: string, createStore: () => Promise<{ store: EventStore; cleanup(): Promise<void> }>): void {
  let count = 0;
  const test = (name: string, fn: () => Promise<void>) => {
    count += 1;
    it(name, fn);
  };

  describe(`event store contract: ${adapterName}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    const stream = (name: string) => `contract_${name}-${randomUUID().slice(0, 8)}`;
    const events = (n: number, type = 'ThingHappened'): EventData[] =>
      Array.from({ length: n }, (_, i) => ({ id: randomUUID(), type, data: { n: i }, metadata: { schemaVersion: 1 } }));
    const ownEvents = (all: RecordedEvent[], ...streams: string[]) => all.filter((e) => streams.includes(e.streamId));
    const readAllFrom = async (after = START) => {
      const out: RecordedEvent[] = [];
      for (let page = await store.readAll({ after, maxCount: 200 }); page.length > 0; page = await store.readAll({ after: page[page.length - 1].position, maxCount: 200 })) {
        out.push(...page);
      }
      return out;
    };
    const expectConflict = async (promise: Promise<unknown>, actual: bigint | 'no_stream') => {
      const error = await promise.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect((error as WrongExpectedRevisionError).actual).toBe(actual);
    };

    beforeAll(async () => {
      ({ store, cleanup } = await createStore());
    });
    afterAll(async () => {
      await cleanup?.();
      // eslint-disable-next-line no-console
      console.log(`event-store contract: ${count} tests against ${adapterName}`);
    });

    describe('appending', () => {
      test('appends to a new stream with no_stream and numbers revisions from 0', async () => {
        const s = stream('new');
        const result = await store.appendToStream(s, events(3), { expectedRevision: 'no_stream' });
        expect(result.nextExpectedRevision).toBe(2n);
        expect((await store.readStream(s)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      });

      test('no_stream on an existing stream is refused with the actual revision', async () => {
        const s = stream('exists');
        await store.appendToStream(s, events(2), { expectedRevision: 'no_stream' });
        await expectConflict(store.appendToStream(s, events(1), { expectedRevision: 'no_stream' }), 1n);
      });

      test('an exact revision is accepted when it is the last one and refused otherwise', async () => {
        const s = stream('exact');
        await store.appendToStream(s, events(2), { expectedRevision: 'no_stream' });
        await expectConflict(store.appendToStream(s, events(1), { expectedRevision: 0n }), 1n);
        await expectConflict(store.appendToStream(s, events(1), { expectedRevision: 5n }), 1n);
        const ok = await store.appendToStream(s, events(1), { expectedRevision: 1n });
        expect(ok.nextExpectedRevision).toBe(2n);
      });

      test('an exact revision on a stream that does not exist is refused with no_stream', async () => {
        await expectConflict(store.appendToStream(stream('missing'), events(1), { expectedRevision: 0n }), 'no_stream');
      });

      test('stream_exists needs at least one event', async () => {
        const s = stream('must-exist');
        await expectConflict(store.appendToStream(s, events(1), { expectedRevision: 'stream_exists' }), 'no_stream');
        await store.appendToStream(s, events(1), { expectedRevision: 'any' });
        const ok = await store.appendToStream(s, events(1), { expectedRevision: 'stream_exists' });
        expect(ok.nextExpectedRevision).toBe(1n);
      });

      test('any appends whatever the stream\'s state', async () => {
        const s = stream('any');
        await store.appendToStream(s, events(1), { expectedRevision: 'any' });
        const second = await store.appendToStream(s, events(2), { expectedRevision: 'any' });
        expect(second.nextExpectedRevision).toBe(2n);
      });

      test('a refused append writes nothing', async () => {
        const s = stream('refused');
        await store.appendToStream(s, events(1), { expectedRevision: 'no_stream' });
        await expectConflict(store.appendToStream(s, events(3), { expectedRevision: 'no_stream' }), 0n);
        expect(await store.readStream(s)).toHaveLength(1);
      });

      test('re-appending the same event ids returns the first result and writes nothing', async () => {
        const s = stream('idempotent');
        const batch = events(2);
        const first = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
        const again = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(comparePositions(again.position, first.position)).toBe(0);
        expect(await store.readStream(s)).toHaveLength(2);
        expect(ownEvents(await readAllFrom(), s)).toHaveLength(2);
      });

      test('concurrent appends with the same expected revision: exactly one wins', async () => {
        const s = stream('race');
        await store.appendToStream(s, events(1), { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => store.appendToStream(s, events(1), { expectedRevision: 0n })));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
          expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        expect(await store.readStream(s)).toHaveLength(2);
      });

      test('payloads and metadata round-trip as JSON (unicode, nesting, numbers, null)', async () => {
        const s = stream('json');
        const data = { title: 'Réhabilitation — quartier des Fourches « QPV » 🏗️', nested: { list: [1, 2.5, -3], flag: true, none: null }, big: 9007199254740991 };
        const id = randomUUID();
        await store.appendToStream(s, [{ id, type: 'MarketRegistered', data, metadata: { schemaVersion: 1, commandId: 'c-1' } }], { expectedRevision: 'no_stream' });
        const [read] = await store.readStream(s);
        expect(read).toMatchObject({ id, streamId: s, type: 'MarketRegistered', data, revision: 0n });
        expect(read.metadata).toMatchObject({ schemaVersion: 1, commandId: 'c-1' });
        expect(Number.isNaN(Date.parse(read.recordedAt))).toBe(false);
      });
    });

    describe('reading a stream', () => {
      let s: string;
      beforeAll(async () => {
        s = stream('read');
        await store.appendToStream(s, events(5), { expectedRevision: 'no_stream' });
      });

      test('reads forwards from a revision with a maximum count', async () => {
        expect((await store.readStream(s, { fromRevision: 1n, maxCount: 3 })).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      });

      test('reads backwards from the end or from a revision', async () => {
        expect((await store.readStream(s, { direction: 'backwards', maxCount: 2 })).map((e) => e.revision)).toEqual([4n, 3n]);
        expect((await store.readStream(s, { direction: 'backwards', fromRevision: 1n })).map((e) => e.revision)).toEqual([1n, 0n]);
      });

      test('a stream that does not exist is StreamNotFoundError', async () => {
        await expect(store.readStream(stream('nothing'))).rejects.toBeInstanceOf(StreamNotFoundError);
      });
    });

    describe('reading the global log', () => {
      test('keeps the append order across streams, with strictly increasing positions', async () => {
        const a = stream('all-a');
        const b = stream('all-b');
        const head = await store.headPosition();
        await store.appendToStream(a, events(2), { expectedRevision: 'no_stream' });
        await store.appendToStream(b, events(1), { expectedRevision: 'no_stream' });
        await store.appendToStream(a, events(1), { expectedRevision: 1n });
        const mine = ownEvents(await readAllFrom(head), a, b);
        expect(mine.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.revision}`)).toEqual(['a0', 'a1', 'b0', 'a2']);
        for (let i = 1; i < mine.length; i++) expect(comparePositions(mine[i - 1].position, mine[i].position)).toBe(-1);
      });

      test('`after` is exclusive and pages cover the log without gap or overlap', async () => {
        const s = stream('paging');
        const head = await store.headPosition();
        const written = events(7);
        await store.appendToStream(s, written, { expectedRevision: 'no_stream' });
        const seen: string[] = [];
        let after = head;
        for (;;) {
          const page = ownEvents(await store.readAll({ after, maxCount: 3 }), s);
          const all = await store.readAll({ after, maxCount: 3 });
          if (all.length === 0) break;
          seen.push(...page.map((e) => e.id));
          expect(comparePositions(all[0].position, after)).toBe(1);
          after = all[all.length - 1].position;
        }
        expect(seen).toEqual(written.map((e) => e.id));
      });

      test('headPosition is the position of the last event written', async () => {
        const s = stream('head');
        const result = await store.appendToStream(s, events(2), { expectedRevision: 'no_stream' });
        expect(comparePositions(await store.headPosition(), result.position)).toBeGreaterThanOrEqual(0);
        const [last] = await store.readStream(s, { direction: 'backwards', maxCount: 1 });
        expect(comparePositions(last.position, result.position)).toBe(0);
      });

      test('readAll returns no system events', async () => {
        expect((await readAllFrom()).filter((e) => e.type.startsWith('$') || e.streamId.startsWith('$'))).toEqual([]);
      });
    });

    describe('subscribing to the global log', () => {
      const collect = (after = START, streams: string[]) => {
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribeToAll((e) => {
          if (streams.includes(e.streamId)) seen.push(e);
        }, { after });
        return { seen, subscription };
      };
      const until = async (check: () => boolean, ms = 5000) => {
        const deadline = Date.now() + ms;
        while (!check()) {
          if (Date.now() > deadline) throw new Error('timed out waiting for the subscription');
          await new Promise((r) => setTimeout(r, 10));
        }
      };

      test('delivers history then live events, in order, each once', async () => {
        const s = stream('sub');
        const history = events(3);
        await store.appendToStream(s, history, { expectedRevision: 'no_stream' });
        const { seen, subscription } = collect(START, [s]);
        await until(() => seen.length === 3);
        const live = events(4);
        for (const e of live) await store.appendToStream(s, [e], { expectedRevision: 'any' });
        await until(() => seen.length === 7);
        await new Promise((r) => setTimeout(r, 300));
        await subscription.stop();
        expect(seen.map((e) => e.id)).toEqual([...history, ...live].map((e) => e.id));
      });

      test('starts strictly after the given position', async () => {
        const s = stream('sub-mid');
        await store.appendToStream(s, events(2), { expectedRevision: 'no_stream' });
        const [, second] = await store.readStream(s);
        const more = events(2);
        await store.appendToStream(s, more, { expectedRevision: 1n });
        const { seen, subscription } = collect(second.position, [s]);
        await until(() => seen.length === 2);
        await subscription.stop();
        expect(seen.map((e) => e.id)).toEqual(more.map((e) => e.id));
      });

      test('waits for the handler before delivering the next event', async () => {
        const s = stream('sub-slow');
        await store.appendToStream(s, events(3), { expectedRevision: 'no_stream' });
        let inFlight = 0;
        let maxInFlight = 0;
        let handled = 0;
        const subscription = store.subscribeToAll(async (e) => {
          if (e.streamId !== s) return;
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((r) => setTimeout(r, 20));
          inFlight -= 1;
          handled += 1;
        });
        await until(() => handled === 3);
        await subscription.stop();
        expect(maxInFlight).toBe(1);
      });

      test('stop() ends the subscription: later events are not delivered', async () => {
        const s = stream('sub-stop');
        const { seen, subscription } = collect(await store.headPosition(), [s]);
        await store.appendToStream(s, events(1), { expectedRevision: 'no_stream' });
        await until(() => seen.length === 1);
        await subscription.stop();
        await store.appendToStream(s, events(2), { expectedRevision: 0n });
        await new Promise((r) => setTimeout(r, 400));
        expect(seen).toHaveLength(1);
      });

      test('a failing handler rejects `done`', async () => {
        const s = stream('sub-fail');
        await store.appendToStream(s, events(1), { expectedRevision: 'no_stream' });
        const subscription = store.subscribeToAll((e) => {
          if (e.streamId === s) throw new Error('projection bug');
        });
        await expect(subscription.done).rejects.toThrow('projection bug');
        await subscription.stop();
      });
    });
  });
}
