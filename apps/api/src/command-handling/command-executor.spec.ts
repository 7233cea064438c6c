import { randomUUID } from 'node:crypto';
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
    const knowsNothing: EventStore = {
      appendToStream: (...args) => store.appendToStream(...args),
      readStream: (...args) => store.readStream(...args),
      readAll: (...args) => store.readAll(...args),
      subscribeToAll: (...args) => store.subscribeToAll(...args),
      headPosition: () => store.headPosition(),
      storeIdentity: () => store.storeIdentity(),
      close: () => store.close(),
    };
    const commands = executor(knowsNothing);
    await commands.execute(meta(1), { streamId: stream, evolve }, () => recorded(1));
    const reads = jest.spyOn(store, 'readStream');

    await commands.execute(meta(2), { streamId: stream, evolve }, () => recorded(2));

    expect(reads.mock.calls.map(([streamId]) => streamId)).toEqual(expect.arrayContaining([stream]));
  });
});
