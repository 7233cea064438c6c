import { Injectable } from '@nestjs/common';
import {
  BilanBeneficiaryDoc, BilanCompanyDoc, BilanDoc, BilanMarketDoc, BilanPlacementDoc, BilanSources, KeyFiguresSources, marketBilanSources,
} from '@clause-ledger/projections';
import { ProjectionsService } from '../tracking/projections.service';

/** Reads the bilans read model: one market with what it refers to, or everything for yearly figures. */
@Injectable()
export class BilanSourcesReader {
  constructor(private readonly projections: ProjectionsService) {}

  private get name(): string {
    return this.projections.bilans.projection.name;
  }

  market(marketId: string): BilanSources | undefined {
    return marketBilanSources(marketId, (key) => this.projections.readModels.get<BilanDoc>(this.name, key));
  }

  all(): KeyFiguresSources {
    const rm = this.projections.readModels;
    const docs = <D>(prefix: string) => rm.listByPrefix<D>(this.name, prefix).map((r) => r.doc);
    return {
      markets: docs<BilanMarketDoc>('market:'),
      placements: docs<BilanPlacementDoc>('placement:'),
      beneficiaries: new Map(docs<BilanBeneficiaryDoc>('beneficiary:').map((b) => [b.beneficiaryId, b])),
      companies: new Map(docs<BilanCompanyDoc>('company:').map((c) => [c.companyId, c])),
    };
  }
}
