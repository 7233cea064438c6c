import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'libsql';
import { EVENT_CORRECTIONS_STREAM } from '@clause-ledger/domain';
import { SqliteEventStore } from '@clause-ledger/event-store';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { ReadModelStore } from './read-model-store';
import { until } from '../../../../test/support/until';

interface Account { readonly owner: string; readonly balance: number }
type Data = { account?: string; owner?: { name: string }; amount?: number };
const accounts: Projection<Account> = {
  name: 'accounts', version: 1,
  keysOf: (e) => (e.type === 'Opened' || e.type === 'Deposited' ? [(e.data as Data).account!] : []),
  evolve: (doc, e) => {
    const d = e.data as Data;
    if (e.type === 'Opened') return { owner: d.owner!.name, balance: 0 };
    return { ...doc!, balance: doc!.balance + d.amount! };
  },
};
const owners: Projection<{ owner: string }> = {
  name: 'owners', version: 1,
  keysOf: (e) => (e.type === 'Opened' ? [(e.data as Data).account!] : []),
  evolve: (_d, e) => ({ owner: (e.data as Data).owner!.name }),
};

/**
 * A runner failed while others stay live (here its live rebuild for a correction was refused), then
 * started again as ProjectionsService does after a failure: it must behave as after a restart of the
 * process, and its old live feed must fold nothing more into it.
 */
describe('a runner started again after a failure, in the same process', () => {
  let dir: string; let store: SqliteEventStore; let readModels: ReadModelStore;
  let a: ProjectionRunner<unknown>; let b: ProjectionRunner<unknown>;
  const append = async (type: string, data: unknown, streamId = 'accounts') => {
    const id = randomUUID();
    const { position } = await store.appendToStream(streamId, [{ id, type, data, metadata: { schemaVersion: 1 } }], { expectedRevision: 'any' });
    return { id, position };
  };
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clause-ledger-runner-restart-'));
    store = await SqliteEventStore.open(join(dir, 'events.db'));
    readModels = ReadModelStore.open(join(dir, 'rm.db'), { writeBehind: false });
    a = new ProjectionRunner(store, readModels, accounts as never);
    b = new ProjectionRunner(store, readModels, owners as never);
    await ProjectionRunner.startAll([a, b]);
    const opened = await append('Opened', { account: 'a', owner: { name: 'Typo' } });
    expect(await a.waitFor(opened.position, 5000)).toBe(true);
    const file = new Database(join(dir, 'rm.db'));
    file.exec("CREATE TRIGGER refuse BEFORE DELETE ON documents WHEN OLD.projection = 'accounts' BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END");
    // the correction makes the live feed rebuild `accounts`: its reset is refused, the runner fails (b stays live)
    await append('StoredEventCorrected', { correctedEventId: opened.id, correctedData: { account: 'a', owner: { name: 'Ana' } }, reason: 'typo' }, EVENT_CORRECTIONS_STREAM);
    await until(() => a.status().state === 'failed', 10_000, 'accounts failed');
    expect(b.status().state).toBe('live');
    file.exec('DROP TRIGGER refuse');
    file.close();
    await ProjectionRunner.startAll([a]); // what ProjectionsService does after a failure
    expect(a.status().state).toBe('live');
  });
  afterEach(async () => {
    await a.stop(); await b.stop();
    readModels.close(); await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies the correction after the restart, as a process restart would', async () => {
    const head = await store.headPosition();
    expect(await a.waitFor(head, 5000)).toBe(true);
    expect(readModels.get<Account>('accounts', 'a')).toMatchObject({ owner: 'Ana' });
  });

  it('is no longer in the live feed it failed in: stopped, it folds nothing more', async () => {
    await a.stop();
    const dep = await append('Deposited', { account: 'a', amount: 5 });
    // b's feed is the one `a` failed in: had it kept `a`, it would have folded the deposit into a's document in
    // the same batch and transaction as into b's
    expect(await b.waitFor(dep.position, 5000)).toBe(true);
    expect(readModels.get<Account>('accounts', 'a')).toMatchObject({ balance: 0 });
  });

  it('folds each event once when live again', async () => {
    const deposits = [];
    for (let n = 1; n <= 5; n++) deposits.push(await append('Deposited', { account: 'a', amount: n }));
    expect(await a.waitFor(deposits[4].position, 5000)).toBe(true);
    expect(readModels.get<Account>('accounts', 'a')).toMatchObject({ owner: 'Ana', balance: 15 });
  });
});
