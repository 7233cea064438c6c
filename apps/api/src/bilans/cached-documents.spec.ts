import { CachedDocuments } from './cached-documents';
import { ReadModelChanges } from './read-model-changes';

/**
 * A worker re-reads the documents the API saw written since its last request, and everything when
 * the journal does not list every generation in between: it never answers with a document older
 * than the checkpoint it read.
 */
describe('the documents a worker keeps between requests', () => {
  let store: Map<string, string>;
  let reads: string[];
  let changes: ReadModelChanges;
  let documents: CachedDocuments;
  /** Each read model's checkpoint generation in the store: every commit and reset adds one. */
  let generations: Map<string, number>;
  /** A commit (or reset) in the store; `heard`: the API hears of it (a reset is never reported as a batch). */
  const written = (docs: Record<string, unknown>, projection = 'bilans') => {
    for (const [key, doc] of Object.entries(docs)) store.set(key, JSON.stringify(doc));
    generations.set(projection, (generations.get(projection) ?? 0) + 1);
    return generations.get(projection)!;
  };
  /** A batch the runner commits at position n: the store changes, then the API hears of it. */
  const commit = (n: number, docs: Record<string, unknown>, projection = 'bilans') => {
    const generation = written(docs, projection);
    changes.record({ projection, changes: Object.entries(docs).map(([key, doc]) => ({ key, doc })), position: { commit: BigInt(n), prepare: BigInt(n) }, eventIds: [], generation });
  };
  /** The worker's read: the checkpoint as the store has it now. */
  const read = (...keys: string[]) => {
    reads = [];
    documents.moveTo('bilans', generations.get('bilans') ?? 0, changes.journal());
    return keys.map((key) => documents.get<{ v: number }>('bilans', key)?.v);
  };

  beforeEach(() => {
    store = new Map([['market:m-1', '{"v":1}'], ['placement:p-1', '{"v":1}'], ['placement:p-2', '{"v":1}']]);
    changes = new ReadModelChanges(['bilans']);
    generations = new Map();
    const under = (prefix: string) => [...store.keys()].filter((key) => key.startsWith(prefix)).sort();
    const stored = (key: string) => ({ key, doc: store.get(key)! });
    documents = new CachedDocuments({
      one: (_, key) => {
        reads.push(key);
        return store.get(key);
      },
      keysUnder: (_, prefix) => under(prefix),
      under: (_, prefix) => {
        reads.push(`${prefix}*`);
        return under(prefix).map(stored);
      },
      many: (_, keys) => {
        reads.push(`[${keys.join(' ')}]`);
        return keys.filter((key) => store.has(key)).map(stored);
      },
    });
  });

  it('reads again only the documents written since, and keeps the others as the same objects', () => {
    expect(read('market:m-1', 'placement:p-1', 'placement:p-2')).toEqual([1, 1, 1]);
    const market = documents.get('bilans', 'market:m-1');
    commit(1, { 'placement:p-1': { v: 2 } });
    commit(2, {}, 'job-offers');
    commit(3, { 'placement:p-2': { v: 3 } });
    expect(read('market:m-1', 'placement:p-1', 'placement:p-2')).toEqual([1, 2, 3]);
    expect(reads).toEqual(['placement:p-1', 'placement:p-2']);
    expect(documents.get('bilans', 'market:m-1')).toBe(market);
  });

  it('lists a document written under a prefix since the last listing', () => {
    read();
    expect(documents.list<{ v: number }>('bilans', 'placement:').map((d) => d.v)).toEqual([1, 1]);
    commit(1, { 'placement:p-3': { v: 4 } });
    read();
    expect(documents.list<{ v: number }>('bilans', 'placement:').map((d) => d.v)).toEqual([1, 1, 4]);
  });

  it('reads a market\'s year documents in one query once, then only those written since by key; never another market\'s', () => {
    for (const [key, v] of [['placement-months:m-1:p-1:2026', 1], ['placement-months:m-1:p-2:2026', 1], ['placement-months:m-10:p-3:2026', 1]] as const) store.set(key, JSON.stringify({ v }));
    read();
    documents.readUnder('bilans', 'placement-months:m-1:');
    expect(read('placement-months:m-1:p-1:2026', 'placement-months:m-1:p-2:2026')).toEqual([1, 1]);
    expect(reads).toEqual([]);
    const kept = documents.get('bilans', 'placement-months:m-1:p-2:2026');
    commit(1, { 'placement-months:m-1:p-1:2026': { v: 2 }, 'placement-months:m-1:p-1:2027': { v: 3 } });
    read();
    documents.readUnder('bilans', 'placement-months:m-1:');
    expect(read('placement-months:m-1:p-1:2026', 'placement-months:m-1:p-1:2027', 'placement-months:m-1:p-2:2026', 'placement-months:m-10:p-3:2026')).toEqual([2, 3, 1, 1]);
    expect(reads).toEqual(['placement-months:m-1:p-1:2026', 'placement-months:m-1:p-1:2027', 'placement-months:m-10:p-3:2026']);
    expect(documents.get('bilans', 'placement-months:m-1:p-2:2026')).toBe(kept);
  });

  it('reads the documents of many keys not kept in one query, an absent one as absent', () => {
    read('placement:p-1');
    documents.readMany('bilans', ['placement:p-1', 'placement:p-2', 'placement:p-9']);
    expect(read('placement:p-1', 'placement:p-2', 'placement:p-9')).toEqual([1, 1, undefined]);
    expect(reads).toEqual([]);
    documents.readMany('bilans', ['placement:p-1', 'placement:p-2']);
    commit(1, { 'placement:p-2': { v: 2 } });
    read();
    documents.readMany('bilans', ['placement:p-1', 'placement:p-2']);
    expect(reads).toEqual(['[placement:p-2]']);
    expect(read('placement:p-2')).toEqual([2]);
  });

  it('reads everything again at a checkpoint the journal does not list yet (the API hears of a batch after its commit)', () => {
    read('placement:p-1');
    written({ 'placement:p-1': { v: 5 } });
    expect(read('placement:p-1')).toEqual([5]);
    expect(reads).toEqual(['placement:p-1']);
  });

  it('forgets a document a rebuild deleted, wherever the rebuilt read model ends (the reset is a generation no batch reports)', () => {
    commit(5, { 'placement:p-2': { v: 2 } });
    expect(read('placement:p-1')).toEqual([1]);
    store.delete('placement:p-1');
    written({}); // the reset
    commit(7, { 'placement:p-2': { v: 2 } });
    expect(read('placement:p-1')).toEqual([undefined]);
    expect(reads).toContain('placement:p-1');
  });

  it('reads everything again when its journal was taken before a rebuild the worker then reads (the journal comes with the request)', () => {
    commit(1, {});
    read('placement:p-1');
    commit(2, { 'placement:p-2': { v: 2 } });
    const atDispatch = changes.journal();
    // a live rebuild (a correction of an event folded before) rewrites p-1; its first page ends at 2 again
    written({});
    written({ 'placement:p-1': { v: 9 }, 'placement:p-2': { v: 2 } });
    documents.moveTo('bilans', generations.get('bilans')!, atDispatch);
    expect(documents.get<{ v: number }>('bilans', 'placement:p-1')?.v).toBe(9);
  });

  it('keeps a bounded journal, batches that wrote nothing included', () => {
    expect(read('placement:p-1', 'placement:p-2')).toEqual([1, 1]);
    for (let n = 1; n <= 30_000; n++) commit(n, {}, 'job-offers');
    expect(changes.journal().lines.split('\n').length - 1).toBeLessThanOrEqual(20_000);
    commit(30_001, { 'placement:p-1': { v: 8 } });
    expect(read('placement:p-1', 'placement:p-2')).toEqual([8, 1]);
    expect(reads).toEqual(['placement:p-1']);
  });

  it('reads everything again when the batches since its documents were dropped from the journal', () => {
    read('placement:p-1');
    commit(1, { 'placement:p-1': { v: 7 } });
    commit(2, Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`other:${i}`, {}])));
    expect(read('placement:p-1')).toEqual([7]);
  });
});
