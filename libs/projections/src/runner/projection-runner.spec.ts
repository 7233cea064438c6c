import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EVENT_CORRECTIONS_STREAM, StoredEventCorrected, upcasterRegistry } from '@clause-ledger/domain';
import { aMarketRegistered } from '@clause-ledger/domain/testing/fixtures';
import { EventStore, Position, SqliteEventStore, comparePositions, positionToString } from '@clause-ledger/event-store';
import { executionTrackingProjection } from '../execution-tracking/execution-tracking.projection';
import { Projection } from './projection';
import { ProjectionRunner, RunnerOptions } from './projection-runner';
import { ReadModelStore } from './read-model-store';
import { until } from '../../../../test/support/until';

/** Accounts: a tiny projection whose evolve throws like a real one on a payload missing a field. */
interface Account { readonly owner: string; readonly balance: number; readonly history: readonly string[] }
type Data = { account?: string; owner?: { name: string }; amount?: number; from?: string; to?: string };
const accounts: Projection<Account> = {
  name: 'accounts',
  version: 1,
  keysOf: (e) => {
    const d = e.data as Data;
    if (e.type === 'Transferred') return [d.from!, d.to!];
    return e.type === 'Opened' || e.type === 'Deposited' ? [d.account!.toString()] : [];
  },
  evolve: (doc, e, key) => {
    const d = e.data as Data;
    if (e.type === 'Opened') return { owner: d.owner!.name, balance: 0, history: [e.id] };
    if (!doc) throw new Error(`account ${key} is not open`);
    const amount = e.type === 'Transferred' && key === d.from ? -d.amount! : d.amount!;
    return { ...doc, balance: doc.balance + amount, history: [...doc.history, e.id] };
  },
};

/** Owners of accounts: a second tiny projection, to start several runners together. */
type Owner = { owner: string };
const owners = (name: string): Projection<Owner> => ({
  name, version: 1,
  keysOf: (e) => (e.type === 'Opened' ? [(e.data as { account: string }).account] : []),
  evolve: (_doc, e) => ({ owner: (e.data as { owner: string }).owner }),
});

