import type { ChangeJournal } from './read-model-changes';

/** Documents kept per read model at most (key figures read them all): past this, they are read again. */
const KEPT_DOCUMENTS = 100_000;

/** How the stored documents are read (raw JSON); `many` and `under`: at once, one query for thousands of documents. */
export interface StoredDocuments {
  one(projection: string, key: string): string | undefined;
  keysUnder(projection: string, prefix: string): string[];
  under(projection: string, prefix: string): { key: string; doc: string }[];
  many(projection: string, keys: readonly string[]): { key: string; doc: string }[];
}

/** One read model's documents as read at a checkpoint generation, parsed once; null: read, and absent. */
interface Kept {
  generation: number;
  readonly docs: Map<string, unknown>;
  /** Keys in key order under a prefix, as listed at `generation`. */
  readonly listings: Map<string, string[]>;
  /** Prefixes whose documents were all read at once (readUnder): those written since are re-read by key. */
  readonly readUnder: Set<string>;
}

/**
 * The read models' documents a worker has read, kept between requests: a request re-reads only the
 * documents the journal says were written since (a declaration: one placement's), so a bilan after a
 * change parses kilobytes instead of megabytes, and unchanged documents stay the same objects (what
 * the bilan's memo recognises). When the journal does not list every generation in between (batches
 * dropped, a rebuild, a commit the API has not heard of yet), everything of that read model is read again.
 */
export class CachedDocuments {
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly stored: StoredDocuments) {}

  /** Called in the request's read transaction with the checkpoint generation it reads (and the journal the API sent). */
  moveTo(projection: string, generation: number, journal: ChangeJournal): void {
    const kept = this.kept.get(projection);
    if (kept?.generation === generation) return;
    const changed = kept && changedSince(projection, kept.generation, generation, journal);
    if (!kept || !changed || kept.docs.size > KEPT_DOCUMENTS) {
      this.kept.set(projection, { generation, docs: new Map(), listings: new Map(), readUnder: new Set() });
      return;
    }
    for (const key of changed) {
      kept.docs.delete(key);
      for (const prefix of kept.listings.keys()) if (key.startsWith(prefix)) kept.listings.delete(prefix);
    }
    kept.generation = generation;
  }

  get<D>(projection: string, key: string): D | undefined {
    const { docs } = this.kept.get(projection)!;
    let doc = docs.get(key);
    if (doc === undefined) {
      const raw = this.stored.one(projection, key);
      doc = raw === undefined ? null : JSON.parse(raw);
      docs.set(key, doc);
    }
    return (doc ?? undefined) as D | undefined;
  }

  /**
   * Reads the documents under `prefix` in one query (once while they are kept), parsing those not
   * kept: a bilan read cold reads its market's tens of thousands of year documents at once instead of
   * key by key. Afterwards get() finds them kept, and re-reads by key only those written since.
   */
  readUnder(projection: string, prefix: string): void {
    const kept = this.kept.get(projection)!;
    if (kept.readUnder.has(prefix)) return;
    for (const { key, doc } of this.stored.under(projection, prefix)) if (!kept.docs.get(key)) kept.docs.set(key, JSON.parse(doc));
    kept.readUnder.add(prefix);
  }

  /** Reads in one query those of `keys` not kept (a cold bilan's thousands of placements), before get() asks for them. */
  readMany(projection: string, keys: readonly string[]): void {
    const { docs } = this.kept.get(projection)!;
    const missing = keys.filter((key) => docs.get(key) === undefined);
    if (missing.length === 0) return;
    for (const key of missing) docs.set(key, null);
    for (const { key, doc } of this.stored.many(projection, missing)) docs.set(key, JSON.parse(doc));
  }

  /** The documents whose key starts with `prefix`, in key order. */
  list<D>(projection: string, prefix: string): D[] {
    const { listings } = this.kept.get(projection)!;
    let keys = listings.get(prefix);
    if (!keys) listings.set(prefix, keys = this.stored.keysUnder(projection, prefix));
    return keys.flatMap((key) => this.get<D>(projection, key) ?? []);
  }
}

/**
 * The keys of `projection` written by the generations after `from` up to `to`, or undefined when the
 * journal does not list every one of them. Read from the journal's end: the recent lines are the ones wanted.
 */
function changedSince(projection: string, from: number, to: number, journal: ChangeJournal): Set<string> | undefined {
  if (to < from) return undefined;
  const keys = new Set<string>();
  const seen = new Set<number>();
  let end = journal.lines.length - 1;
  while (end > 0) {
    const begin = journal.lines.lastIndexOf('\n', end - 1) + 1;
    const [name, generation, written] = JSON.parse(journal.lines.slice(begin, end)) as [string, number, string[]];
    end = begin - 1;
    if (name !== projection || generation > to) continue;
    if (generation <= from) break;
    seen.add(generation);
    for (const key of written) keys.add(key);
  }
  return seen.size === to - from ? keys : undefined;
}
