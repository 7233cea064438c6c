import { InMemoryLog, startEsdbTestServer } from '../../../../test/esdb-server';
import { anEvent, events, serverAndStorePerTest, until } from '../../../../test/esdb-server/adapter-fixture';
import { EventData, EventStoreUnavailableError, RecordedEvent, WrongExpectedRevisionError } from '../event-store.port';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { describeEventChainContract } from '../testing/event-chain.contract';
import { EsdbEventStore, EsdbEventStoreOptions } from './esdb-event-store';

const fast: EsdbEventStoreOptions = { operationTimeoutMs: 3_000, connectTimeoutMs: 2_000, resubscribe: { initialDelayMs: 50, maxDelayMs: 400 } };

describeEventStoreContract('EventStoreDB over gRPC (test server)', async () => {
  const server = await startEsdbTestServer();
  const store = await EsdbEventStore.connect(server.connectionString, fast);
  return { store, tombstone: async (streamId) => server.state.tombstone(streamId), cleanup: async () => { await store.close(); await server.stop(); } };
}, { tombstones: true });

describeEventChainContract('EventStoreDB over gRPC (test server)', async () => {
  const server = await startEsdbTestServer();
  const store = await EsdbEventStore.connect(server.connectionString, fast);
  return { store, cleanup: async () => { await store.close(); await server.stop(); } };
});

const realServer = process.env.EVENTSTORE_CONNECTION_STRING;
if (realServer) {
  describeEventStoreContract('EventStoreDB (real server from EVENTSTORE_CONNECTION_STRING)', async () => {
    const store = await EsdbEventStore.connect(realServer);
    return { store, cleanup: () => store.close() };
  });
  describeEventChainContract('EventStoreDB (real server from EVENTSTORE_CONNECTION_STRING)', async () => {
    const store = await EsdbEventStore.connect(realServer);
    return { store, cleanup: () => store.close() };
  });
}

describe('EventStoreDB adapter', () => {
  const current = serverAndStorePerTest(fast);

  it('a live subscription survives a server restart: every event once, in order', async () => {
    const seen: string[] = [];
    const subscription = current.store.subscribeToAll((e) => { seen.push(e.id); });
    const before = events(3);
    await current.store.appendToStream('market-1', before, { expectedRevision: 'no_stream' });
    await until(() => seen.length === 3);

    await current.server.restart();
    const after = events(4);
    for (const [i, e] of after.entries()) {
      await retryWhileUnavailable(() => current.store.appendToStream('market-1', [e], { expectedRevision: BigInt(2 + i) }));
    }
    // a repeat would come before a last event appended now: wait for that one, not for a quiet moment
    const last = anEvent();
    await current.store.appendToStream('market-1', [last], { expectedRevision: 6n });
    await until(() => seen.includes(last.id));
    await subscription.stop();
    expect(seen).toEqual([...before, ...after, last].map((e) => e.id));
  });

  it('events appended while the subscription is cut off are delivered after it reconnects', async () => {
    const seen: string[] = [];
    const subscription = current.store.subscribeToAll((e) => { seen.push(e.id); });
    const first = anEvent();
    await current.store.appendToStream('market-2', [first], { expectedRevision: 'no_stream' });
    await until(() => seen.length === 1);

    await current.server.stop();
    // written straight into the server's log while no client can reach it
    const missed = events(3);
    current.server.state.append('market-2', 0n, missed.map(asProposed));
    await new Promise((resolve) => setTimeout(resolve, 600)); // several refused resubscriptions
    await current.server.start();
    await until(() => seen.length === 4);
    let settled = false;
    subscription.done.finally(() => { settled = true; });
    await current.store.appendToStream('market-2', [anEvent()], { expectedRevision: 3n });
    await until(() => seen.length === 5);
    expect(settled).toBe(false);
    await subscription.stop();
    expect(seen.slice(0, 4)).toEqual([first, ...missed].map((e) => e.id));
  });

  it('restarts in the middle of the catch-up neither lose nor repeat events', async () => {
    const written = events(200);
    for (let i = 0; i < written.length; i += 20) {
      await current.store.appendToStream('market-6', written.slice(i, i + 20), { expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1) });
    }
    const seen: string[] = [];
    let held: Promise<void> | undefined; // while set, the handler waits: the restart lands mid catch-up whatever the scheduler does
    const subscription = current.store.subscribeToAll(async (e) => {
      await held;
      seen.push(e.id);
    });
    for (let restart = 0; restart < 2; restart++) {
      await until(() => seen.length > 40 * (restart + 1));
      let release!: () => void;
      held = new Promise((resolve) => { release = resolve; });
      await current.server.stop();
      await current.server.start();
      expect(seen.length).toBeLessThan(written.length);
      held = undefined;
      release();
    }
    const last = anEvent();
    await retryWhileUnavailable(() => current.store.appendToStream('market-6', [last], { expectedRevision: 199n }));
    await until(() => seen.includes(last.id));
    await subscription.stop();
    expect(seen).toEqual([...written, last].map((e) => e.id));
  });

  it('a subscription opened while the server is down starts once it is back', async () => {
    const written = events(2);
    await current.store.appendToStream('market-7', written, { expectedRevision: 'no_stream' });
    await current.server.stop();
    const seen: string[] = [];
    const subscription = current.store.subscribeToAll((e) => { seen.push(e.id); });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await current.server.start();
    await until(() => seen.length === 2);
    await subscription.stop();
    expect(seen).toEqual(written.map((e) => e.id));
  });

  it('an append while the server is down (connection refused, nothing sent) fails fast with EventStoreUnavailableError; the first one after the restart succeeds', async () => {
    await current.store.appendToStream('market-3', [anEvent()], { expectedRevision: 'no_stream' });
    await current.server.stop();
    const started = Date.now();
    // the first call finds the old connection dead: a read, so that the append below meets a refused connection
    await expect(current.store.readStream('market-3')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(current.store.appendToStream('market-3', [anEvent()], { expectedRevision: 0n })).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(fast.operationTimeoutMs! + 2_000); // bounded by the timeout, with room for a loaded machine

    await current.server.start();
    const result = await current.store.appendToStream('market-3', [anEvent()], { expectedRevision: 0n });
    expect(result.nextExpectedRevision).toBe(1n);
  });

  it('system events never reach readAll or a subscription, even between user events', async () => {
    await current.store.appendToStream('market-4', [anEvent(0)], { expectedRevision: 'no_stream' });
    current.server.state.writeSystemEvent();
    current.server.state.writeSystemEvent('$$market-4', '$metadata');
    current.server.state.writeSystemEvent('$projections-$all', 'ProjectionCreated');
    await current.store.appendToStream('market-4', [anEvent(1)], { expectedRevision: 0n });
    const seen: RecordedEvent[] = [];
    const subscription = current.store.subscribeToAll((e) => { seen.push(e); });
    const all = await current.store.readAll({ maxCount: 2 });
    await until(() => seen.length === 2);
    await subscription.stop();
    expect(all.map((e) => e.data)).toEqual([{ n: 0 }, { n: 1 }]);
    expect(seen.map((e) => e.data)).toEqual([{ n: 0 }, { n: 1 }]);
  });

  it('appends through the older Streams.Append call too, when the server does not offer BatchAppend', async () => {
    const legacy = await startEsdbTestServer({ batchAppend: false });
    const legacyStore = await EsdbEventStore.connect(legacy.connectionString, fast);
    try {
      const batch = events(2);
      const first = await legacyStore.appendToStream('market-5', batch, { expectedRevision: 'no_stream' });
      expect(first.nextExpectedRevision).toBe(1n);
      const again = await legacyStore.appendToStream('market-5', batch, { expectedRevision: 'no_stream' });
      expect(again).toEqual(first);
      const conflict = await legacyStore.appendToStream('market-5', [anEvent()], { expectedRevision: 0n }).catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(WrongExpectedRevisionError);
      expect((conflict as WrongExpectedRevisionError).actual).toBe(1n);
    } finally {
      await legacyStore.close();
      await legacy.stop();
    }
  });
});

