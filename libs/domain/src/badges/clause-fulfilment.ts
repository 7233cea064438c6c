import { fromCentiHours, toCentiHours } from '../shared/quantities';
import { MaybeMarket } from '../market/market';
import { Placement } from '../placement/placement';

/** Whether the market's clause was fulfilled, lot by lot, as its streams show. */
export interface ClauseFulfilment {
  readonly closed: boolean;
  readonly lots: readonly LotFulfilment[];
}

export interface LotFulfilment {
  readonly lotId: string;
  readonly targetHours: number;
  readonly hoursDone: number;
  readonly companyId?: string;
}

/**
 * The market's stream gives the closure, each lot's target and the company holding it; the streams
 * of the market's placements give the hours, as they stand after corrections, summed in hundredths
 * of an hour like the bilan's. No read model is involved: a badge right after closure sees it.
 */
export function clauseFulfilment(market: MaybeMarket, placements: readonly Placement[]): ClauseFulfilment | undefined {
  if (!market) return undefined;
  const lots = Object.values(market.lots).map((lot): LotFulfilment => {
    const centi = placements
      .filter((p) => p.marketId === market.marketId && p.lotId === lot.lotId)
      .flatMap((p) => Object.values(p.hoursByMonth))
      .reduce((sum, hours) => sum + toCentiHours(hours), 0);
    return {
      lotId: lot.lotId,
      targetHours: lot.clause?.targetHours ?? 0,
      hoursDone: fromCentiHours(centi),
      ...(lot.acceptance ? { companyId: lot.acceptance.companyId } : {}),
    };
  });
  return { closed: !!market.closedOn, lots };
}

/** The clause's totals, as the badge credential states them. */
export function fulfilmentTotals(fulfilment: ClauseFulfilment): { targetHours: number; hoursDone: number } {
  const sum = (hours: (l: LotFulfilment) => number) => fromCentiHours(fulfilment.lots.reduce((s, l) => s + toCentiHours(hours(l)), 0));
  return { targetHours: sum((l) => l.targetHours), hoursDone: sum((l) => l.hoursDone) };
}