// every behaviour holds whether the live batches are written on this thread or by the writer thread
describe.each([
  ['written by the folding thread', false],
  ['written behind, by the writer thread', true],
])('projection runner (read models %s)', (_how, writeBehind) => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: ReadModelStore;
  const runners: ProjectionRunner<unknown>[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-runner-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
    readModels = ReadModelStore.open(join(dir, 'read-models.db'), { writeBehind });
  });
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function append(type: string, data: unknown, schemaVersion = 1, streamId = 'accounts'): Promise<{ id: string; position: Position }> {
    const id = randomUUID();
    const { position } = await store.appendToStream(streamId, [{ id, type, data, metadata: { schemaVersion } }], { expectedRevision: 'any' });
    return { id, position };
  }
  const correct = (correctedEventId: string, correctedData: Record<string, unknown>) =>
    append('StoredEventCorrected', { correctedEventId, correctedData, reason: 'owner missing' } satisfies StoredEventCorrected['data'], 1, EVENT_CORRECTIONS_STREAM);
  async function started<Doc>(projection: Projection<Doc> = accounts as never, options: RunnerOptions = {}, models = readModels) {
    const runner = new ProjectionRunner(store, models, projection, options);
    runners.push(runner as ProjectionRunner<unknown>);
    await runner.start();
    return runner;
  }
  const doc = (key: string, models = readModels) => models.get<Account>('accounts', key);
  const parked = () => readModels.parked('accounts').map((p) => ({ type: p.type, keys: p.keys, error: p.error, position: positionToString(p.position) }));

  it('parks an event it cannot fold, with its error and documents, and keeps every other document live', async () => {
    const bad = await append('Opened', { account: 'a' });
    await append('Opened', { account: 'b', owner: { name: 'Bea' } });
    const runner = await started();
    const later = await append('Deposited', { account: 'b', amount: 5 });
    expect(await runner.waitFor(later.position, 5000)).toBe(true);
    expect(doc('a')).toBeUndefined();
    expect(doc('b')).toMatchObject({ owner: 'Bea', balance: 5 });
    expect(parked()).toEqual([{ type: 'Opened', keys: ['a'], position: positionToString(bad.position), error: expect.stringContaining("reading 'name'") }]);
    expect(readModels.parked('accounts')[0]).toMatchObject({ eventId: bad.id, streamId: 'accounts', event: { id: bad.id, data: { account: 'a' } } });
    expect(runner.status()).toMatchObject({ state: 'live', parked: 1 });
    expect(readModels.checkpoint('accounts')!.position).toEqual(later.position);
  });

  it('tells which parked event blocks a document under a key prefix (a market\'s placement documents)', async () => {
    await append('Opened', { account: 'm-1/p-1', owner: { name: 'Ana' } });
    const bad = await append('Transferred', { from: 'm-1/p-1', to: 'm-1/p-2', amount: 1 });
    const runner = await started();
    expect(runner.blockerUnder('m-1/')).toMatchObject({ eventId: bad.id, keys: ['m-1/p-1', 'm-1/p-2'] });
    expect(runner.blockerOf('m-1')).toBeUndefined();
    expect(runner.blockerUnder('m-2/')).toBeUndefined();
  });

  it('commits the good events of a batch around a bad one, and never half of the bad one', async () => {
    await append('Opened', { account: 'a', owner: { name: 'Ana' } });
    await append('Deposited', { account: 'a', amount: 10 });
    await append('Transferred', { from: 'a', to: 'nobody', amount: 7 });
    await append('Opened', { account: 'c', owner: { name: 'Cy' } });
    const runner = await started(accounts, { batchSize: 100 });
    expect(doc('a')).toMatchObject({ balance: 10 });
    expect(doc('c')).toMatchObject({ owner: 'Cy' });
    expect(parked()).toEqual([expect.objectContaining({ type: 'Transferred', keys: ['a', 'nobody'], error: 'account nobody is not open' })]);
    expect(runner.position).toEqual(await store.headPosition());
  });

  it('holds back later events of a blocked document in order, and releases them in order once the event is corrected', async () => {
    const bad = await append('Opened', { account: 'a' });
    const d1 = await append('Deposited', { account: 'a', amount: 1 });
    await append('Opened', { account: 'b', owner: { name: 'Bea' } });
    // touches a blocked document: b is blocked with it, so b's later events wait too
    const t = await append('Transferred', { from: 'b', to: 'a', amount: 2 });
    const d2 = await append('Deposited', { account: 'b', amount: 10 });
    await append('Opened', { account: 'c', owner: { name: 'Cy' } });
    const runner = await started();
    expect(parked().map((p) => p.type)).toEqual(['Opened', 'Deposited', 'Transferred', 'Deposited']);
    expect(parked()[1].error).toBe(`held back behind the parked event at ${positionToString(bad.position)} (document a)`);
    expect(doc('b')).toMatchObject({ balance: 0 });
    expect(doc('c')).toMatchObject({ owner: 'Cy' });

    const fix = await correct(bad.id, { account: 'a', owner: { name: 'Ana' } });
    expect(await runner.waitFor(fix.position, 5000)).toBe(true);
    expect(parked()).toEqual([]);
    expect(doc('a')).toEqual({ owner: 'Ana', balance: 3, history: [bad.id, d1.id, t.id] });
    expect(doc('b')).toMatchObject({ balance: 8, history: [expect.any(String), t.id, d2.id] });
    expect(runner.status().parked).toBe(0);
  });

  it('keeps a corrected event parked, with the new error, when the correction does not fold either', async () => {
    const bad = await append('Opened', { account: 'a' });
    const runner = await started();
    const fix = await correct(bad.id, { account: 'a', owner: null });
    expect(await runner.waitFor(fix.position, 5000)).toBe(true);
    expect(parked()).toEqual([expect.objectContaining({ keys: ['a'], error: expect.stringContaining('Cannot read') })]);
    expect(readModels.parked('accounts')[0].event.data).toEqual({ account: 'a' });
  });

  it('parks an event whose documents cannot be told with no keys, blocking nothing', async () => {
    await append('Opened', { owner: { name: 'Nobody' } });
    await append('Opened', { account: 'a', owner: { name: 'Ana' } });
    await started();
    expect(parked()).toEqual([expect.objectContaining({ keys: [], error: expect.stringContaining('blocks none') })]);
    expect(doc('a')).toMatchObject({ owner: 'Ana' });
  });

  it('keeps parked events and their blocking across a restart', async () => {
    await append('Opened', { account: 'a' });
    const first = await started();
    await first.stop();
    const later = await append('Deposited', { account: 'a', amount: 1 });
    const second = await started();
    expect(second.position).toEqual(later.position);
    expect(parked().map((p) => p.type)).toEqual(['Opened', 'Deposited']);
  });

  it('folds a parked event at restart once an upcaster for its old payload is deployed', async () => {
    const old = await append('Opened', { account: 'a', ownerName: 'Ana' }, 0);
    await append('Deposited', { account: 'a', amount: 4 });
    const before = await started();
    await before.stop();
    expect(parked()).toHaveLength(2);
    const upcasters = upcasterRegistry([{
      type: 'Opened', fromVersion: 0, toVersion: 1,
      upcast: (d) => { const { ownerName, ...rest } = d as { ownerName: string }; return { ...rest, owner: { name: ownerName } }; },
    }]);
    await started(accounts, { upcasters });
    expect(parked()).toEqual([]);
    expect(doc('a')).toMatchObject({ owner: 'Ana', balance: 4, history: [old.id, expect.any(String)] });
  });

  it('reads each event once for the runners started together with the same upcasters and corrections, on its own for other upcasters', async () => {
    const reads = new Map<string, number>();
    const counting = (name: string) => upcasterRegistry([{
      type: 'Opened', fromVersion: 0, toVersion: 1,
      upcast: (d) => {
        reads.set(name, (reads.get(name) ?? 0) + 1);
        const { ownerName, ...rest } = d as { ownerName: string };
        return { ...rest, owner: { name: ownerName } };
      },
    }]);
    const bad = await append('Opened', { account: 'a' }, 0);
    await append('Opened', { account: 'b', ownerName: 'Bea' }, 0);
    await correct(bad.id, { account: 'a', ownerName: 'Ana' });
    const shared = counting('shared');
    const together = [
      new ProjectionRunner(store, readModels, accounts, { upcasters: shared }),
      new ProjectionRunner(store, readModels, { ...accounts, name: 'accounts-again' }, { upcasters: shared }),
      new ProjectionRunner(store, readModels, { ...accounts, name: 'accounts-other' }, { upcasters: counting('other') }),
    ] as ProjectionRunner<unknown>[];
    runners.push(...together);
    await ProjectionRunner.startAll(together);
    for (const name of ['accounts', 'accounts-again', 'accounts-other']) {
      expect(readModels.get(name, 'a')).toMatchObject({ owner: 'Ana' });
      expect(readModels.get(name, 'b')).toMatchObject({ owner: 'Bea' });
    }
    expect(Object.fromEntries(reads)).toEqual({ shared: 2, other: 2 });
  });

  it('folds the parked events again on demand (retry after a deployment)', async () => {
    await append('Deposited', { account: 'a', amount: 1 });
    const runner = await started();
    expect(runner.retryParked()).toEqual({ unparked: 0, stillParked: 1 });
    expect(parked()[0].error).toBe('account a is not open');
  });

  it('gives the same documents and parked events rebuilt from zero as live, corrections included', async () => {
    const bad = await append('Opened', { account: 'a' });
    await append('Opened', { account: 'b', owner: { name: 'Bea' } });
    const runner = await started();
    await append('Deposited', { account: 'a', amount: 3 });
    await append('Transferred', { from: 'b', to: 'a', amount: 2 });
    await append('Opened', { owner: { name: 'keysOf fails' } });
    await correct(bad.id, { account: 'a', owner: { name: 'Ana' } });
    const head = await append('Deposited', { account: 'b', amount: 9 });
    expect(await runner.waitFor(head.position, 5000)).toBe(true);
    await runner.stop();
    const rebuilt = ReadModelStore.open(join(dir, 'rebuilt.db'), { writeBehind });
    await new ProjectionRunner(store, rebuilt, accounts, { batchSize: 2 }).rebuild();
    expect(rebuilt.list('accounts')).toEqual(readModels.list('accounts'));
    expect(doc('a')).toMatchObject({ balance: 5 });
    expect(rebuilt.parked('accounts').map((p) => p.eventId)).toEqual(readModels.parked('accounts').map((p) => p.eventId));
    // same position and version (the generations count each store's own commits)
    const { position, version } = readModels.checkpoint('accounts')!;
    expect(rebuilt.checkpoint('accounts')).toMatchObject({ position, version });
    rebuilt.close();
  });

  it('rebuilds the documents when a correction concerns an event it had folded as it was, the reset counted as a generation', async () => {
    const odd = await append('Opened', { account: 'a', owner: { name: 'Typo' } });
    const generations: number[] = [];
    const runner = await started(accounts, { onCommitted: (b) => generations.push(b.generation) });
    const fix = await correct(odd.id, { account: 'a', owner: { name: 'Ana' } });
    expect(await runner.waitFor(fix.position, 5000)).toBe(true);
    expect(doc('a')).toMatchObject({ owner: 'Ana' });
    expect(runner.status()).toMatchObject({ state: 'live', position: fix.position });
    // the catch-up's batch, then the rebuild's: the reset between them leaves a generation no batch reports,
    // so a reader keeping documents knows it must read them all again
    expect(generations).toHaveLength(2);
    expect(generations[1] - generations[0]).toBe(2);
    expect(readModels.checkpoint('accounts')!.generation).toBe(generations[1]);
  });

  it('answers a waiter that came before the start from the checkpoint it starts at', async () => {
    const opened = await append('Opened', { account: 'a', owner: { name: 'Ana' } });
    await (await started()).stop();
    const again = new ProjectionRunner(store, readModels, accounts);
    runners.push(again as ProjectionRunner<unknown>);
    const waiting = again.waitFor(opened.position, 10_000);
    await again.start();
    expect(await waiting).toBe(true);
  });

  it('folds a market registered without its buyer once corrected, in the real execution tracking', async () => {
    const { buyer: _missing, ...withoutBuyer } = aMarketRegistered().data;
    const bad = await append('MarketRegistered', withoutBuyer, 1, 'market-m-1');
    const runner = await started(executionTrackingProjection);
    expect(readModels.parked('execution-tracking')).toEqual([expect.objectContaining({ keys: ['m-1'], error: expect.stringContaining("reading 'name'") })]);
    const fix = await correct(bad.id, { ...withoutBuyer, buyer: { name: 'Ville de Cherbourg', kind: 'COMMUNE' } });
    expect(await runner.waitFor(fix.position, 5000)).toBe(true);
    expect(readModels.get('execution-tracking', 'm-1')).toMatchObject({ buyer: { name: 'Ville de Cherbourg' }, lastPosition: positionToString(bad.position) });
  });

  it('reports a failure of the live subscription (not of an event) as a failed runner, its waiters released', async () => {
    const lost = ReadModelStore.open(join(dir, 'lost.db'), { writeBehind });
    let reportFailure!: () => void;
    const failed = new Promise<void>((resolve) => { reportFailure = resolve; });
    const runner = await started(accounts, { onError: () => reportFailure() }, lost);
    lost.close(); // the next commit cannot be written
    const next = await append('Opened', { account: 'a', owner: { name: 'Ana' } });
    const waiting = runner.waitFor(next.position, 60_000);
    await failed;
    expect(await waiting).toBe(false);
    expect(runner.status()).toMatchObject({ state: 'failed', error: expect.stringMatching(/.+/) });
  });

  it('folds the events that arrive together as one batch of every live runner, committed with their checkpoints', async () => {
    const batches: { projection: string; eventIds: readonly string[] }[] = [];
    const balances: Projection<Account> = { ...accounts, name: 'balances' };
    const options = { onCommitted: (b: { projection: string; eventIds: readonly string[] }) => batches.push({ projection: b.projection, eventIds: b.eventIds }) };
    const both = [new ProjectionRunner(store, readModels, accounts, options), new ProjectionRunner(store, readModels, balances, options)];
    runners.push(...(both as ProjectionRunner<unknown>[]));
    await ProjectionRunner.startAll(both as ProjectionRunner<unknown>[]);
    await append('Opened', { account: 'a', owner: { name: 'Ana' } });
    // three appends in one turn of the event loop: one group commit, one batch per runner
    const written = await Promise.all([1, 2, 3].map((amount) => append('Deposited', { account: 'a', amount })));
    const last = written.map((w) => w.position).reduce((a, b) => (a.commit > b.commit ? a : b));
    for (const runner of both) expect(await runner.waitFor(last, 5000)).toBe(true);
    expect(batches.filter((b) => b.eventIds.length === 3).map((b) => b.projection).sort()).toEqual(['accounts', 'balances']);
    expect(doc('a')).toMatchObject({ balance: 6 });
    expect(readModels.get<Account>('balances', 'a')).toMatchObject({ balance: 6 });
    expect(readModels.checkpoint('balances')!.position).toEqual(last);
  });

  it('keeps the documents of a market of 3,000 placements while live: a second round of the month\'s declarations reads none back', async () => {
    const runner = await started();
    const appendEach = async (events: { type: string; data: Data }[]) => {
      let position: Position | undefined;
      for (let i = 0; i < events.length; i += 500) {
        ({ position } = await store.appendToStream('accounts', events.slice(i, i + 500).map(({ type, data }) => ({ id: randomUUID(), type, data, metadata: { schemaVersion: 1 } })), { expectedRevision: 'any' }));
      }
      expect(await runner.waitFor(position!, 20_000)).toBe(true);
    };
    const accountIds = Array.from({ length: 3_000 }, (_, i) => `acc-${i}`);
    await appendEach(accountIds.map((account) => ({ type: 'Opened', data: { account, owner: { name: account } } })));
    await appendEach(accountIds.map((account) => ({ type: 'Deposited', data: { account, amount: 1 } })));
    const reads = jest.spyOn(readModels, 'folded');
    await appendEach(accountIds.map((account) => ({ type: 'Deposited', data: { account, amount: 2 } })));
    // a cycle longer than the cache would read every document back (on the API thread)
    expect(reads).not.toHaveBeenCalled();
    expect(doc('acc-0')).toMatchObject({ balance: 3 });
    expect(doc('acc-2999')).toMatchObject({ balance: 3 });
  });

  it('does not write or publish a document an event leaves as it was', async () => {
    const changed: string[][] = [];
    // a Noted event concerns the account but changes nothing in it: evolve returns the same document
    const notes: Projection<Account> = { ...accounts, keysOf: (e) => (e.type === 'Noted' ? [(e.data as Data).account!] : accounts.keysOf(e, () => undefined)), evolve: (doc, e, key) => (e.type === 'Noted' ? doc : accounts.evolve(doc, e, key, () => undefined)) };
    const runner = await started(notes, { onCommitted: (b) => changed.push(b.changes.map((c) => c.key)) });
    await append('Opened', { account: 'a', owner: { name: 'Ana' } });
    const noted = await append('Noted', { account: 'a' });
    expect(await runner.waitFor(noted.position, 5000)).toBe(true);
    expect(changed.flat()).toEqual(['a']);
    expect(readModels.checkpoint('accounts')!.position).toEqual(noted.position);
  });

  it('fails only the runner whose batch cannot be written; the others of the same feed commit theirs', async () => {
    // a document JSON cannot hold: this runner's write fails, inside the feed's shared transaction
    const unwritable: Projection<unknown> = { name: 'unwritable', version: 1, keysOf: (e) => (e.type === 'Deposited' ? ['x'] : []), evolve: () => ({ amount: 1n }) };
    const failed = new Promise<void>((resolve) => {
      const both = [new ProjectionRunner(store, readModels, accounts), new ProjectionRunner(store, readModels, unwritable, { onError: () => resolve() })];
      runners.push(...both);
      void ProjectionRunner.startAll(both);
    });
    await until(() => runners.every((r) => r.status().state === 'live'));
    await append('Opened', { account: 'a', owner: { name: 'Ana' } });
    const deposit = await append('Deposited', { account: 'a', amount: 4 });
    await failed;
    const [accountsRunner, unwritableRunner] = runners;
    expect(await accountsRunner.waitFor(deposit.position, 5000)).toBe(true);
    expect(doc('a')).toMatchObject({ balance: 4 });
    expect(unwritableRunner.status()).toMatchObject({ state: 'failed', error: expect.stringContaining('BigInt') });
    // its checkpoint stayed before the event it could not write: a restart folds it again
    expect(comparePositions(readModels.checkpoint('unwritable')!.position, deposit.position)).toBeLessThan(0);
    expect(readModels.get('unwritable', 'x')).toBeUndefined();
    const later = await append('Deposited', { account: 'a', amount: 1 });
    expect(await accountsRunner.waitFor(later.position, 5000)).toBe(true);
  });

  it('reports a store failure as a failed runner instead of throwing at start', async () => {
    await store.close();
    const runner = new ProjectionRunner(store, readModels, accounts);
    await expect(runner.start()).resolves.toBeUndefined();
    expect(runner.status()).toMatchObject({ state: 'failed', error: expect.any(String) });
    store = await SqliteEventStore.open(join(dir, 'events.db'));
  });

  it('a runner that knew the correction before its pass does not get the event as a runner without it read it', async () => {
    const opened = randomUUID();
    await store.appendToStream('accounts', [{ id: opened, type: 'Opened', data: { account: 'a', owner: 'Anna' } }], { expectedRevision: 'any' });
    // the correction is appended between the two runners' preparations (startAll prepares them one after the other)
    let identities = 0;
    const racing = new Proxy(store, {
      get(target, property) {
        if (property === 'storeIdentity') {
          return async () => {
            if (++identities === 2) {
              await target.appendToStream(EVENT_CORRECTIONS_STREAM, [{
                id: randomUUID(), type: 'StoredEventCorrected',
                data: { correctedEventId: opened, correctedData: { account: 'a', owner: 'Ana' }, reason: 'typo' } satisfies StoredEventCorrected['data'],
              }], { expectedRevision: 'any' });
            }
            return target.storeIdentity();
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as EventStore;
    const together = [new ProjectionRunner(racing, readModels, owners('first')), new ProjectionRunner(racing, readModels, owners('second'))] as ProjectionRunner<unknown>[];
    runners.push(...together);
    await ProjectionRunner.startAll(together);
    expect(identities).toBe(2);
    expect(readModels.get('first', 'a')).toEqual({ owner: 'Ana' });
    expect(readModels.get('second', 'a')).toEqual({ owner: 'Ana' });
  });
});
