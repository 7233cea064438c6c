/**
 * The test server answers @eventstore/db-client the way EventStoreDB does, checked here with the
 * client itself (the adapter's own tests run the shared contract on top of it).
 */
import {
  DeadlineExceededError, EventStoreDBClient, END, MaxAppendSizeExceededError, Position, ResolvedEvent, StreamDeletedError, StreamNotFoundError,
  TimeoutError, UnknownError, WrongExpectedVersionError, excludeSystemEvents, jsonEvent,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { EsdbTestServer, startEsdbTestServer } from '.';
import { until as pollUntil } from '../support/until';

const event = (n: number, id?: string) => jsonEvent({ id, type: 'ThingHappened', data: { n } });

async function drain<T>(read: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of read) out.push(item);
  return out;
}

const until = (check: () => boolean) => pollUntil(check, 5_000);

describe('EventStoreDB test server, through the official client', () => {
  let server: EsdbTestServer;
  let client: EventStoreDBClient;

  beforeEach(async () => {
    server = await startEsdbTestServer();
    client = EventStoreDBClient.connectionString(server.connectionString);
  });
  afterEach(async () => {
    await client.dispose();
    await server.stop();
  });

  it('reads $all forwards from a position inclusively, backwards from a position exclusively', async () => {
    await client.appendToStream('s-1', [event(0), event(1), event(2)]);
    const all = (await drain(client.readAll())).map((e) => e.event!);
    const second = all.find((e) => e.streamId === 's-1' && e.revision === 1n)!;
    const forwards = await drain(client.readAll({ fromPosition: second.position, maxCount: 2 }));
    expect(forwards.map((e) => e.event!.revision)).toEqual([1n, 2n]);
    const backwards = await drain(client.readAll({ fromPosition: second.position, direction: 'backwards', maxCount: 1 }));
    expect(backwards.map((e) => e.event!.revision)).toEqual([0n]);
  });

  it('starts a subscription strictly after its position, says when it caught up, and checkpoints over filtered events', async () => {
    await client.appendToStream('s-2', [event(0), event(1)]);
    const [, first] = (await drain(client.readAll())).map((e) => e.event!);
    const checkpoints: Position[] = [];
    const subscription = client.subscribeToAll({
      fromPosition: first.position,
      filter: excludeSystemEvents({ checkpointInterval: 1, maxSearchWindow: 1, checkpointReached: (_s, p) => { checkpoints.push(p); } }),
    });
    let caughtUp = false;
    subscription.on('caughtUp', () => { caughtUp = true; });
    const seen: bigint[] = [];
    subscription.on('data', (e: ResolvedEvent) => seen.push(e.event!.revision));
    await until(() => caughtUp && seen.length === 1);
    const system = server.state.writeSystemEvent();
    await until(() => checkpoints.length === 1);
    await subscription.unsubscribe();
    expect(seen).toEqual([1n]);
    expect(checkpoints).toEqual([{ commit: system.position, prepare: system.position }]);
  });

  it('treats a retry of the same event ids as already written, and a partial retry as a conflict', async () => {
    const ids = [randomUUID(), randomUUID()];
    const first = await client.appendToStream('s-3', [event(0, ids[0]), event(1, ids[1])], { expectedRevision: 'no_stream' });
    const again = await client.appendToStream('s-3', [event(0, ids[0]), event(1, ids[1])], { expectedRevision: 'any' });
    expect(again).toEqual(first);
    const partial = await client.appendToStream('s-3', [event(0, ids[0]), event(9)], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
    expect(partial).toBeInstanceOf(WrongExpectedVersionError);
    expect((partial as WrongExpectedVersionError).actualVersion).toBe(1n);
    expect(await drain(client.readStream('s-3'))).toHaveLength(2);
  });

  it('answers stream-not-found for a missing stream, and subscribes to a stream strictly after a revision', async () => {
    await expect(drain(client.readStream('nowhere'))).rejects.toBeInstanceOf(StreamNotFoundError);
    await client.appendToStream('s-4', [event(0), event(1), event(2)]);
    const seen: bigint[] = [];
    const subscription = client.subscribeToStream('s-4', { fromRevision: 0n });
    subscription.on('data', (e: ResolvedEvent) => seen.push(e.event!.revision));
    await until(() => seen.length === 2);
    await client.appendToStream('s-4', [event(3)]);
    await until(() => seen.length === 3);
    await subscription.unsubscribe();
    expect(seen).toEqual([1n, 2n, 3n]);
  });

  it('keeps its events and its port across stop() and start()', async () => {
    await client.appendToStream('s-5', [event(0)]);
    const { port } = server;
    await server.stop();
    await server.start();
    expect(server.port).toBe(port);
    // the client drops its broken channel on the first failed call: the first read after a restart may fail
    const readLast = () => drain(client.readAll({ fromPosition: END, direction: 'backwards', maxCount: 1 }));
    const [last] = await readLast().catch(readLast);
    expect(last.event!.streamId).toBe('s-5');
  });

  describe('failure modes, as EventStoreDB shows them', () => {
    it('"Server Is Not Ready" / "Server Is Busy" on BatchAppend: a status the client cannot name, nothing written', async () => {
      server.faults.failNextAppends('not-ready');
      server.faults.failNextAppends('busy');
      const notReady = await client.appendToStream('f-1', [event(0)]).catch((e: unknown) => e);
      const busy = await client.appendToStream('f-1', [event(0)]).catch((e: unknown) => e);
      expect(notReady).toBeInstanceOf(UnknownError);
      expect((notReady as Error).message).toMatch(/Server Is Not Ready/);
      expect((busy as Error).message).toMatch(/Server Is Busy/);
      await expect(drain(client.readStream('f-1'))).rejects.toBeInstanceOf(StreamNotFoundError);
    });

    it('commit then timeout: the client gets DeadlineExceeded although the events are written', async () => {
      server.faults.failNextAppends('commit-then-timeout');
      const error = await client.appendToStream('f-2', [event(0)], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeadlineExceededError);
      expect(server.state.stream('f-2')?.events).toHaveLength(1);
    });

    it('refuses an append over 1 MiB (data + metadata + 2 bytes per type character), on both append calls', async () => {
      const big = (n: number) => jsonEvent({ type: 'Big', data: { blob: 'x'.repeat(n) } });
      const error = await client.appendToStream('f-3', [big(600_000), big(600_000)]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      expect((error as MaxAppendSizeExceededError).maxAppendSize).toBe(1_048_576);
      await client.appendToStream('f-3', [big(1_000_000)]);
      const legacy = await startEsdbTestServer({ batchAppend: false });
      const legacyClient = EventStoreDBClient.connectionString(legacy.connectionString);
      try {
        await expect(legacyClient.appendToStream('f-3', [big(1_100_000)])).rejects.toBeInstanceOf(MaxAppendSizeExceededError);
      } finally {
        await legacyClient.dispose();
        await legacy.stop();
      }
      expect(server.state.stream('f-3')?.events).toHaveLength(1);
    });

    it('after a restart, recognises a retry only under an exact expected revision', async () => {
      const exact = [event(0, randomUUID())];
      const loose = [event(0, randomUUID())];
      await client.appendToStream('f-4', exact, { expectedRevision: 'no_stream' });
      await client.appendToStream('f-5', loose, { expectedRevision: 'any' });
      await server.restart();
      const retry = () => client.appendToStream('f-4', exact, { expectedRevision: 'no_stream' });
      await retry().catch(retry);
      await client.appendToStream('f-5', loose, { expectedRevision: 'any' });
      expect(server.state.stream('f-4')?.events).toHaveLength(1);
      expect(server.state.stream('f-5')?.events).toHaveLength(2);
    });

    it('confirms a subscription from a position that is no event boundary, then ends it with INVALID_ARGUMENT', async () => {
      await client.appendToStream('f-6', [event(0), event(1)]);
      const [first] = (await drain(client.readAll())).map((e) => e.event!).filter((e) => e.streamId === 'f-6');
      const inside = { commit: first.position.commit + 1n, prepare: first.position.prepare + 1n };
      await expect(drain(client.readAll({ fromPosition: inside }))).rejects.toMatchObject({ code: 3 });
      const subscription = client.subscribeToAll({ fromPosition: inside });
      let confirmed = false;
      subscription.on('confirmation', () => { confirmed = true; });
      await expect(drain(subscription)).rejects.toMatchObject({ code: 3, message: expect.stringMatching(/invalid position/) });
      expect(confirmed).toBe(true);
    });

    it('ends live subscriptions with "consumer too slow" (ABORTED) on demand', async () => {
      const subscription = client.subscribeToAll({ fromPosition: END });
      let confirmed = false;
      subscription.on('confirmation', () => { confirmed = true; });
      const ended = drain(subscription).catch((e: unknown) => e);
      await until(() => confirmed);
      expect(server.faults.dropSubscriptionsAsTooSlow()).toBe(1);
      const error = await ended;
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).message).toMatch(/Consumer too slow/);
    });

    it('a tombstoned stream refuses reads and appends with stream-deleted, whatever the expected revision', async () => {
      await client.appendToStream('f-7', [event(0)]);
      server.state.tombstone('f-7');
      await expect(drain(client.readStream('f-7'))).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(client.appendToStream('f-7', [event(1)], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(client.appendToStream('f-7', [event(1)], { expectedRevision: 0n })).rejects.toBeInstanceOf(StreamDeletedError);
    });
  });
});
