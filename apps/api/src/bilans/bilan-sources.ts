import { Injectable } from '@nestjs/common';
import { BilanMarketDoc, ParkedEvent, ReadModelBlockedError } from '@clause-ledger/projections';
import { ProjectionsService } from '../tracking/projections.service';

/** What the bilans read model may show: one market's bilan, the markets left out of yearly figures. */
@Injectable()
export class BilanSourcesReader {
  constructor(private readonly projections: ProjectionsService) {}

  private get name(): string {
    return this.projections.bilans.projection.name;
  }

  /**
   * Whether the market has a bilan: false when it has no bilan document (yet). Throws
   * ReadModelBlockedError when a document of the market (or of one of its placements) waits for a parked event.
   */
  hasReadableBilan(marketId: string): boolean {
    this.projections.assertMarketReadable(marketId);
    const market = this.projections.readModels.get<BilanMarketDoc>(this.name, `market:${marketId}`);
    if (!market) return false;
    const blocker = this.placementBlocker(market);
    if (blocker) throw new ReadModelBlockedError(`market ${marketId}`, blocker);
    return true;
  }

  private placementBlocker(market: BilanMarketDoc): ParkedEvent | undefined {
    for (const id of market.placementIds) {
      const parked = this.projections.bilans.blockerOf(`placement:${id}`);
      if (parked) return parked;
    }
    return undefined;
  }

  /**
   * The markets with a parked event (in tracking, alerts or bilans), left out of yearly figures
   * until repaired: their documents may be half there. Read only when something is parked.
   */
  blockedMarketIds(): string[] {
    const { tracking, alerts, bilans } = this.projections;
    if ([tracking, alerts, bilans].every((runner) => runner.status().parked === 0)) return [];
    return this.projections.readModels.listByPrefix<BilanMarketDoc>(this.name, 'market:').map((r) => r.doc)
      .filter((m) => this.projections.marketBlocker(m.market.marketId) || this.placementBlocker(m))
      .map((m) => m.market.marketId);
  }
}
