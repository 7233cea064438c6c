import { positionToString } from '@clause-ledger/event-store';
import { CommittedBatch } from '@clause-ledger/projections';
import { CachedDocuments } from './cached-documents';
import { ReadModelChanges } from './read-model-changes';

/**
 * A worker re-reads the documents the API saw written since its last request, and everything when
 * the journal cannot vouch for what it kept: it never answers with a document older than the
 * checkpoint it read.
 */
describe('the documents a worker keeps between requests', () => {
  let store: Map<string, string>;
  let reads: string[];
  let changes: ReadModelChanges;
  let documents: CachedDocuments;
  const at = (n: number) => positionToString({ commit: BigInt(n), prepare: BigInt(n) });
  /** A batch the runner commits: the store changes, then the API hears of it. */
  const commit = (n: number, docs: Record<string, unknown>, projection = 'bilans', reset?: true) => {
    for (const [key, doc] of Object.entries(docs)) store.set(key, JSON.stringify(doc));
    changes.record({ projection, changes: Object.entries(docs).map(([key, doc]) => ({ key, doc })), position: { commit: BigInt(n), prepare: BigInt(n) }, eventIds: [], ...(reset ? { reset } : {}) } as CommittedBatch);
  };
  const readAt = (n: number, ...keys: string[]) => {
    reads = [];
    documents.moveTo('bilans', at(n), changes.journal());
    return keys.map((key) => documents.get<{ v: number }>('bilans', key)?.v);
  };

  beforeEach(() => {
    store = new Map([['market:m-1', '{"v":1}'], ['placement:p-1', '{"v":1}'], ['placement:p-2', '{"v":1}']]);
    changes = new ReadModelChanges(['bilans']);
    documents = new CachedDocuments((_, key) => {
      reads.push(key);
      return store.get(key);
    }, (_, prefix) => [...store.keys()].filter((key) => key.startsWith(prefix)).sort());
  });

  it('reads again only the documents written since, and keeps the others as the same objects', () => {
    expect(readAt(0, 'market:m-1', 'placement:p-1', 'placement:p-2')).toEqual([1, 1, 1]);
    const market = documents.get('bilans', 'market:m-1');
    commit(1, { 'placement:p-1': { v: 2 } });
    commit(2, {}, 'job-offers');
    commit(3, { 'placement:p-2': { v: 3 } });
    expect(readAt(3, 'market:m-1', 'placement:p-1', 'placement:p-2')).toEqual([1, 2, 3]);
    expect(reads).toEqual(['placement:p-1', 'placement:p-2']);
    expect(documents.get('bilans', 'market:m-1')).toBe(market);
  });

  it('lists a document written under a prefix since the last listing', () => {
    readAt(0);
    expect(documents.list<{ v: number }>('bilans', 'placement:').map((d) => d.v)).toEqual([1, 1]);
    commit(1, { 'placement:p-3': { v: 4 } });
    readAt(1);
    expect(documents.list<{ v: number }>('bilans', 'placement:').map((d) => d.v)).toEqual([1, 1, 4]);
  });

  it('reads everything again at a checkpoint the journal does not list yet (the API hears of a batch after its commit)', () => {
    readAt(0, 'placement:p-1');
    store.set('placement:p-1', '{"v":5}');
    expect(readAt(1, 'placement:p-1')).toEqual([5]);
    expect(reads).toEqual(['placement:p-1']);
  });

  it('reads everything again once a read model went back to an earlier position (rebuilt)', () => {
    commit(5, { 'placement:p-2': { v: 2 } });
    readAt(5, 'placement:p-1');
    store.set('placement:p-1', '{"v":6}');
    commit(3, { 'placement:p-2': { v: 2 } });
    commit(6, { 'placement:p-2': { v: 2 } });
    expect(readAt(6, 'placement:p-1')).toEqual([6]);
  });

  it('forgets a document a rebuild deleted, even when the rebuilt read model ends past where it was (a short log)', () => {
    commit(5, { 'placement:p-2': { v: 2 } });
    expect(readAt(5, 'placement:p-1')).toEqual([1]);
    // the rebuild empties the read model; its one batch rewrites p-2 only, at a later position
    store.delete('placement:p-1');
    commit(7, { 'placement:p-2': { v: 2 } }, 'bilans', true);
    expect(readAt(7, 'placement:p-1')).toEqual([undefined]);
    expect(reads).toContain('placement:p-1');
  });

  it('keeps a bounded journal, batches that wrote nothing included', () => {
    expect(readAt(0, 'placement:p-1', 'placement:p-2')).toEqual([1, 1]);
    for (let n = 1; n <= 30_000; n++) commit(n, {}, 'job-offers');
    expect(changes.journal().lines.split('\n').length - 1).toBeLessThanOrEqual(20_000);
    commit(30_001, { 'placement:p-1': { v: 8 } });
    expect(readAt(30_001, 'placement:p-1', 'placement:p-2')).toEqual([8, 1]);
    expect(reads).toEqual(['placement:p-1']);
  });

  it('reads everything again when the batches since its documents were dropped from the journal', () => {
    readAt(0, 'placement:p-1');
    commit(1, { 'placement:p-1': { v: 7 } });
    commit(2, Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`other:${i}`, {}])));
    expect(readAt(2, 'placement:p-1')).toEqual([7]);
  });
});
