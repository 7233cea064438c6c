import { comparePositions, positionFromString } from '@clause-ledger/event-store';
import type { ChangeJournal } from './read-model-changes';

/** Documents kept per read model at most (key figures read them all): past this, they are read again. */
const KEPT_DOCUMENTS = 100_000;

/** One read model's documents as read at `position`, parsed once; null: read, and absent. */
interface Kept {
  position: string;
  epoch: number;
  readonly docs: Map<string, unknown>;
  /** Keys in key order under a prefix, as listed at `position`. */
  readonly listings: Map<string, string[]>;
}

/**
 * The read models' documents a worker has read, kept between requests: a request re-reads only the
 * documents the journal says were written since (a declaration: one placement's), so a bilan after a
 * change parses kilobytes instead of megabytes, and unchanged documents stay the same objects (what
 * the bilan's memo recognises). When the journal cannot vouch for a read model (another epoch, batches
 * dropped, a position it does not list yet), everything of that read model is read again.
 */
export class CachedDocuments {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly read: (projection: string, key: string) => string | undefined,
    private readonly listKeys: (projection: string, prefix: string) => string[],
  ) {}

  /** Called in the request's read transaction with the checkpoint it reads (and the journal the API sent). */
  moveTo(projection: string, position: string, journal: ChangeJournal): void {
    const kept = this.kept.get(projection);
    if (kept && kept.position === position && kept.epoch === journal.epoch) return;
    const changed = kept?.epoch === journal.epoch ? changedSince(projection, kept.position, position, journal) : undefined;
    if (!kept || !changed || kept.docs.size > KEPT_DOCUMENTS) {
      this.kept.set(projection, { position, epoch: journal.epoch, docs: new Map(), listings: new Map() });
      return;
    }
    for (const key of changed) {
      kept.docs.delete(key);
      for (const prefix of kept.listings.keys()) if (key.startsWith(prefix)) kept.listings.delete(prefix);
    }
    kept.position = position;
  }

  get<D>(projection: string, key: string): D | undefined {
    const { docs } = this.kept.get(projection)!;
    let doc = docs.get(key);
    if (doc === undefined) {
      const raw = this.read(projection, key);
      doc = raw === undefined ? null : JSON.parse(raw);
      docs.set(key, doc);
    }
    return (doc ?? undefined) as D | undefined;
  }

  /** The documents whose key starts with `prefix`, in key order. */
  list<D>(projection: string, prefix: string): D[] {
    const { listings } = this.kept.get(projection)!;
    let keys = listings.get(prefix);
    if (!keys) listings.set(prefix, keys = this.listKeys(projection, prefix));
    return keys.flatMap((key) => this.get<D>(projection, key) ?? []);
  }
}

/**
 * The keys of `projection` written after `from` up to `to`, or undefined when the journal does not
 * list every batch in between. Read from the journal's end: the recent lines are the ones wanted.
 */
function changedSince(projection: string, from: string, to: string, journal: ChangeJournal): Set<string> | undefined {
  const dropped = journal.droppedUpTo[projection];
  const start = positionFromString(from);
  if (dropped !== undefined && comparePositions(start, positionFromString(dropped)) < 0) return undefined;
  if (comparePositions(start, positionFromString(to)) > 0) return undefined;
  const keys = new Set<string>();
  let reachedTo = false;
  let end = journal.lines.length - 1;
  while (end > 0) {
    const begin = journal.lines.lastIndexOf('\n', end - 1) + 1;
    const [name, position, written] = JSON.parse(journal.lines.slice(begin, end)) as [string, string, string[]];
    end = begin - 1;
    if (name !== projection) continue;
    const at = positionFromString(position);
    if (comparePositions(at, start) <= 0) break;
    reachedTo ||= position === to;
    if (reachedTo) for (const key of written) keys.add(key);
  }
  return reachedTo ? keys : undefined;
}
