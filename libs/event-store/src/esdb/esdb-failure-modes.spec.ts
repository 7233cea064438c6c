/**
 * The EventStoreDB adapter against the failures a real server shows (test server in test/esdb-server,
 * each mode taken from the server's source): what the caller is told, and what ends up in the log.
 */
import { startEsdbTestServer } from '../../../../test/esdb-server';
import { anEvent, events, serverAndStorePerTest, until } from '../../../../test/esdb-server/adapter-fixture';
import { AppendOutcomeUnknownError, EventStoreUnavailableError, InvalidPositionError, RecordedEvent } from '../event-store.port';
import { EsdbEventStore, EsdbEventStoreOptions } from './esdb-event-store';

const settings: EsdbEventStoreOptions = {
  operationTimeoutMs: 2_000, connectTimeoutMs: 2_000,
  resubscribe: { initialDelayMs: 20, maxDelayMs: 100 },
  notHandledRetry: { attempts: 3, initialDelayMs: 10 },
};

describe.each([true, false])('EventStoreDB adapter, failure modes (BatchAppend offered: %s)', (batchAppend) => {
  const current = serverAndStorePerTest(settings, { batchAppend });
  const written = (streamId: string) => current.server.state.stream(streamId)?.events.map((e) => e.id) ?? [];

  describe('an append committed without a usable answer', () => {
    it('commit then timeout, once, at an exact revision: sent again, recognised by its ids, the first result, written once', async () => {
      await current.store.appendToStream('m-1', [anEvent()], { expectedRevision: 'no_stream' });
      const batch = events(2);
      current.server.faults.failNextAppends('commit-then-timeout');
      const result = await current.store.appendToStream('m-1', batch, { expectedRevision: 0n });
      expect(result.nextExpectedRevision).toBe(2n);
      expect(current.server.faults.appendsReceived).toBe(3);
      expect(written('m-1').slice(1)).toEqual(batch.map((e) => e.id));
    });

    it('commit then timeout on every attempt: AppendOutcomeUnknownError, and a later retry with the same ids gets the first result', async () => {
      const batch = events(2);
      current.server.faults.failNextAppends('commit-then-timeout', 2);
      const error = await current.store.appendToStream('m-2', batch, { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppendOutcomeUnknownError);
      expect((error as Error).message).toMatch(/may or may not have been written/);
      expect(written('m-2')).toEqual(batch.map((e) => e.id));
      const retry = await current.store.appendToStream('m-2', batch, { expectedRevision: 'no_stream' });
      expect(retry.nextExpectedRevision).toBe(1n);
      expect(written('m-2')).toHaveLength(2);
    });

    it('commit then silence under `any`: AppendOutcomeUnknownError after the timeout, never sent twice (the server could write it twice)', async () => {
      const batch = events(1);
      current.server.faults.failNextAppends('commit-then-silence');
      const error = await current.store.appendToStream('m-3', batch, { expectedRevision: 'any' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppendOutcomeUnknownError);
      expect((error as Error).message).toMatch(/no answer within 2000 ms/);
      expect(current.server.faults.appendsReceived).toBe(1);
      expect(written('m-3')).toEqual(batch.map((e) => e.id));
    });

    it('the server dies after committing: AppendOutcomeUnknownError, not "nothing written"', async () => {
      current.server.faults.failNextAppends('commit-then-silence');
      const pending = current.store.appendToStream('m-4', [anEvent()], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
      await until(() => current.server.faults.appendsReceived === 1);
      await current.server.stop();
      expect(await pending).toBeInstanceOf(AppendOutcomeUnknownError);
      expect(written('m-4')).toHaveLength(1);
    });
  });

  describe('an append the server did not handle ("Server Is Not Ready" / "Server Is Busy")', () => {
    it('is tried again after growing pauses, and succeeds once the server takes it', async () => {
      current.server.faults.failNextAppends('not-ready', 2);
      current.server.faults.failNextAppends('busy');
      const result = await current.store.appendToStream('m-5', events(2), { expectedRevision: 'no_stream' });
      expect(result.nextExpectedRevision).toBe(1n);
      expect(current.server.faults.appendsReceived).toBe(4);
      expect(written('m-5')).toHaveLength(2);
    });

    it('still refused after the retries: EventStoreUnavailableError (nothing written), never an unknown error', async () => {
      current.server.faults.failNextAppends('busy', 4);
      const error = await current.store.appendToStream('m-6', events(1), { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toMatch(/Server Is (Too )?Busy/);
      expect(current.server.faults.appendsReceived).toBe(4);
      expect(written('m-6')).toEqual([]);
    });
  });
});

describe('EventStoreDB adapter, subscriptions and positions the server refuses or drops', () => {
  const current = serverAndStorePerTest(settings);

  it('a position that is no event boundary (INVALID_ARGUMENT): readAll says so, a subscription gives up after 3 tries and says so', async () => {
    const result = await current.store.appendToStream('m-7', events(2), { expectedRevision: 'no_stream' });
    const inside = { commit: result.position.commit - 1n, prepare: result.position.prepare - 1n };
    await expect(current.store.readAll({ after: inside })).rejects.toBeInstanceOf(InvalidPositionError);
    const seen: RecordedEvent[] = [];
    const subscription = current.store.subscribeToAll((e) => { seen.push(e); }, { after: inside });
    const error = await subscription.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidPositionError);
    expect((error as Error).message).toMatch(/refused to start the subscription there 3 times/);
    expect(current.server.faults.subscriptionsRequested).toBe(3);
    expect(seen).toEqual([]);
  });

  it('"consumer too slow" ends a live subscription: it resubscribes after the last delivered event, nothing lost or repeated', async () => {
    const seen: string[] = [];
    const subscription = current.store.subscribeToAll((e) => { seen.push(e.id); });
    const before = events(3);
    await current.store.appendToStream('m-8', before, { expectedRevision: 'no_stream' });
    await until(() => seen.length === 3);
    expect(current.server.faults.dropSubscriptionsAsTooSlow()).toBe(1);
    const after = events(3);
    await current.store.appendToStream('m-8', after, { expectedRevision: 2n });
    await until(() => seen.length >= 6 && current.server.faults.subscriptionsRequested === 2);
    const last = anEvent(9);
    await current.store.appendToStream('m-8', [last], { expectedRevision: 5n });
    await until(() => seen.includes(last.id));
    await subscription.stop();
    expect(seen).toEqual([...before, ...after, last].map((e) => e.id));
  });

  it('after a server restart, a retry is recognised: by the server under an exact revision, by the adapter (the batch ends the stream) under `any`', async () => {
    const exact = events(1);
    const loose = events(1);
    await current.store.appendToStream('m-9', exact, { expectedRevision: 'no_stream' });
    await current.store.appendToStream('m-10', loose, { expectedRevision: 'any' });
    await current.server.restart();
    await expect(current.store.readStream('m-9')).resolves.toHaveLength(1); // lets the client find its new connection
    await current.store.appendToStream('m-9', exact, { expectedRevision: 'no_stream' });
    await current.store.appendToStream('m-10', loose, { expectedRevision: 'any' });
    expect(await current.store.readStream('m-9')).toHaveLength(1);
    expect(await current.store.readStream('m-10')).toHaveLength(1);
  });
});

describe('EventStoreDB adapter, store identity', () => {
  it('is stamped once in its own stream: adapters starting together agree, another server has another, and readAll never shows it', async () => {
    const server = await startEsdbTestServer();
    const other = await startEsdbTestServer();
    const stores = await Promise.all([server, server, server, other].map((s) => EsdbEventStore.connect(s.connectionString, settings)));
    try {
      const identities = await Promise.all(stores.map((s) => s.storeIdentity()));
      expect(new Set(identities.slice(0, 3)).size).toBe(1);
      expect(identities[3]).not.toBe(identities[0]);
      expect(server.state.stream('clause-ledger-store-identity')?.events).toHaveLength(1);
      expect(await stores[0].readAll()).toEqual([]);
      const restarted = await EsdbEventStore.connect(server.connectionString, settings);
      expect(await restarted.storeIdentity()).toBe(identities[0]);
      await restarted.close();
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await server.stop();
      await other.stop();
    }
  });
});
