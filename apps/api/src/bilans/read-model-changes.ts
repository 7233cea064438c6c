import { comparePositions, positionFromString, positionToString } from '@clause-ledger/event-store';
import { CommittedBatch } from '@clause-ledger/projections';

/**
 * The documents written since the journal's epoch began, one line per committed batch,
 * `["<read model>","<position>",["<key>",...]]`, in commit order (one string: it goes to a worker
 * with each request and is read from its end). Within an epoch every batch is listed, except the
 * oldest ones dropped past a bound: `droppedUpTo` names, per read model, the last position dropped.
 * A read model rebuilt (reset, or gone backwards) starts a new epoch.
 */
export interface ChangeJournal {
  readonly epoch: number;
  readonly droppedUpTo: Readonly<Record<string, string>>;
  readonly lines: string;
}

/**
 * Keys kept (a batch that wrote nothing counts as one): minutes of declarations; a worker whose
 * documents are older reads them all again. Past it, the oldest quarter goes at once.
 */
const KEPT_KEYS = 20_000;

/** Kept on the API's event loop from the runners' commits: lets a worker re-read only the documents that changed. */
export class ReadModelChanges {
  private epoch = 0;
  private lines: { line: string; projection: string; position: string; weight: number }[] = [];
  private droppedUpTo: Record<string, string> = {};
  private weight = 0;
  private joined?: string;
  private readonly last = new Map<string, string>();

  constructor(private readonly projections: readonly string[]) {}

  record(batch: CommittedBatch): void {
    if (!this.projections.includes(batch.projection)) return;
    const position = positionToString(batch.position);
    const last = this.last.get(batch.projection);
    if (batch.reset || (last !== undefined && comparePositions(positionFromString(last), batch.position) >= 0)) this.restart();
    this.last.set(batch.projection, position);
    const keys = batch.changes.map((c) => c.key);
    const weight = Math.max(1, keys.length);
    this.lines.push({ line: `${JSON.stringify([batch.projection, position, keys])}\n`, projection: batch.projection, position, weight });
    this.weight += weight;
    if (this.weight > KEPT_KEYS) this.dropOldest();
    this.joined = undefined;
  }

  private dropOldest(): void {
    let dropped = 0;
    while (this.weight > KEPT_KEYS * 0.75 && dropped < this.lines.length - 1) {
      const oldest = this.lines[dropped++];
      this.weight -= oldest.weight;
      this.droppedUpTo[oldest.projection] = oldest.position;
    }
    this.lines = this.lines.slice(dropped);
  }

  journal(): ChangeJournal {
    this.joined ??= this.lines.map((l) => l.line).join('');
    return { epoch: this.epoch, droppedUpTo: { ...this.droppedUpTo }, lines: this.joined };
  }

  private restart(): void {
    this.epoch++;
    this.lines = [];
    this.droppedUpTo = {};
    this.weight = 0;
    this.last.clear();
  }
}
