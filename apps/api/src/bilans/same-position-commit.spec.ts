import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aBeneficiaryPlaced, aBeneficiaryRegistered, aClauseAccepted, aClauseDefined, aCompanyRegistered, aMarketRegistered, anHoursDeclared } from '@clause-ledger/domain/testing/fixtures';
import { ReadModelStore, bilanProjection } from '@clause-ledger/projections';
import { foldProjection, recorded } from '../../../../libs/projections/src/testing/fold';
import { ReadModelSnapshot, bytesOf, readModelState } from './bilan-rendering';
import { ReadModelChanges } from './read-model-changes';

/**
 * A parked event retried by the operator changes documents without moving the checkpoint: a
 * rendering kept (or tagged) by the position alone would be served stale as current.
 */
describe('documents committed again at the same position', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clause-ledger-same-position-'));
  const file = join(dir, 'read-models.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('give a new read-model state, and the bilan of the documents as they are now', async () => {
    const store = ReadModelStore.open(file);
    const changes = new ReadModelChanges(['bilans']);
    const ref = { placementId: 'p-1', lotId: 'lot-1', beneficiaryId: 'b-1' };
    const docs = foldProjection(bilanProjection, recorded([
      aCompanyRegistered(), aMarketRegistered(), aClauseDefined({ lotId: 'lot-1', targetHours: 100 }), aClauseAccepted({ lotId: 'lot-1', targetHours: 100, committedHours: 100 }),
      aBeneficiaryRegistered({ beneficiaryId: 'b-1', sex: 'F' }), aBeneficiaryPlaced(ref), anHoursDeclared({ ...ref, month: '2026-01', hours: 10 }),
    ]));
    const position = { commit: 10n, prepare: 10n };
    const commit = (keys: string[]) => {
      const written = keys.map((key) => ({ key, doc: docs.get(key) }));
      const generation = store.commit('bilans', bilanProjection.version, written, position);
      changes.record({ projection: 'bilans', changes: written, position, eventIds: [], generation });
    };
    const state = () => readModelState('10/10', store.checkpoint('bilans')!.generation);
    // the beneficiary's registration parked: everything else folded, checkpoint at 10
    commit([...docs.keys()].filter((k) => !k.startsWith('beneficiary:')));
    const kept = new ReadModelSnapshot(file);
    const before = await kept.render({ kind: 'bilan', marketId: 'm-1', format: 'json' }, changes.journal());
    expect(JSON.parse(bytesOf(before!).toString()).beneficiaries.women.value).toBe(0);
    expect(before!.position).toBe(state());

    commit(['beneficiary:b-1']); // retried: its document appears, the checkpoint stays at 10
    const after = await kept.render({ kind: 'bilan', marketId: 'm-1', format: 'csv' }, changes.journal());
    const fromScratch = await new ReadModelSnapshot(file).render({ kind: 'bilan', marketId: 'm-1', format: 'csv' });
    expect(bytesOf(fromScratch!).toString()).toContain('beneficiaries.women;1;');
    expect(bytesOf(after!).toString()).toBe(bytesOf(fromScratch!).toString());
    expect(after!.position).toBe(state());
    expect(after!.position).not.toBe(before!.position);
    store.close();
  });

  it('count every commit and reset of a read model, never going back', () => {
    const store = ReadModelStore.open(join(dir, 'generations.db'));
    const generations: number[] = [];
    const at = (n: number) => ({ commit: BigInt(n), prepare: BigInt(n) });
    store.commit('p', 1, [{ key: 'a', doc: { v: 1 } }], at(3));
    generations.push(store.checkpoint('p')!.generation);
    store.commit('p', 1, [{ key: 'a', doc: { v: 2 } }], at(3));
    generations.push(store.checkpoint('p')!.generation);
    store.reset('p', 1);
    generations.push(store.checkpoint('p')!.generation);
    store.commit('p', 1, [{ key: 'a', doc: { v: 2 } }], at(3));
    generations.push(store.checkpoint('p')!.generation);
    expect(generations).toEqual([...generations].sort((x, y) => x - y));
    expect(new Set(generations).size).toBe(4);
    store.close();
  });
});