describe('EventStoreDB adapter: revisions and positions beyond 2^53', () => {
  it('keeps them exact through appends, reads, readAll and subscriptions', async () => {
    const big = 2n ** 53n + 7n;
    const state = new InMemoryLog({ firstPosition: 2n ** 62n + 3n });
    state.seedStream('market-big', big);
    const server = await startEsdbTestServer({ state });
    const store = await EsdbEventStore.connect(server.connectionString, fast);
    try {
      const head = await store.headPosition();
      expect(head.commit).toBe(2n ** 62n + 3n);
      const written = events(2);
      const result = await store.appendToStream('market-big', written, { expectedRevision: big });
      expect(result.nextExpectedRevision).toBe(big + 2n);
      const read = await store.readStream('market-big');
      expect(read.map((e) => e.revision)).toEqual([big + 1n, big + 2n]);
      expect(read[1].position).toEqual(result.position);
      expect(read[0].position.commit > 2n ** 62n).toBe(true);

      const all = await store.readAll({ after: head });
      expect(all.map((e) => e.id)).toEqual(written.map((e) => e.id));
      const afterFirst = await store.readAll({ after: all[0].position });
      expect(afterFirst.map((e) => e.id)).toEqual([written[1].id]);

      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll((e) => { seen.push(e); }, { after: all[0].position });
      await until(() => seen.length === 1);
      await subscription.stop();
      expect(seen[0]).toMatchObject({ id: written[1].id, revision: big + 2n, position: result.position });
    } finally {
      await store.close();
      await server.stop();
    }
  });
});

describe('EsdbEventStore.connect', () => {
  it('refuses a malformed connection string with a clear message, without printing the password', async () => {
    await expect(EsdbEventStore.connect('esdb://admin:secret@127.0.0.1:notaport')).rejects.toThrow(/invalid EventStoreDB connection string "esdb:\/\/admin:\*\*\*@127\.0\.0\.1:notaport"/);
    await expect(EsdbEventStore.connect('http://127.0.0.1:2113')).rejects.toThrow(/invalid EventStoreDB connection string/);
  });

  it('stops the start with a clear message when nothing answers', async () => {
    const server = await startEsdbTestServer();
    const { connectionString } = server;
    await server.stop();
    const started = Date.now();
    const error = await EsdbEventStore.connect(connectionString, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as Error).message).toMatch(/cannot use EventStoreDB at "esdb:\/\/127\.0\.0\.1:\d+\?tls=false"/);
    expect(Date.now() - started).toBeLessThan(fast.connectTimeoutMs! + 1_000);
  });
});

async function retryWhileUnavailable<T>(run: () => Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof EventStoreUnavailableError) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function asProposed(e: EventData) {
  return { id: e.id, type: e.type, contentType: 'application/json', data: Buffer.from(JSON.stringify(e.data)), customMetadata: new Uint8Array() };
}


