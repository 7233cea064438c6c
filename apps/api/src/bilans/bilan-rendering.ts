import Database from 'libsql';
import { positionFromString, positionToString } from '@clause-ledger/event-store';
import {
  BilanBeneficiaryDoc, BilanCompanyDoc, BilanDoc, BilanMarketDoc, BilanPlacementDoc, KeyFigures, KeyFiguresScope, MarketBilan, OfferBoardDoc, SupportCaseDoc,
  bilanProjection, jobOffersProjection, keyFigures, marketBilan, marketBilanSources, supportCasesProjection,
} from '@clause-ledger/projections';
import { Actor } from '../auth/actor';
import { facilitatorOrganisationVisibleTo } from '../auth/visibility';
import { figuresCsv } from './bilan-csv';
import { bilanPdf } from './bilan-pdf';

export type BilanFormat = 'json' | 'csv' | 'pdf';

/** What the bilan routes send, computed from the read models alone (a plain object: it crosses to a worker). */
export type RenderRequest =
  | { readonly kind: 'bilan'; readonly marketId: string; readonly format: BilanFormat }
  /** excludedMarketIds: markets with a parked event, left out until repaired (their documents may be half there). */
  | { readonly kind: 'key-figures'; readonly scope: KeyFiguresScope; readonly actor: Actor; readonly excludedMarketIds: readonly string[] };

/** The bytes sent, and the read models' position they were computed at (same position, same figures). */
export interface Rendered {
  readonly position: string;
  readonly body: Buffer;
}

/** The read models a request reads: its position is theirs. */
export const projectionsOf = (request: RenderRequest): string[] =>
  (request.kind === 'bilan' ? [bilanProjection.name] : [bilanProjection.name, supportCasesProjection.name, jobOffersProjection.name]);

/** The bytes each route sends: JSON as Nest would serialise it, the CSV, the PDF. */
export async function renderedAs(bilan: MarketBilan, format: BilanFormat): Promise<Buffer> {
  switch (format) {
    case 'json': return Buffer.from(JSON.stringify(bilan));
    case 'csv': return Buffer.from(figuresCsv(bilan));
    case 'pdf': return bilanPdf(bilan);
  }
}

/**
 * Reads the read models on a connection of its own, each request in one read transaction: the
 * documents and the checkpoints are those of committed batches (a WAL snapshot).
 */
export class ReadModelSnapshot {
  private readonly db: Database.Database;
  private readonly doc: Database.Statement;
  private readonly prefixed: Database.Statement;
  private readonly checkpoint: Database.Statement;
  private last?: { marketId: string; position: string; bilan: MarketBilan };

  constructor(readModelsFile: string) {
    this.db = new Database(readModelsFile);
    // libsql has no read-only open: this connection refuses writes instead (the runners are the only writers)
    this.db.pragma('query_only = ON');
    this.doc = this.db.prepare('SELECT doc FROM documents WHERE projection = ? AND key = ?');
    this.prefixed = this.db.prepare('SELECT doc FROM documents WHERE projection = ? AND key >= ? AND key < ? ORDER BY key');
    this.checkpoint = this.db.prepare('SELECT position FROM checkpoints WHERE projection = ?');
  }

  /** undefined: the market has no bilan document. */
  async render(request: RenderRequest): Promise<Rendered | undefined> {
    const read = this.inOneTransaction(() => {
      const position = this.positionOf(projectionsOf(request));
      return { position, result: this.compute(request, position) };
    });
    if (read.result === undefined) return undefined;
    const body = request.kind === 'bilan' ? await renderedAs(read.result as MarketBilan, request.format) : Buffer.from(JSON.stringify(read.result));
    return { position: read.position, body };
  }

  /** The positions of the given read models' checkpoints as one string. */
  positionOf(projections: readonly string[]): string {
    return projections.map((name) => {
      const stored = (this.checkpoint.get(name) as { position: string } | undefined)?.position;
      return stored === undefined ? '' : positionToString(positionFromString(stored));
    }).join(' ');
  }

  private compute(request: RenderRequest, position: string): MarketBilan | KeyFigures | undefined {
    if (request.kind === 'bilan') {
      // the JSON, the CSV and the PDF are often asked for together: computed once for the three
      if (this.last?.marketId === request.marketId && this.last.position === position) return this.last.bilan;
      const sources = marketBilanSources(request.marketId, (key) => this.get<BilanDoc>(bilanProjection.name, key));
      const bilan = sources && marketBilan(sources);
      this.last = bilan && { marketId: request.marketId, position, bilan };
      return bilan;
    }
    const excluded = new Set(request.excludedMarketIds);
    const visible = (organisationId: string | undefined) => facilitatorOrganisationVisibleTo(request.actor, organisationId);
    const bilans = <D>(prefix: string) => this.list<D>(bilanProjection.name, prefix);
    return keyFigures(request.scope, {
        markets: bilans<BilanMarketDoc>('market:').filter((m) => !excluded.has(m.market.marketId) && visible(m.market.facilitatorOrganisationId)),
        placements: bilans<BilanPlacementDoc>('placement:'),
        beneficiaries: new Map(bilans<BilanBeneficiaryDoc>('beneficiary:').map((b) => [b.beneficiaryId, b])),
        companies: new Map(bilans<BilanCompanyDoc>('company:').map((c) => [c.companyId, c])),
        offers: this.list<OfferBoardDoc>(jobOffersProjection.name, 'offer:'),
        supportCases: this.list<SupportCaseDoc>(supportCasesProjection.name, 'case:').filter((c) => visible(c.facilitatorOrganisationId)),
      });
  }

  private get<D>(projection: string, key: string): D | undefined {
    const row = this.doc.get(projection, key) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as D) : undefined;
  }

  /** The documents whose key starts with `prefix`, in key order (as ReadModelStore.listByPrefix). */
  private list<D>(projection: string, prefix: string): D[] {
    return (this.prefixed.all(projection, prefix, `${prefix}\uffff`) as { doc: string }[]).map((r) => JSON.parse(r.doc) as D);
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
