import { Injectable } from '@nestjs/common';
import {
  BilanBeneficiaryDoc, BilanCompanyDoc, BilanDoc, BilanMarketDoc, BilanPlacementDoc, BilanSources, KeyFiguresSources, OfferBoardDoc, ParkedEvent, jobOffersProjection, ReadModelBlockedError,
  marketBilanSources,
} from '@clause-ledger/projections';
import { ProjectionsService } from '../tracking/projections.service';

/** Reads the bilans read model: one market with what it refers to, or everything for yearly figures. */
@Injectable()
export class BilanSourcesReader {
  constructor(private readonly projections: ProjectionsService) {}

  private get name(): string {
    return this.projections.bilans.projection.name;
  }

  /** Throws ReadModelBlockedError when a document of the market (or of one of its placements) waits for a parked event. */
  market(marketId: string): BilanSources | undefined {
    const rm = this.projections.readModels;
    this.projections.assertMarketReadable(marketId);
    const market = rm.get<BilanMarketDoc>(this.name, `market:${marketId}`);
    if (!market) return undefined;
    const blocker = this.placementBlocker(market);
    if (blocker) throw new ReadModelBlockedError(`market ${marketId}`, blocker);
    return marketBilanSources(marketId, (key) => rm.get<BilanDoc>(this.name, key));
  }

  private placementBlocker(market: BilanMarketDoc): ParkedEvent | undefined {
    for (const id of market.placementIds) {
      const parked = this.projections.bilans.blockerOf(`placement:${id}`);
      if (parked) return parked;
    }
    return undefined;
  }

  all(): KeyFiguresSources {
    const rm = this.projections.readModels;
    const docs = <D>(prefix: string) => rm.listByPrefix<D>(this.name, prefix).map((r) => r.doc);
    return {
      // a market with a parked event is left out until repaired: its documents may be half there
      markets: docs<BilanMarketDoc>('market:').filter((m) => !this.projections.marketBlocker(m.market.marketId) && !this.placementBlocker(m)),
      placements: docs<BilanPlacementDoc>('placement:'),
      beneficiaries: new Map(docs<BilanBeneficiaryDoc>('beneficiary:').map((b) => [b.beneficiaryId, b])),
      companies: new Map(docs<BilanCompanyDoc>('company:').map((c) => [c.companyId, c])),
      offers: rm.listByPrefix<OfferBoardDoc>(jobOffersProjection.name, 'offer:').map((r) => r.doc),
    };
  }
}
