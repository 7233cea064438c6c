import { Buyer, ClauseAccepted, ClauseDefined, MarketEvent, MarketRegistered } from './market-events';
import { MarketKind } from '../shared/vocabulary';

export const marketStreamId = (marketId: string) => `market-${marketId}`;

export interface Lot {
  readonly lotId: string;
  readonly title: string;
  readonly estimatedAmountCents: number;
  readonly clause?: ClauseDefined['data'];
  readonly acceptance?: ClauseAccepted['data'];
}

export interface Market {
  readonly marketId: string;
  readonly title: string;
  readonly kind: MarketKind;
  readonly buyer: Buyer;
  readonly territory: string;
  readonly department: string;
  readonly facilitatorOrganisation: string;
  readonly facilitatorOrganisationId?: string;
  readonly buyerOrganisationId?: string;
  readonly executionStart: string;
  readonly executionEnd: string;
  readonly lots: Readonly<Record<string, Lot>>;
  readonly closedOn?: string;
}

/** A market that does not exist yet. */
export type MaybeMarket = Market | undefined;

export function evolveMarket(market: MaybeMarket, event: MarketEvent): MaybeMarket {
  switch (event.type) {
    case 'MarketRegistered':
      return registered(event.data);
    case 'ClauseDefined':
      return withLot(market, event.data.lotId, (lot) => ({ ...lot, clause: event.data }));
    case 'ClauseAccepted':
      return withLot(market, event.data.lotId, (lot) => ({ ...lot, acceptance: event.data }));
    case 'MarketClosed':
      return { ...market!, closedOn: event.data.closedOn };
  }
}

function registered(data: MarketRegistered['data']): Market {
  const lots: Record<string, Lot> = {};
  for (const lot of data.lots) lots[lot.lotId] = { ...lot };
  return {
    marketId: data.marketId,
    title: data.title,
    kind: data.kind,
    buyer: data.buyer,
    territory: data.territory,
    department: data.department,
    facilitatorOrganisation: data.facilitatorOrganisation,
    ...(data.facilitatorOrganisationId ? { facilitatorOrganisationId: data.facilitatorOrganisationId } : {}),
    ...(data.buyerOrganisationId ? { buyerOrganisationId: data.buyerOrganisationId } : {}),
    executionStart: data.executionStart,
    executionEnd: data.executionEnd,
    lots,
  };
}

function withLot(market: MaybeMarket, lotId: string, change: (lot: Lot) => Lot): Market {
  if (!market) throw new Error(`event for lot ${lotId} of a market that was never registered`);
  return { ...market, lots: { ...market.lots, [lotId]: change(market.lots[lotId]) } };
}
