import { positionToString } from '@clause-ledger/event-store';
import { asDomainEvent } from '@clause-ledger/domain';
import { ClauseLedgerEvent, MarketRegistered, toCentiHours } from '@clause-ledger/domain';
import { Projection } from '../runner/projection';

/** One document per market: what was promised per lot and what the placements have done. */
export interface MarketTrackingDoc {
  readonly marketId: string;
  readonly title: string;
  readonly kind: MarketRegistered['data']['kind'];
  readonly buyer: { name: string; kind: string };
  readonly territory: string;
  readonly facilitatorOrganisation: string;
  readonly facilitatorOrganisationId?: string;
  readonly buyerOrganisationId?: string;
  readonly executionStart: string;
  readonly executionEnd: string;
  readonly lots: Record<string, LotTracking>;
  /** Global position of the last event folded in, as "commit/prepare". */
  readonly lastPosition: string;
}

export interface LotTracking {
  readonly lotId: string;
  readonly title: string;
  readonly targetHours?: number;
  readonly committedHours?: number;
  readonly companyId?: string;
  /** Hours done on the lot, in hundredths of an hour (after corrections). */
  readonly centiHoursDone: number;
  /** Hundredths of an hour per beneficiary: who counts is who has hours above zero. */
  readonly centiHoursByBeneficiary: Record<string, number>;
  readonly placements: number;
  readonly lastDeclaredMonth?: string;
}

const TRACKED = new Set(['MarketRegistered', 'ClauseDefined', 'ClauseAccepted', 'BeneficiaryPlaced', 'HoursDeclared', 'HoursCorrected']);

export const executionTrackingProjection: Projection<MarketTrackingDoc> = {
  name: 'execution-tracking',
  version: 1,
  keysOf: (event) => (TRACKED.has(event.type) ? [(event.data as { marketId: string }).marketId] : []),
  evolve: (doc, recorded) => {
    const next = evolveTracking(doc, asDomainEvent(recorded));
    return next && { ...next, lastPosition: positionToString(recorded.position) };
  },
};

type Tracked = Omit<MarketTrackingDoc, 'lastPosition'> & { lastPosition?: string };

export function evolveTracking(doc: Tracked | undefined, event: ClauseLedgerEvent): Tracked | undefined {
  if (event.type === 'MarketRegistered') {
    const d = event.data;
    return {
      marketId: d.marketId, title: d.title, kind: d.kind, buyer: { name: d.buyer.name, kind: d.buyer.kind },
      territory: d.territory, facilitatorOrganisation: d.facilitatorOrganisation,
      ...(d.facilitatorOrganisationId ? { facilitatorOrganisationId: d.facilitatorOrganisationId } : {}),
      ...(d.buyerOrganisationId ? { buyerOrganisationId: d.buyerOrganisationId } : {}),
      executionStart: d.executionStart, executionEnd: d.executionEnd,
      lots: Object.fromEntries(d.lots.map((l) => [l.lotId, { lotId: l.lotId, title: l.title, centiHoursDone: 0, centiHoursByBeneficiary: {}, placements: 0 }])),
    };
  }
  if (!doc) return doc;
  switch (event.type) {
    case 'ClauseDefined':
      return withLot(doc, event.data.lotId, (lot) => ({ ...lot, targetHours: event.data.targetHours }));
    case 'ClauseAccepted':
      return withLot(doc, event.data.lotId, (lot) => ({ ...lot, companyId: event.data.companyId, committedHours: event.data.committedHours, targetHours: event.data.targetHours }));
    case 'BeneficiaryPlaced':
      return withLot(doc, event.data.lotId, (lot) => ({ ...lot, placements: lot.placements + 1 }));
    case 'HoursDeclared':
      return addHours(doc, event.data.lotId, event.data.beneficiaryId, event.data.month, toCentiHours(event.data.hours));
    case 'HoursCorrected':
      // the correction states the figure it replaces: the read model only needs the difference
      return addHours(doc, event.data.lotId, event.data.beneficiaryId, event.data.month, toCentiHours(event.data.hours) - toCentiHours(event.data.previousHours));
    default:
      return doc;
  }
}

function withLot(doc: Tracked, lotId: string, change: (lot: LotTracking) => LotTracking): Tracked {
  const lot = doc.lots[lotId];
  return lot ? { ...doc, lots: { ...doc.lots, [lotId]: change(lot) } } : doc;
}

function addHours(doc: Tracked, lotId: string, beneficiaryId: string, month: string, centiDelta: number): Tracked {
  return withLot(doc, lotId, (lot) => ({
    ...lot,
    centiHoursDone: lot.centiHoursDone + centiDelta,
    centiHoursByBeneficiary: { ...lot.centiHoursByBeneficiary, [beneficiaryId]: (lot.centiHoursByBeneficiary[beneficiaryId] ?? 0) + centiDelta },
    lastDeclaredMonth: !lot.lastDeclaredMonth || month > lot.lastDeclaredMonth ? month : lot.lastDeclaredMonth,
  }));
}
