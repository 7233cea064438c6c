import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, SqliteEventStore } from '@clause-ledger/event-store';
import { DomainEvent } from '@clause-ledger/domain';
import { SYSTEM_ACTOR } from '../auth/actor';
import { CommandMetrics, MetricsRegistry } from '../metrics/command-metrics';
import { CommandExecutor, CommandMeta, Evolve } from './command-executor';

type Seen = { type: string; version: number; data: unknown }[];
/** A state that is every event as folded: two folds are equal only if they saw the same events in the same form. */
const evolve: Evolve<Seen> = (state, event: { type: string; version: number; data: unknown }) => [...(state ?? []), event];
const meta = (n: number, idempotencyKey?: string): CommandMeta => ({ commandType: 'Record', payload: { n }, actor: SYSTEM_ACTOR, ...(idempotencyKey ? { idempotencyKey } : {}) });
/** Data that JSON changes: a Date becomes a string, undefined properties vanish, undefined in an array becomes null. */
const recorded = (n: number): DomainEvent[] => [{ type: 'ThingRecorded', version: 2, data: { n, at: new Date(Date.UTC(2026, 5, n)), gone: undefined, list: [n, undefined] } } as never];
const stream = 'thing-1';

/** The store with some of its members replaced (the others are the store's own). */
function delegatingTo(store: SqliteEventStore, replaced: Partial<EventStore>): EventStore {
  return {
    knownHeads: store.knownHeads,
    appendToStream: (...args) => store.appendToStream(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    subscribeToAll: (...args) => store.subscribeToAll(...args),
    headPosition: () => store.headPosition(),
    storeIdentity: () => store.storeIdentity(),
    close: () => store.close(),
    ...replaced,
  };
}

/** A thing that can be closed and reopened: a decision on a closed one is refused. */
type Thing = { open: boolean };
const evolveThing: Evolve<Thing> = (_state, event: { type: string }) => ({ open: event.type !== 'ThingClosed' });
const thingEvent = (type: string): DomainEvent[] => [{ type, version: 1, data: {} } as never];
const refusedWhenClosed = (state: Thing | undefined): DomainEvent[] => {
  if (state && !state.open) throw new Error('THING_CLOSED: refused on a closed thing');
  return thingEvent('ThingRecorded');
};
const command = (commandType: string, extra: Partial<CommandMeta> = {}): CommandMeta => ({ commandType, payload: { r: randomUUID() }, actor: SYSTEM_ACTOR, ...extra });


describe('CommandExecutor on a store that knows its streams', () => {
  let dir: string;
  let store: SqliteEventStore;
  const executor = (on: EventStore = store) => new CommandExecutor(on, new CommandMetrics(new MetricsRegistry()));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-executor-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decides the next command on a stream it wrote without reading the store', async () => {
    const commands = executor();
    await commands.execute(meta(1), { streamId: stream, evolve }, () => recorded(1));
    const reads = jest.spyOn(store, 'readStream');

    await commands.execute(meta(2), { streamId: stream, evolve }, (state) => recorded((state?.length ?? 0) + 1));

    expect(reads).not.toHaveBeenCalled();
    expect((await store.readStream(stream)).map((e) => e.data)).toEqual([expect.objectContaining({ n: 1 }), expect.objectContaining({ n: 2 })]);
  });

  it('folds its own appends exactly as a read of the stream gives them back', async () => {
    const commands = executor();
    for (let n = 1; n <= 3; n++) await commands.execute(meta(n), { streamId: stream, evolve }, () => recorded(n));

    const fromMemory = await commands.state(stream, evolve);
    const fromTheStore = await executor().state(stream, evolve);

    expect(fromMemory).toStrictEqual(fromTheStore);
    expect(fromTheStore?.[0].data).toStrictEqual({ n: 1, at: '2026-06-01T00:00:00.000Z', list: [1, null] });
  });

  it('answers a retried Idempotency-Key from memory with the first result, as a fresh read would', async () => {
    const commands = executor();
    const first = await commands.execute(meta(1, 'key-1'), { streamId: stream, evolve }, () => [...recorded(1), ...recorded(2)]);
    const reads = jest.spyOn(store, 'readStream');

    const retried = await commands.execute(meta(1, 'key-1'), { streamId: stream, evolve }, () => recorded(9));
    expect(reads).not.toHaveBeenCalled();
    const retriedElsewhere = await executor().execute(meta(1, 'key-1'), { streamId: stream, evolve }, () => recorded(9));

    expect(retried).toEqual({ ...first, replayed: true });
    expect(retriedElsewhere).toEqual(retried);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('derives event ids from the Idempotency-Key as earlier versions did (a retry after an upgrade is still recognised)', async () => {
    await executor().execute(meta(1, 'key-7'), { streamId: stream, evolve }, () => [...recorded(1), ...recorded(2)]);
    // uuid v5 of "<key>|<stream>|<index>" in the executor's namespace, as written since the first version
    const namespace = 'b7a8b8a4-6a59-4d39-9c5e-2f7b1f3c0c11';
    expect((await store.readStream(stream)).map((e) => e.id)).toEqual([uuidv5(`key-7|${stream}|0`, namespace), uuidv5(`key-7|${stream}|1`, namespace)]);
  });

  it('state() outside a command reads what another process appended, though nothing it writes would tell', async () => {
    const commands = executor();
    await commands.execute(meta(1), { streamId: stream, evolve }, () => recorded(1));
    const other = await SqliteEventStore.open(join(dir, 'events.db'));
    try {
      await other.appendToStream(stream, [{ id: randomUUID(), type: 'ThingRecorded', data: { n: 2 } }], { expectedRevision: 0n });
    } finally {
      await other.close();
    }

    expect((await commands.state(stream, evolve))?.map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
  });

  it('reads the stream before every decision on a store that knows nothing (EventStoreDB)', async () => {
    const commands = executor(delegatingTo(store, { knownHeads: undefined }));
    await commands.execute(meta(1), { streamId: stream, evolve }, () => recorded(1));
    const reads = jest.spyOn(store, 'readStream');

    await commands.execute(meta(2), { streamId: stream, evolve }, () => recorded(2));

    expect(reads.mock.calls.map(([streamId]) => streamId)).toEqual(expect.arrayContaining([stream]));
  });

  /** Another process (a second API instance, an operator's tool) writes the same file: what a decision from memory must not miss. */
  describe('while another process writes the same file', () => {
    let other: SqliteEventStore;

    beforeEach(async () => {
      other = await SqliteEventStore.open(join(dir, 'events.db'));
    });
    afterEach(async () => {
      await other.close();
    });

    it('does not refuse on memory another process made stale: a refusal is decided again on what is read', async () => {
      const commands = executor();
      await commands.execute(command('Close'), { streamId: stream, evolve: evolveThing }, () => thingEvent('ThingClosed'));
      await other.appendToStream(stream, [{ id: randomUUID(), type: 'ThingReopened', data: {} }], { expectedRevision: 0n });

      await expect(commands.execute(command('Record'), { streamId: stream, evolve: evolveThing }, refusedWhenClosed)).resolves.toMatchObject({ revision: '2' });
    });

    it('takes a pinned revision (If-Match) that another process produced', async () => {
      const commands = executor();
      await commands.execute(command('Record'), { streamId: stream, evolve: evolveThing }, () => thingEvent('ThingRecorded'));
      await other.appendToStream(stream, [{ id: randomUUID(), type: 'ThingRecorded', data: {} }], { expectedRevision: 0n });

      await expect(commands.execute(command('Record', { expectedRevision: 1n }), { streamId: stream, evolve: evolveThing }, refusedWhenClosed)).resolves.toMatchObject({ revision: '2' });
    });

    it('writes a decision taken on reads while another process keeps writing other streams', async () => {
      let n = 0;
      // the other instance commits to its own streams before each of our appends (two busy API instances)
      const busyNeighbour = delegatingTo(store, {
        appendToStream: async (...args) => {
          await other.appendToStream(`other-${n++}`, [{ id: randomUUID(), type: 'X', data: {} }], { expectedRevision: 'no_stream' });
          return store.appendToStream(...args);
        },
      });

      await expect(executor(busyNeighbour).execute(command('Record'), { streamId: stream, evolve: evolveThing }, refusedWhenClosed)).resolves.toMatchObject({ revision: '0' });
    });

    it('refuses a decision whose memory was forgotten while it was being taken (the epoch is taken before anything is looked at)', async () => {
      const commands = executor();
      await commands.execute(command('Open'), { streamId: 'market-1', evolve: evolveThing }, () => thingEvent('ThingOpened'));
      let first = true;
      const decided = commands.execute(command('Declare'), { streamId: 'placement-1', evolve: evolveThing }, async (_state, stateOf) => {
        const market = await stateOf('market-1', evolveThing); // from memory: open
        if (first) {
          first = false;
          await other.appendToStream('market-1', [{ id: randomUUID(), type: 'ThingClosed', data: {} }], { expectedRevision: 0n });
          // an append of ours in between: its group sees the other commit, and the store forgets what it knew
          await store.appendToStream('unrelated', [{ id: randomUUID(), type: 'X', data: {} }], { expectedRevision: 'any' });
        }
        if (!market?.open) throw new Error('MARKET_CLOSED');
        return thingEvent('HoursDeclared');
      });

      await expect(decided).rejects.toThrow('MARKET_CLOSED');
    });
  });
});
