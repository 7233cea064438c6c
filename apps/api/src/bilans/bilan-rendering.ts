import Database from 'libsql';
import { positionFromString, positionToString } from '@clause-ledger/event-store';
import {
  BilanBeneficiaryDoc, BilanCompanyDoc, BilanDoc, BilanMarketDoc, BilanMemo, BilanPlacementDoc, KeyFigures, KeyFiguresScope, MarketBilan, OfferBoardDoc, SupportCaseDoc,
  bilanProjection, jobOffersProjection, keyFigures, marketBilan, marketBilanSources, placementsWithMonths, supportCasesProjection,
} from '@clause-ledger/projections';
import { Actor } from '../auth/actor';
import { facilitatorOrganisationVisibleTo } from '../auth/visibility';
import { BilanBytes } from './bilan-bytes';
import { bilanPdf } from './bilan-pdf';
import { CachedDocuments } from './cached-documents';
import type { ChangeJournal } from './read-model-changes';

export type BilanFormat = 'json' | 'csv' | 'pdf';

/** What the bilan routes send, computed from the read models alone (a plain object: it crosses to a worker). */
export type RenderRequest =
  | { readonly kind: 'bilan'; readonly marketId: string; readonly format: BilanFormat }
  /** excludedMarketIds: markets with a parked event, left out until repaired (their documents may be half there). */
  | { readonly kind: 'key-figures'; readonly scope: KeyFiguresScope; readonly actor: Actor; readonly excludedMarketIds: readonly string[] };

/**
 * The bytes sent, in parts (lists of event ids in shared memory, kept by the worker for the next
 * rendering), and the state of the read models they were computed at (same state, same figures).
 */
export interface Rendered {
  /** Each read model's position and commit generation (readModelState). */
  readonly position: string;
  readonly parts: readonly Buffer[];
  readonly length: number;
}

export const bytesOf = (rendered: Rendered): Buffer => Buffer.concat(rendered.parts);

/** Every read model a rendering reads. */
export const RENDERED_READ_MODELS: readonly string[] = [bilanProjection.name, supportCasesProjection.name, jobOffersProjection.name];

/**
 * A read model's state as renderings are kept and tagged by: its position, and its commit
 * generation (a retried parked event changes documents without moving the position).
 */
export const readModelState = (position: string, generation: number): string => `${position}~${generation}`;

/** The read models a request reads: its position is theirs. */
export const projectionsOf = (request: RenderRequest): readonly string[] => (request.kind === 'bilan' ? [bilanProjection.name] : RENDERED_READ_MODELS);

/**
 * Reads the read models on a connection of its own, each request in one read transaction: the
 * documents and the checkpoints are those of committed batches (a WAL snapshot). Documents, each
 * market's bilan memo and the encoded lists of event ids are kept from one request to the next, so
 * that a bilan after a change is computed and encoded from what changed (same bytes as from scratch).
 */
export class ReadModelSnapshot {
  private readonly db: Database.Database;
  private readonly checkpoint: Database.Statement;
  private readonly documents: CachedDocuments;
  private readonly memos = new Map<string, BilanMemo>();
  private readonly bytes = new BilanBytes();
  private last?: { marketId: string; position: string; bilan: MarketBilan };

  constructor(readModelsFile: string) {
    this.db = new Database(readModelsFile);
    // libsql has no read-only open: this connection refuses writes instead (the runners are the only writers)
    this.db.pragma('query_only = ON');
    const doc = this.db.prepare('SELECT doc FROM documents WHERE projection = ? AND key = ?');
    const under = (columns: string) => this.db.prepare(`SELECT ${columns} FROM documents WHERE projection = ? AND key >= ? AND key < ? ORDER BY key`);
    const keys = under('key');
    const docs = under('key, doc');
    const many = this.db.prepare('SELECT key, doc FROM documents WHERE projection = ? AND key IN (SELECT value FROM json_each(?))');
    this.checkpoint = this.db.prepare('SELECT position, generation FROM checkpoints WHERE projection = ?');
    this.documents = new CachedDocuments({
      one: (projection, key) => (doc.get(projection, key) as { doc: string } | undefined)?.doc,
      keysUnder: (projection, prefix) => (keys.all(projection, prefix, `${prefix}\uffff`) as { key: string }[]).map((r) => r.key),
      under: (projection, prefix) => docs.all(projection, prefix, `${prefix}\uffff`) as { key: string; doc: string }[],
      many: (projection, wanted) => many.all(projection, JSON.stringify(wanted)) as { key: string; doc: string }[],
    });
  }

