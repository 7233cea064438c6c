import type { BilanBeneficiaryDoc, BilanCompanyDoc, BilanLot, BilanMarketDoc, BilanPlacementDoc } from './bilan.projection';
import { ExitsBreakdown, Figure, ProfileBreakdown, breakdownBy, exitsOf, figure, fte, hoursOf, profileOf, share } from './figures';

export interface LotBilan {
  readonly lotId: string;
  readonly title: string;
  readonly clauseTypes: readonly string[];
  readonly company: { companyId: string; name: string | null } | null;
  readonly committedHours: number | null;
  readonly target: Figure & { computation: BilanLot['computation'] | null };
  readonly hoursDone: Figure;
  readonly completionPercent: number;
  readonly fte: number;
  readonly missingHours: number;
  readonly penaltyPerMissingHourCents: number;
  /** missing hours × penalty per hour, in euro cents (what the CCAP allows the buyer to claim) */
  readonly penaltyCents: number;
}

export interface MarketBilan {
  readonly marketId: string;
  readonly status: 'FINAL' | 'INTERIM';
  readonly market: BilanMarketDoc['market'];
  readonly closure: BilanMarketDoc['closure'] | null;
  readonly lots: LotBilan[];
  readonly totals: { targetHours: Figure; hoursDone: Figure; completionPercent: number; fte: number; missingHours: number; penaltyCents: number };
  readonly beneficiaries: ProfileBreakdown;
  readonly contractTypes: Record<string, { placements: Figure; hours: Figure }>;
  readonly modalities: Record<string, { placements: Figure; hours: Figure }>;
  readonly exits: { sixMonths: ExitsBreakdown; twelveMonths: ExitsBreakdown };
}

export interface BilanSources {
  readonly market: BilanMarketDoc;
  readonly placements: readonly BilanPlacementDoc[];
  readonly beneficiaries: ReadonlyMap<string, BilanBeneficiaryDoc>;
  readonly companies: ReadonlyMap<string, BilanCompanyDoc>;
}

/** The bilan of one market, every figure with the ids of the events it sums. */
export function marketBilan({ market, placements, beneficiaries, companies }: BilanSources): MarketBilan {
  const lots = Object.values(market.lots).sort((a, b) => a.lotId.localeCompare(b.lotId)).map((lot): LotBilan => {
    const done = hoursOf(placements.filter((p) => p.lotId === lot.lotId));
    const missingCenti = Math.max(lot.targetHours * 100 - Math.round(done.value * 100), 0);
    return {
      lotId: lot.lotId,
      title: lot.title,
      clauseTypes: lot.clauseTypes,
      company: lot.companyId ? { companyId: lot.companyId, name: companies.get(lot.companyId)?.name ?? null } : null,
      committedHours: lot.committedHours ?? null,
      target: { ...figure(lot.targetHours, lot.obligationEventIds), computation: lot.computation ?? null },
      hoursDone: done,
      completionPercent: share(done.value, lot.targetHours),
      fte: fte(done.value),
      missingHours: missingCenti / 100,
      penaltyPerMissingHourCents: lot.penaltyPerMissingHourCents,
      penaltyCents: Math.round((missingCenti * lot.penaltyPerMissingHourCents) / 100),
    };
  });
  const targetHours = figure(lots.reduce((s, l) => s + l.target.value, 0), lots.flatMap((l) => l.target.eventIds));
  const hoursDone = hoursOf(placements);
  return {
    marketId: market.market.marketId,
    status: market.closure ? 'FINAL' : 'INTERIM',
    market: market.market,
    closure: market.closure ?? null,
    lots,
    totals: {
      targetHours,
      hoursDone,
      completionPercent: share(hoursDone.value, targetHours.value),
      fte: fte(hoursDone.value),
      missingHours: lots.reduce((s, l) => s + Math.round(l.missingHours * 100), 0) / 100,
      penaltyCents: lots.reduce((s, l) => s + l.penaltyCents, 0),
    },
    beneficiaries: profileOf(placements, beneficiaries),
    contractTypes: breakdownBy(placements, (p) => p.contractType),
    modalities: breakdownBy(placements, (p) => p.modality),
    exits: { sixMonths: exitsOf(placements, '6'), twelveMonths: exitsOf(placements, '12') },
  };
}
