import { Injectable } from '@nestjs/common';
import { OfferBoardDoc, jobOffersProjection } from '@clause-ledger/projections';
import { ProjectionsService } from '../tracking/projections.service';
import { ScopeResolver } from '../auth/scope-resolver';
import { Actor } from '../auth/actor';

/** The offers an actor may see: on markets in its scope, and a company only its own. */
@Injectable()
export class VisibleOffers {
  constructor(private readonly projections: ProjectionsService, private readonly scope: ScopeResolver) {}

  async of(actor: Actor): Promise<OfferBoardDoc[]> {
    const offers = this.projections.readModels.list<OfferBoardDoc>(jobOffersProjection.name)
      .filter(({ key }) => key.startsWith('offer:'))
      .map(({ doc }) => doc)
      .filter((doc) => actor.role !== 'COMPANY' || doc.companyId === actor.siret);
    const markets = await this.visibleMarkets(actor, new Set(offers.map((o) => o.marketId)));
    return offers.filter((o) => markets.has(o.marketId)).sort((a, b) => (a.offerId < b.offerId ? -1 : 1));
  }

  async visibleMarkets(actor: Actor, marketIds: ReadonlySet<string>): Promise<Set<string>> {
    const visible = new Set<string>();
    for (const marketId of marketIds) {
      if (await this.scope.check(actor, 'market', marketId).then(() => true, () => false)) visible.add(marketId);
    }
    return visible;
  }
}