  /**
   * undefined: the market has no bilan document. journal: what the API saw written since (none:
   * everything is read again). A part not in shared memory is a buffer of the rendering's own (the worker moves it).
   */
  async render(request: RenderRequest, journal: ChangeJournal = NO_JOURNAL): Promise<Rendered | undefined> {
    const read = this.inOneTransaction(() => {
      const position = this.moveTo(projectionsOf(request), journal);
      return { position, result: this.compute(request, position) };
    });
    if (read.result === undefined) return undefined;
    const parts = await this.encoded(read.result, request);
    return { position: read.position, parts, length: parts.reduce((n, p) => n + p.length, 0) };
  }

  /** The documents kept are brought to the checkpoints read now; their states as one string. */
  private moveTo(projections: readonly string[], journal: ChangeJournal): string {
    return projections.map((name) => {
      const stored = this.checkpoint.get(name) as { position: string; generation: number } | undefined;
      if (stored === undefined) return '';
      const generation = Number(stored.generation);
      this.documents.moveTo(name, generation, journal);
      return readModelState(positionToString(positionFromString(stored.position)), generation);
    }).join(' ');
  }

  private compute(request: RenderRequest, position: string): MarketBilan | KeyFigures | undefined {
    if (request.kind === 'bilan') {
      // the JSON, the CSV and the PDF are often asked for together: computed once for the three
      if (this.last?.marketId === request.marketId && this.last.position === position) return this.last.bilan;
      const sources = marketBilanSources(request.marketId, (key) => this.documents.get<BilanDoc>(bilanProjection.name, key), {
        under: (prefix) => this.documents.readUnder(bilanProjection.name, prefix),
        keys: (keys) => this.documents.readMany(bilanProjection.name, keys),
      });
      const bilan = sources && marketBilan(sources, this.memoOf(`bilan ${request.marketId}`));
      this.last = bilan && { marketId: request.marketId, position, bilan };
      return bilan;
    }
    const excluded = new Set(request.excludedMarketIds);
    const visible = (organisationId: string | undefined) => facilitatorOrganisationVisibleTo(request.actor, organisationId);
    const bilans = <D>(prefix: string) => this.documents.list<D>(bilanProjection.name, prefix);
    const bilan = (key: string) => this.documents.get<BilanDoc>(bilanProjection.name, key);
    this.documents.readUnder(bilanProjection.name, PLACEMENT_MONTHS);
    return keyFigures(request.scope, {
        markets: bilans<BilanMarketDoc>('market:').filter((m) => !excluded.has(m.market.marketId) && visible(m.market.facilitatorOrganisationId)),
        placements: placementsWithMonths(bilans<BilanPlacementDoc>('placement:'), bilan),
        beneficiaries: new Map(bilans<BilanBeneficiaryDoc>('beneficiary:').map((b) => [b.beneficiaryId, b])),
        companies: new Map(bilans<BilanCompanyDoc>('company:').map((c) => [c.companyId, c])),
        offers: this.documents.list<OfferBoardDoc>(jobOffersProjection.name, 'offer:'),
        supportCases: this.documents.list<SupportCaseDoc>(supportCasesProjection.name, 'case:').filter((c) => visible(c.facilitatorOrganisationId)),
      }, this.memoOf(`key figures ${JSON.stringify(request.scope)}`));
  }

  /** The bytes each route sends: JSON as Nest would serialise it, the CSV, the PDF. */
  private async encoded(result: MarketBilan | KeyFigures, request: RenderRequest): Promise<Buffer[]> {
    if (request.kind === 'key-figures') return this.bytes.jsonOf(result, `key figures ${JSON.stringify(request.scope)}`);
    switch (request.format) {
      case 'json': return this.bytes.jsonOf(result, `bilan ${request.marketId}`);
      case 'csv': return this.bytes.csvOf(result, `bilan ${request.marketId}`);
      case 'pdf': return [await bilanPdf(result as MarketBilan)];
    }
  }

  /** The memos of the last bilans and key figures computed (a few: each holds its figures' event ids). */
  private memoOf(computation: string): BilanMemo {
    const memo = this.memos.get(computation) ?? new BilanMemo();
    this.memos.delete(computation);
    this.memos.set(computation, memo);
    for (const oldest of this.memos.keys()) if (this.memos.size > KEPT_MEMOS) this.memos.delete(oldest);
    return memo;
  }

  private inOneTransaction<T>(read: () => T): T {
    this.db.exec('BEGIN');
    try {
      return read();
    } finally {
      this.db.exec('COMMIT');
    }
  }

  close(): void {
    this.db.close();
  }
}

const KEPT_MEMOS = 8;
/** Every market's year documents: key figures read them all. */
const PLACEMENT_MONTHS = 'placement-months:';
const NO_JOURNAL: ChangeJournal = { lines: '' };
