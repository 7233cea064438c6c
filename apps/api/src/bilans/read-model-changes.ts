import { CommittedBatch } from '@clause-ledger/projections';

/**
 * The documents written by the latest committed batches, one line per batch,
 * `["<read model>",<generation>,["<key>",...]]`, in commit order (one string: it goes to a worker
 * with each request and is read from its end). A read model's generation counts its commits and
 * resets, so a worker that finds a generation missing between the one it read and the one it reads
 * now (a batch dropped past the bound, a rebuild, a commit the API has not heard of yet) reads
 * everything again instead of trusting the journal.
 */
export interface ChangeJournal {
  readonly lines: string;
}

/**
 * Keys kept (a batch that wrote nothing counts as one): minutes of declarations; a worker whose
 * documents are older reads them all again. Past it, the oldest quarter goes at once.
 */
const KEPT_KEYS = 20_000;

/** Kept on the API's event loop from the runners' commits: lets a worker re-read only the documents that changed. */
export class ReadModelChanges {
  private lines: { line: string; weight: number }[] = [];
  private weight = 0;
  private joined?: string;

  constructor(private readonly projections: readonly string[]) {}

  record(batch: CommittedBatch): void {
    if (!this.projections.includes(batch.projection)) return;
    const keys = batch.changes.map((c) => c.key);
    const weight = Math.max(1, keys.length);
    this.lines.push({ line: `${JSON.stringify([batch.projection, batch.generation, keys])}\n`, weight });
    this.weight += weight;
    if (this.weight > KEPT_KEYS) this.dropOldest();
    this.joined = undefined;
  }

  private dropOldest(): void {
    let dropped = 0;
    while (this.weight > KEPT_KEYS * 0.75 && dropped < this.lines.length - 1) this.weight -= this.lines[dropped++].weight;
    this.lines = this.lines.slice(dropped);
  }

  journal(): ChangeJournal {
    this.joined ??= this.lines.map((l) => l.line).join('');
    return { lines: this.joined };
  }
}

