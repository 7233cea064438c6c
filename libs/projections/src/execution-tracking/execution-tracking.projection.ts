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
  /**
   * How many beneficiaries have hours above zero on exactly these lots (ids sorted, joined by ","):
   * any group of lots counts its beneficiaries from it, and it does not grow with them. Each
   * beneficiary's hours per lot are a document of their own (beneficiaryHoursKey).
   */
  readonly beneficiariesByLots: Record<string, number>;
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
  readonly placements: number;
  readonly lastDeclaredMonth?: string;
}

/** `<marketId>/beneficiary:<id>`: a beneficiary's hours per lot of the market, in hundredths of an hour. */
export interface BeneficiaryHoursDoc {
  readonly kind: 'beneficiary-hours';
  readonly centiByLot: Record<string, number>;
}

export const beneficiaryHoursKey = (marketId: string, beneficiaryId: string) => `${marketId}/beneficiary:${beneficiaryId}`;
/** The market documents, as opposed to the beneficiaries' hours (market ids never hold a "/"). */
export const isMarketTrackingKey = (key: string) => !key.includes('/');

const TRACKED = new Set(['MarketRegistered', 'ClauseDefined', 'ClauseAccepted', 'BeneficiaryPlaced', 'HoursDeclared', 'HoursCorrected']);
type Hours = { marketId: string; lotId: string; beneficiaryId: string };

// The runner's documents are typed as the market's: a beneficiary's hours are read and written under their own keys only.
export const executionTrackingProjection: Projection<MarketTrackingDoc> = {
  name: 'execution-tracking',
  version: 2,
  keysOf: (event, read) => {
    if (!TRACKED.has(event.type)) return [];
    const d = event.data as Hours;
    const hours = event.type === 'HoursDeclared' || event.type === 'HoursCorrected';
    return hours && (read(d.marketId) as MarketTrackingDoc | undefined)?.lots[d.lotId] ? [d.marketId, beneficiaryHoursKey(d.marketId, d.beneficiaryId)] : [d.marketId];
  },
  evolve: (doc, recorded, key, read) => {
    const event = asDomainEvent(recorded);
    if (!isMarketTrackingKey(key)) return evolveBeneficiaryHours(doc as BeneficiaryHoursDoc | undefined, event) as unknown as MarketTrackingDoc;
    const d = recorded.data as Hours;
    const before = (read(beneficiaryHoursKey(d.marketId, d.beneficiaryId ?? '')) as BeneficiaryHoursDoc | undefined)?.centiByLot ?? {};
    const next = evolveTracking(doc, event, before);
    return next && { ...next, lastPosition: positionToString(recorded.position) };
  },
};

function evolveBeneficiaryHours(doc: BeneficiaryHoursDoc | undefined, event: ClauseLedgerEvent): BeneficiaryHoursDoc | undefined {
  const delta = centiDeltaOf(event);
  if (delta === undefined) return doc;
  const centiByLot = doc?.centiByLot ?? {};
  return { kind: 'beneficiary-hours', centiByLot: { ...centiByLot, [delta.lotId]: (centiByLot[delta.lotId] ?? 0) + delta.centi } };
}

/** A declaration adds its hours; a correction states the figure it replaces: the read model only needs the difference. */
function centiDeltaOf(event: ClauseLedgerEvent): { lotId: string; month: string; centi: number } | undefined {
  if (event.type === 'HoursDeclared') return { lotId: event.data.lotId, month: event.data.month, centi: toCentiHours(event.data.hours) };
  if (event.type === 'HoursCorrected') return { lotId: event.data.lotId, month: event.data.month, centi: toCentiHours(event.data.hours) - toCentiHours(event.data.previousHours) };
  return undefined;
}

type Tracked = Omit<MarketTrackingDoc, 'lastPosition'> & { lastPosition?: string };

/** `hoursBefore`: the event's beneficiary's hours per lot before it (hours events only). */
export function evolveTracking(doc: Tracked | undefined, event: ClauseLedgerEvent, hoursBefore: Readonly<Record<string, number>> = {}): Tracked | undefined {
  if (event.type === 'MarketRegistered') {
    const d = event.data;
    return {
      marketId: d.marketId, title: d.title, kind: d.kind, buyer: { name: d.buyer.name, kind: d.buyer.kind },
      territory: d.territory, facilitatorOrganisation: d.facilitatorOrganisation,
      ...(d.facilitatorOrganisationId ? { facilitatorOrganisationId: d.facilitatorOrganisationId } : {}),
      ...(d.buyerOrganisationId ? { buyerOrganisationId: d.buyerOrganisationId } : {}),
      executionStart: d.executionStart, executionEnd: d.executionEnd,
      lots: Object.fromEntries(d.lots.map((l) => [l.lotId, { lotId: l.lotId, title: l.title, centiHoursDone: 0, placements: 0 }])),
      beneficiariesByLots: {},
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
    case 'HoursCorrected':
      return addHours(doc, centiDeltaOf(event)!, hoursBefore);
    default:
      return doc;
  }
}

function withLot(doc: Tracked, lotId: string, change: (lot: LotTracking) => LotTracking): Tracked {
  const lot = doc.lots[lotId];
  return lot ? { ...doc, lots: { ...doc.lots, [lotId]: change(lot) } } : doc;
}

function addHours(doc: Tracked, delta: { lotId: string; month: string; centi: number }, hoursBefore: Readonly<Record<string, number>>): Tracked {
  if (!doc.lots[delta.lotId]) return doc;
  const next = withLot(doc, delta.lotId, (lot) => ({
    ...lot,
    centiHoursDone: lot.centiHoursDone + delta.centi,
    lastDeclaredMonth: !lot.lastDeclaredMonth || delta.month > lot.lastDeclaredMonth ? delta.month : lot.lastDeclaredMonth,
  }));
  const hoursAfter = { ...hoursBefore, [delta.lotId]: (hoursBefore[delta.lotId] ?? 0) + delta.centi };
  const [from, to] = [lotsWithHours(hoursBefore), lotsWithHours(hoursAfter)];
  if (from === to) return next;
  const counts = { ...next.beneficiariesByLots };
  if (from) counts[from] -= 1;
  if (from && counts[from] === 0) delete counts[from];
  if (to) counts[to] = (counts[to] ?? 0) + 1;
  return { ...next, beneficiariesByLots: counts };
}

/** The lots a beneficiary has hours above zero on, as a beneficiariesByLots key ("" for none). */
const lotsWithHours = (centiByLot: Readonly<Record<string, number>>) => Object.keys(centiByLot).filter((lotId) => centiByLot[lotId] > 0).sort().join(',');
