import { positionToString } from '@clause-ledger/event-store';
import { asDomainEvent } from '../runner/as-domain-event';
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
  readonly placements: Record<string, PlacementTracking>;
}

export interface PlacementTracking {
  readonly beneficiaryId: string;
  readonly companyId: string;
  readonly startDate: string;
  readonly endDate?: string;
  /** Current hours per month, in hundredths of an hour (after corrections). */
  readonly centiHoursByMonth: Record<string, number>;
}

const TRACKED = new Set(['MarketRegistered', 'ClauseDefined', 'ClauseAccepted', 'BeneficiaryPlaced', 'HoursDeclared', 'HoursCorrected', 'PlacementEnded']);

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
      executionStart: d.executionStart, executionEnd: d.executionEnd,
      lots: Object.fromEntries(d.lots.map((l) => [l.lotId, { lotId: l.lotId, title: l.title, placements: {} }])),
    };
  }
  if (!doc) return doc;
  switch (event.type) {
    case 'ClauseDefined':
      return withLot(doc, event.data.lotId, (lot) => ({ ...lot, targetHours: event.data.targetHours }));
    case 'ClauseAccepted':
      return withLot(doc, event.data.lotId, (lot) => ({ ...lot, companyId: event.data.companyId, committedHours: event.data.committedHours, targetHours: event.data.targetHours }));
    case 'BeneficiaryPlaced':
      return withPlacement(doc, event.data.lotId, event.data.placementId, () => ({
        beneficiaryId: event.data.beneficiaryId, companyId: event.data.companyId, startDate: event.data.startDate, centiHoursByMonth: {},
      }));
    case 'HoursDeclared':
    case 'HoursCorrected':
      return withPlacement(doc, event.data.lotId, event.data.placementId, (p) => ({
        ...p!, centiHoursByMonth: { ...p!.centiHoursByMonth, [event.data.month]: toCentiHours(event.data.hours) },
      }));
    case 'PlacementEnded':
      return withPlacement(doc, event.data.lotId, event.data.placementId, (p) => ({ ...p!, endDate: event.data.endDate }));
    default:
      return doc;
  }
}

function withLot(doc: Tracked, lotId: string, change: (lot: LotTracking) => LotTracking): Tracked {
  const lot = doc.lots[lotId];
  return lot ? { ...doc, lots: { ...doc.lots, [lotId]: change(lot) } } : doc;
}

function withPlacement(doc: Tracked, lotId: string, placementId: string, change: (p: PlacementTracking | undefined) => PlacementTracking): Tracked {
  return withLot(doc, lotId, (lot) => ({ ...lot, placements: { ...lot.placements, [placementId]: change(lot.placements[placementId]) } }));
}
