import { centiOfWholeHours, fromCentiHours, fteOf, penaltyCents, percentOf, remainingCenti, sumOf } from '@clause-ledger/domain';
import { BilanBeneficiaryDoc, BilanCompanyDoc, BilanDoc, BilanLot, BilanMarketDoc, BilanPlacementDoc, placementMonthsPrefix } from './bilan.projection';
import type { BilanMemo } from './bilan-memo';
import { ExitsBreakdown, Figure, ProfileBreakdown, breakdownBy, exitsOf, figure, profileOf } from './figures';
import { groupHours } from './group-hours';
import { BilanPlacement, withMonths } from './placement-months';

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
  readonly placements: readonly BilanPlacement[];
  readonly beneficiaries: ReadonlyMap<string, BilanBeneficiaryDoc>;
  readonly companies: ReadonlyMap<string, BilanCompanyDoc>;
}

/**
 * Optional: documents read at once before they are asked for by key (a cold bilan of a big market:
 * a few queries instead of tens of thousands).
 */
export interface ReadAhead {
  /** Every document whose key starts with the prefix. */
  readonly under: (prefix: string) => void;
  readonly keys: (keys: readonly string[]) => void;
}

/** One market's documents and those it refers to (its placements with their months, their beneficiaries, its lots' companies), read by key. */
export function marketBilanSources(marketId: string, read: (key: string) => BilanDoc | undefined, ahead?: ReadAhead): BilanSources | undefined {
  const doc = <D extends BilanDoc>(key: string) => read(key) as D | undefined;
  const market = doc<BilanMarketDoc>(`market:${marketId}`);
  if (!market) return undefined;
  ahead?.under(placementMonthsPrefix(marketId));
  ahead?.keys(market.placementIds.map((id) => `placement:${id}`));
  const placementDocs = market.placementIds.flatMap((id) => doc<BilanPlacementDoc>(`placement:${id}`) ?? []);
  ahead?.keys(placementDocs.map((p) => `beneficiary:${p.beneficiaryId}`));
  const placements = placementDocs.map((p) => withMonths(p, read));
  const beneficiaries = new Map(placements.flatMap((p) => {
    const beneficiary = doc<BilanBeneficiaryDoc>(`beneficiary:${p.beneficiaryId}`);
    return beneficiary ? [[p.beneficiaryId, beneficiary] as const] : [];
  }));
  const companyIds = new Set(Object.values(market.lots).flatMap((l) => (l.companyId ? [l.companyId] : [])));
  const companies = new Map([...companyIds].flatMap((id) => {
    const company = doc<BilanCompanyDoc>(`company:${id}`);
    return company ? [[id, company] as const] : [];
  }));
  return { market, placements, beneficiaries, companies };
}

/**
 * The bilan of one market, every figure with the ids of the events it sums. memo: what the previous
 * computation of this market's bilan kept (the same bilan, computed from what changed since).
 */
export function marketBilan({ market, placements, beneficiaries, companies }: BilanSources, memo?: BilanMemo): MarketBilan {
  const sorted = Object.values(market.lots).sort((a, b) => a.lotId.localeCompare(b.lotId));
  const hoursOf = groupHours(memo?.hours);
  const computed = sorted.map((lot) => {
    const done = hoursOf(placements.filter((p) => p.lotId === lot.lotId), `lot ${lot.lotId}`);
    return { lot, done, missingCenti: remainingCenti(centiOfWholeHours(lot.targetHours), done.centi) };
  });
  const lots = computed.map(({ lot, done, missingCenti }): LotBilan => ({
    lotId: lot.lotId,
    title: lot.title,
    clauseTypes: lot.clauseTypes,
    company: lot.companyId ? { companyId: lot.companyId, name: companies.get(lot.companyId)?.name ?? null } : null,
    committedHours: lot.committedHours ?? null,
    target: { ...figure(lot.targetHours, lot.obligationEventIds), computation: lot.computation ?? null },
    hoursDone: done.figure,
    completionPercent: percentOf(done.centi, centiOfWholeHours(lot.targetHours)),
    fte: fteOf(done.centi),
    missingHours: fromCentiHours(missingCenti),
    penaltyPerMissingHourCents: lot.penaltyPerMissingHourCents,
    penaltyCents: penaltyCents(missingCenti, lot.penaltyPerMissingHourCents),
  }));
  const targetHours = figure(sumOf(sorted.map((l) => l.targetHours)), sorted.flatMap((l) => l.obligationEventIds));
  const done = hoursOf(placements, 'total');
  const missingCenti = sumOf(computed.map((c) => c.missingCenti));
  return {
    marketId: market.market.marketId,
    status: market.closure ? 'FINAL' : 'INTERIM',
    market: market.market,
    closure: market.closure ?? null,
    lots,
    totals: {
      targetHours,
      hoursDone: done.figure,
      completionPercent: percentOf(done.centi, centiOfWholeHours(targetHours.value)),
      fte: fteOf(done.centi),
      missingHours: fromCentiHours(missingCenti),
      penaltyCents: sumOf(lots.map((l) => l.penaltyCents)),
    },
    beneficiaries: memo ? memo.profileOf(placements, beneficiaries) : profileOf(placements, beneficiaries),
    contractTypes: breakdownBy(placements, (p) => p.contractType, (group, type) => hoursOf(group, `contract type ${type}`).figure),
    modalities: breakdownBy(placements, (p) => p.modality, (group, modality) => hoursOf(group, `modality ${modality}`).figure),
    exits: { sixMonths: exitsOf(placements, '6'), twelveMonths: exitsOf(placements, '12') },
  };
}
