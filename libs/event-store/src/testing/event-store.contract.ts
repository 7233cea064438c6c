import { randomUUID } from 'node:crypto';
import {
  AppendTooLargeError, EventData, EventStore, ExpectedRevision, Position, RecordedEvent, START, StreamDeletedError, StreamNotFoundError,
  Subscription, WrongExpectedRevisionError, comparePositions,
} from '../event-store.port';
import { MAX_APPEND_BYTES, appendSizeOf } from '../append-size';
import { until } from '../../../../test/support/until';

export interface StoreUnderTest {
  store: EventStore;
  /**
   * Hard-deletes a stream behind the port's back, for stores that can (EventStoreDB; pass
   * `tombstones: true`). The port has no delete and the embedded store cannot delete a stream, so
   * there StreamDeletedError never arises and the tombstone tests are not declared (the log says so).
   */
  tombstone?(streamId: string): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every EventStore adapter must have, written once against the port (jest). Each test
 * writes to streams of its own (random suffix) and filters the global log down to them, so the suite
 * also runs against a shared, non-empty EventStoreDB server.
 */
export function describeEventStoreContract(
  adapterName: string, createStore: () => Promise<StoreUnderTest>, options: { readonly tombstones?: boolean } = {},
): void {
  let declared = 0;
  const test = (name: string, fn: () => Promise<void>) => {
    declared += 1;
    it(name, fn);
  };

  describe(`event store contract: ${adapterName}`, () => {
    let store: EventStore;
    let cleanup: (() => Promise<void>) | undefined;
    let tombstone: StoreUnderTest['tombstone'];

    beforeAll(async () => {
      ({ store, cleanup, tombstone } = await createStore());
    });
    afterAll(async () => {
      // eslint-disable-next-line no-console
      console.log(`event-store contract: ${declared} tests against ${adapterName}${options.tombstones ? '' : ' (no tombstone tests: this store cannot delete a stream)'}`);
      await cleanup?.();
    });

    const append = (streamId: string, events: EventData[], expectedRevision: ExpectedRevision) =>
      store.appendToStream(streamId, events, { expectedRevision });
    /** Every event after `after` in the given streams, paging through the global log. */
    const readAllOf = async (streams: string[], after: Position = START): Promise<RecordedEvent[]> => {
      const mine: RecordedEvent[] = [];
      for (let page = await store.readAll({ after, maxCount: 250 }); page.length > 0; page = await store.readAll({ after, maxCount: 250 })) {
        mine.push(...page.filter((e) => streams.includes(e.streamId)));
        after = page[page.length - 1].position;
      }
      return mine;
    };
    const expectRefused = async (attempt: Promise<unknown>, streamId: string, expected: ExpectedRevision, actual: bigint | 'no_stream') => {
      const error = await attempt.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ streamId, expected, actual });
    };

    describe('appending with an expected revision', () => {
      test('no_stream creates the stream: revisions are numbered from 0 and the result gives the last one', async () => {
        const s = aStream('created');
        const result = await append(s, someEvents(3), 'no_stream');
        const read = await store.readStream(s);
        expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expect(result.nextExpectedRevision).toBe(2n);
        expect(comparePositions(result.position, read[2].position)).toBe(0);
      });

      test('no_stream on an existing stream is refused with its revision', async () => {
        const s = aStream('exists');
        await append(s, someEvents(2), 'no_stream');
        await expectRefused(append(s, someEvents(1), 'no_stream'), s, 'no_stream', 1n);
      });

      test('any appends to a new stream and to an existing one', async () => {
        const s = aStream('any');
        expect((await append(s, someEvents(1), 'any')).nextExpectedRevision).toBe(0n);
        expect((await append(s, someEvents(2), 'any')).nextExpectedRevision).toBe(2n);
      });

      test('stream_exists appends to an existing stream', async () => {
        const s = aStream('exists-ok');
        await append(s, someEvents(1), 'no_stream');
        expect((await append(s, someEvents(1), 'stream_exists')).nextExpectedRevision).toBe(1n);
      });

      test('stream_exists on a missing stream is refused with no_stream', async () => {
        const s = aStream('exists-missing');
        await expectRefused(append(s, someEvents(1), 'stream_exists'), s, 'stream_exists', 'no_stream');
      });

      test('the revision of the last event appends and gives the next one', async () => {
        const s = aStream('exact');
        const first = await append(s, someEvents(2), 'no_stream');
        expect((await append(s, someEvents(1), first.nextExpectedRevision)).nextExpectedRevision).toBe(2n);
      });

      test('a revision behind or ahead of the stream is refused with the actual revision', async () => {
        const s = aStream('exact-wrong');
        await append(s, someEvents(2), 'no_stream');
        await expectRefused(append(s, someEvents(1), 0n), s, 0n, 1n);
        await expectRefused(append(s, someEvents(1), 5n), s, 5n, 1n);
      });

      test('a revision on a missing stream is refused with no_stream', async () => {
        const s = aStream('exact-missing');
        await expectRefused(append(s, someEvents(1), 0n), s, 0n, 'no_stream');
      });

      test('a refused append writes nothing, in the stream or in the global log', async () => {
        const s = aStream('refused');
        const head = await store.headPosition();
        await append(s, someEvents(1), 'no_stream');
        await expectRefused(append(s, someEvents(3), 'no_stream'), s, 'no_stream', 0n);
        expect(await store.readStream(s)).toHaveLength(1);
        expect(await readAllOf([s], head)).toHaveLength(1);
      });

      test('an empty append whose expectation holds writes nothing and returns the current revision', async () => {
        const s = aStream('empty');
        const head = await store.headPosition();
        await append(s, someEvents(2), 'no_stream');
        expect((await append(s, [], 1n)).nextExpectedRevision).toBe(1n);
        expect((await append(s, [], 'any')).nextExpectedRevision).toBe(1n);
        expect(await readAllOf([s], head)).toHaveLength(2);
      });

      test('concurrent appends at the same expected revision: exactly one wins, the others are refused', async () => {
        const s = aStream('race');
        await append(s, someEvents(1), 'no_stream');
        const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => append(s, someEvents(2), 0n)));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) {
          if (o.status === 'fulfilled') continue;
          expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(o.reason).toMatchObject({ streamId: s, actual: 2n });
        }
        expect(await store.readStream(s)).toHaveLength(3);
      });
    });

    describe('appending the same event ids again (a retry)', () => {
      const expectRetryWroteNothing = async (s: string, head: Position, count: number) => {
        expect(await store.readStream(s)).toHaveLength(count);
        expect(await readAllOf([s], head)).toHaveLength(count);
      };

      test('with the same expected revision returns the first result and writes nothing', async () => {
        const s = aStream('retry');
        const head = await store.headPosition();
        const batch = someEvents(2);
        const first = await append(s, batch, 'no_stream');
        expect(await append(s, batch, 'no_stream')).toEqual(first);
        await expectRetryWroteNothing(s, head, 2);
      });

      test('with any returns the first result and writes nothing', async () => {
        const s = aStream('retry-any');
        const head = await store.headPosition();
        const batch = someEvents(3);
        const first = await append(s, batch, 'any');
        expect(await append(s, batch, 'any')).toEqual(first);
        await expectRetryWroteNothing(s, head, 3);
      });

      test('after the stream moved on, with the original expected revision, returns the first result', async () => {
        const s = aStream('retry-late');
        const head = await store.headPosition();
        await append(s, someEvents(1), 'no_stream');
        const batch = someEvents(2);
        const first = await append(s, batch, 0n);
        await append(s, someEvents(1), first.nextExpectedRevision);
        expect(await append(s, batch, 0n)).toEqual(first);
        await expectRetryWroteNothing(s, head, 4);
      });
    });

    describe('the size of an append (KurrentDB 25.0: 1 MiB, counting data, metadata and two bytes per type character)', () => {
      const blob = (bytes: number, type = 'Big'): EventData => ({ id: randomUUID(), type, data: 'x'.repeat(bytes - 2) }); // 2: the JSON quotes

      test('over the limit is refused with AppendTooLargeError, and nothing is written', async () => {
        const s = aStream('too-large');
        const error = await append(s, [blob(600_000), blob(600_000)], 'no_stream').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppendTooLargeError);
        expect(error).toMatchObject({ streamId: s, maxBytes: MAX_APPEND_BYTES });
        await expect(store.readStream(s)).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      test('exactly at the limit is written', async () => {
        const s = aStream('just-fits');
        const type = 'Big';
        // everything but the data: the type and the metadata carrying the chained hash
        const overhead = appendSizeOf([{ id: randomUUID(), type, data: '' }]) - 2;
        await append(s, [blob(MAX_APPEND_BYTES - overhead, type)], 'no_stream');
        expect(await store.readStream(s)).toHaveLength(1);
        const over = await append(aStream('just-over'), [blob(MAX_APPEND_BYTES - overhead + 1, type)], 'no_stream').catch((e: unknown) => e);
        expect(over).toBeInstanceOf(AppendTooLargeError);
      });
    });

    describe('the store identity', () => {
      test('is a UUID that stays the same for the life of the store', async () => {
        const identity = await store.storeIdentity();
        expect(identity).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        await append(aStream('identity'), someEvents(1), 'no_stream');
        expect(await store.storeIdentity()).toBe(identity);
      });
    });

    if (options.tombstones) {
      describe('a tombstoned (hard-deleted) stream', () => {
        test('refuses reads with StreamDeletedError', async () => {
          const s = aStream('tombstoned-read');
          await append(s, someEvents(2), 'no_stream');
          await tombstone!(s);
          const error = await store.readStream(s).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(StreamDeletedError);
          expect(error).toMatchObject({ streamId: s });
        });

        test('refuses appends with StreamDeletedError, whatever the expected revision', async () => {
          const s = aStream('tombstoned-append');
          await append(s, someEvents(1), 'no_stream');
          await tombstone!(s);
          for (const expected of ['any', 'no_stream', 'stream_exists', 0n] as const) {
            const error = await append(s, someEvents(1), expected).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(StreamDeletedError);
          }
        });
      });
    }

    describe('reading a stream', () => {
      let s: string;
      let written: EventData[];
      beforeAll(async () => {
        s = aStream('read');
        written = someEvents(5);
        await append(s, written, 'no_stream');
      });

      test('reads forwards from the start by default, every field as written', async () => {
        const read = await store.readStream(s);
        expect(read.map(({ id, type, data, metadata, streamId }) => ({ id, type, data, metadata, streamId }))).toEqual(
          written.map(({ id, type, data, metadata }) => ({ id, type, data, metadata, streamId: s })),
        );
      });

      test('reads forwards from a revision, at most maxCount events', async () => {
        expect(revisionsOf(await store.readStream(s, { fromRevision: 1n, maxCount: 3 }))).toEqual([1n, 2n, 3n]);
      });

      test('reads backwards from the end, at most maxCount events', async () => {
        expect(revisionsOf(await store.readStream(s, { direction: 'backwards', maxCount: 2 }))).toEqual([4n, 3n]);
      });

      test('reads backwards from a revision', async () => {
        expect(revisionsOf(await store.readStream(s, { direction: 'backwards', fromRevision: 1n }))).toEqual([1n, 0n]);
      });

      test('reading forwards past the last revision gives no events', async () => {
        expect(await store.readStream(s, { fromRevision: 5n })).toEqual([]);
      });

      test('a stream that does not exist is StreamNotFoundError', async () => {
        const missing = aStream('missing');
        const error = await store.readStream(missing).then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(StreamNotFoundError);
        expect(error).toMatchObject({ streamId: missing });
      });
    });

    describe('payloads', () => {
      test('data and metadata round-trip as JSON: unicode, nesting, numbers, booleans, null, empty values', async () => {
        const s = aStream('json');
        const data = {
          title: 'Réhabilitation — quartier des Fourches « QPV » 🏗️ 中文',
          escapes: 'quote " backslash \\ newline \n tab \t',
          numbers: [0, -3, 2.5, 1e-7, 35.25, 9007199254740991],
          nested: { flag: true, off: false, none: null, deeper: { list: [[], {}, ['a']] } },
        };
        const metadata = { schemaVersion: 2, commandId: randomUUID(), causation: { by: 'Éloïse', at: '2026-03-31T22:00:00.000Z' } };
        const event = { id: randomUUID(), type: 'MarketRegistered', data, metadata };
        await append(s, [event], 'no_stream');
        const [read] = await store.readStream(s);
        expect(read).toMatchObject({ id: event.id, type: 'MarketRegistered', streamId: s });
        expect(read.data).toEqual(data);
        expect(read.metadata).toEqual(metadata);
      });

      test('an event written without metadata reads back with empty metadata', async () => {
        const s = aStream('no-metadata');
        await append(s, [{ id: randomUUID(), type: 'ThingHappened', data: { n: 1 } }], 'no_stream');
        expect((await store.readStream(s))[0].metadata).toEqual({});
      });

      test('revisions and positions are bigints, recordedAt an ISO timestamp', async () => {
        const s = aStream('types');
        const result = await append(s, someEvents(1), 'no_stream');
        const [read] = await store.readStream(s);
        const numbers = [result.nextExpectedRevision, result.position.commit, result.position.prepare, read.revision, read.position.commit, read.position.prepare];
        expect(numbers.map((n) => typeof n)).toEqual(numbers.map(() => 'bigint'));
        expect(new Date(read.recordedAt).toISOString()).toBe(read.recordedAt);
      });
    });

    describe('reading the global log', () => {
      test('keeps the append order across streams, positions strictly increasing and equal to the streams\'', async () => {
        const [a, b] = [aStream('all-a'), aStream('all-b')];
        const head = await store.headPosition();
        await append(a, someEvents(2), 'no_stream');
        await append(b, someEvents(1), 'no_stream');
        await append(a, someEvents(1), 1n);
        const mine = await readAllOf([a, b], head);
        expect(mine.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.revision}`)).toEqual(['a0', 'a1', 'b0', 'a2']);
        expectStrictlyIncreasing(mine.map((e) => e.position));
        const fromStreams = [...(await store.readStream(a)), ...(await store.readStream(b))];
        for (const e of mine) expect(fromStreams.find((f) => f.id === e.id)?.position).toEqual(e.position);
      });

      test('reads strictly after `after`', async () => {
        const s = aStream('after');
        await append(s, someEvents(3), 'no_stream');
        const [, second, third] = await store.readStream(s);
        const [next] = await store.readAll({ after: second.position, maxCount: 1 });
        expect(next.id).toBe(third.id);
      });

      test('pages of maxCount cover the log without gap or overlap', async () => {
        const s = aStream('paging');
        const head = await store.headPosition();
        const written = someEvents(7);
        await append(s, written.slice(0, 4), 'no_stream');
        await append(s, written.slice(4), 3n);
        const pages: RecordedEvent[][] = [];
        for (let after = head; ;) {
          const page = await store.readAll({ after, maxCount: 3 });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(3);
          expect(comparePositions(page[0].position, after)).toBe(1);
          pages.push(page);
          after = page[page.length - 1].position;
        }
        expect(pages.flat().filter((e) => e.streamId === s).map((e) => e.id)).toEqual(written.map((e) => e.id));
      });

      test('headPosition is the position of the last event written, and moves on with each append', async () => {
        const s = aStream('head');
        const first = await append(s, someEvents(2), 'no_stream');
        expect(comparePositions(await store.headPosition(), first.position)).toBeGreaterThanOrEqual(0);
        const second = await append(s, someEvents(1), 1n);
        expect(comparePositions(second.position, first.position)).toBe(1);
        expect(comparePositions(await store.headPosition(), second.position)).toBeGreaterThanOrEqual(0);
      });

      test('gives user events only, no system events', async () => {
        const head = await store.headPosition();
        await append(aStream('user'), someEvents(2), 'no_stream');
        const after: RecordedEvent[] = [];
        for (let page = await store.readAll({ after: head }); page.length > 0; page = await store.readAll({ after: page[page.length - 1].position })) {
          after.push(...page);
        }
        expect(after.length).toBeGreaterThanOrEqual(2);
        expect(after.filter((e) => e.type.startsWith('$') || e.streamId.startsWith('$'))).toEqual([]);
      });
    });

    describe('subscribing to the global log', () => {
      const subscriptions: Subscription[] = [];
      afterEach(async () => {
        await Promise.all(subscriptions.splice(0).map((sub) => sub.stop()));
      });
      /** Subscribes and keeps the events of the given streams, in delivery order. */
      const collect = (streams: string[], after?: Position, slowMs = 0) => {
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribeToAll(async (e) => {
          if (!streams.includes(e.streamId)) return;
          if (slowMs > 0) await sleep(slowMs);
          seen.push(e);
        }, after ? { after } : {});
        subscriptions.push(subscription);
        return { seen, subscription };
      };

      test('from START: the history, then live events, in order, each once', async () => {
        const s = aStream('sub');
        const history = someEvents(3);
        await append(s, history, 'no_stream');
        const { seen } = collect([s], START);
        await until(() => seen.length === 3);
        const live = someEvents(4);
        for (const e of live) await append(s, [e], 'any');
        await until(() => seen.length === 7);
        await sleep(300); // room for a duplicate to show up
        expect(seen.map((e) => e.id)).toEqual([...history, ...live].map((e) => e.id));
      });

      test('from a position: strictly after it', async () => {
        const s = aStream('sub-after');
        await append(s, someEvents(2), 'no_stream');
        const [, second] = await store.readStream(s);
        const more = someEvents(2);
        await append(s, more, 1n);
        const { seen } = collect([s], second.position);
        await until(() => seen.length === 2);
        expect(seen.map((e) => e.id)).toEqual(more.map((e) => e.id));
      });

      test('appends racing with the catch-up are neither lost nor repeated', async () => {
        const s = aStream('sub-race');
        const written = someEvents(20);
        const head = await store.headPosition();
        await append(s, written.slice(0, 10), 'no_stream');
        const { seen } = collect([s], head, 5); // a slow handler: the catch-up is still running while we append
        for (let i = 10; i < 20; i += 2) {
          await append(s, written.slice(i, i + 2), BigInt(i - 1));
          await sleep(7);
        }
        await until(() => seen.length >= 20);
        await sleep(300);
        expect(seen.map((e) => e.id)).toEqual(written.map((e) => e.id));
        expect(seen.map((e) => e.revision)).toEqual(written.map((_, i) => BigInt(i)));
      });

      test('hands over the next event only once the handler has finished', async () => {
        const s = aStream('sub-slow');
        const head = await store.headPosition();
        await append(s, someEvents(3), 'no_stream');
        let running = 0;
        let mostAtOnce = 0;
        let handled = 0;
        subscriptions.push(store.subscribeToAll(async (e) => {
          if (e.streamId !== s) return;
          running += 1;
          mostAtOnce = Math.max(mostAtOnce, running);
          await sleep(20);
          running -= 1;
          handled += 1;
        }, { after: head }));
        await until(() => handled === 3);
        expect(mostAtOnce).toBe(1);
      });

      test('stop() ends the subscription: `done` resolves and later events are not delivered', async () => {
        const s = aStream('sub-stop');
        const { seen, subscription } = collect([s], await store.headPosition());
        await append(s, someEvents(1), 'no_stream');
        await until(() => seen.length === 1);
        await subscription.stop();
        await expect(subscription.done).resolves.toBeUndefined();
        await append(s, someEvents(2), 0n);
        await sleep(400);
        expect(seen).toHaveLength(1);
      });

      test('a failing handler rejects `done` with its error and gets no further event', async () => {
        const s = aStream('sub-fail');
        const head = await store.headPosition();
        await append(s, someEvents(2), 'no_stream');
        let calls = 0;
        const subscription = store.subscribeToAll((e) => {
          if (e.streamId !== s) return;
          calls += 1;
          throw new Error('projection bug');
        }, { after: head });
        subscriptions.push(subscription);
        await expect(subscription.done).rejects.toThrow('projection bug');
        await sleep(100);
        expect(calls).toBe(1);
      });
    });
  });
}

function aStream(purpose: string): string {
  return `contract_${purpose}-${randomUUID().slice(0, 8)}`;
}

function someEvents(count: number, type = 'ThingHappened'): EventData[] {
  return Array.from({ length: count }, (_, n) => ({ id: randomUUID(), type, data: { n }, metadata: { schemaVersion: 1 } }));
}

function revisionsOf(events: RecordedEvent[]): bigint[] {
  return events.map((e) => e.revision);
}

function expectStrictlyIncreasing(positions: Position[]): void {
  for (let i = 1; i < positions.length; i++) expect(comparePositions(positions[i - 1], positions[i])).toBe(-1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

