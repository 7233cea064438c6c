import { RecordedEvent } from '@clause-ledger/event-store';
import { addDays, asDomainEvent, toCentiHours } from '@clause-ledger/domain';
import { Acknowledgement, AlertLot, AlertPlacement, AlertsPart, MarketHeaderDoc, PlacementAlertsDoc, placementOfAlert, positionRank } from './alerts-documents';

/** The facts of a market's header: its dates, its closing, the clock, its lots' targets and totals. */
export function foldHeaderFacts(doc: MarketHeaderDoc | undefined, recorded: RecordedEvent): MarketHeaderDoc | undefined {
  const e = asDomainEvent(recorded);
  if (e.type === 'MarketRegistered') {
    const d = e.data;
    return {
      kind: 'market', marketId: d.marketId, title: d.title, buyer: d.buyer, executionStart: d.executionStart, executionEnd: d.executionEnd,
      lots: Object.fromEntries(d.lots.map((l) => [l.lotId, { lotId: l.lotId, title: l.title, targetHours: 0, centiHoursDone: 0, placements: 0 }])),
      alerts: {}, occurrences: {}, raisedRank: {},
    };
  }
  if (!doc) return doc;
  const lot = (lotId: string, change: (l: AlertLot) => AlertLot) => (doc.lots[lotId] ? { ...doc, lots: { ...doc.lots, [lotId]: change(doc.lots[lotId]) } } : doc);
  switch (e.type) {
    case 'ClauseDefined':
      return lot(e.data.lotId, (l) => ({ ...l, targetHours: e.data.targetHours }));
    case 'ClauseAccepted':
      return lot(e.data.lotId, (l) => ({ ...l, targetHours: e.data.targetHours, companyId: e.data.companyId, acceptedOn: e.data.acceptedOn }));
    case 'BeneficiaryPlaced':
      return lot(e.data.lotId, (l) => ({ ...l, placements: l.placements + 1 }));
    case 'HoursDeclared':
      return lot(e.data.lotId, (l) => ({ ...l, centiHoursDone: l.centiHoursDone + toCentiHours(e.data.hours) }));
    case 'HoursCorrected':
      return lot(e.data.lotId, (l) => ({ ...l, centiHoursDone: l.centiHoursDone + toCentiHours(e.data.hours) - toCentiHours(e.data.previousHours) }));
    case 'MarketClosed':
    case 'ClockTicked':
      return marketFactsAfter(doc, recorded);
    case 'AlertAcknowledged':
      return acknowledge(doc, e.data.alertId, acknowledgementOf(e.data));
    default:
      return doc;
  }
}

/** The facts of one placement (the market's are its header's). */
export function foldPlacementFacts(doc: PlacementAlertsDoc | undefined, recorded: RecordedEvent, header: MarketHeaderDoc): PlacementAlertsDoc | undefined {
  const e = asDomainEvent(recorded);
  if (e.type === 'BeneficiaryPlaced') {
    const d = e.data;
    const placement: AlertPlacement = {
      placementId: d.placementId, lotId: d.lotId, companyId: d.companyId, beneficiaryId: d.beneficiaryId,
      startDate: d.startDate, plannedEndDate: d.plannedEndDate, eligibleUntil: d.eligibility.validUntil, declaredMonths: [], followUps: [],
    };
    if (doc) return { ...doc, placement };
    const early = Object.entries(header.earlyAcknowledgements ?? {}).filter(([alertId]) => placementOfAlert(alertId) === d.placementId);
    return {
      kind: 'placement', marketId: header.marketId, placedRank: positionRank(recorded.position), placement,
      alerts: {}, occurrences: {}, raisedRank: {}, ...(early.length > 0 ? { earlyAcknowledgements: Object.fromEntries(early) } : {}),
    };
  }
  if (!doc) return doc;
  const placement = (change: (p: AlertPlacement) => AlertPlacement) => ({ ...doc, placement: change(doc.placement) });
  switch (e.type) {
    case 'HoursDeclared':
      return placement((p) => ({ ...p, declaredMonths: [...p.declaredMonths, e.data.month] }));
    case 'PlacementEnded':
      return placement((p) => ({ ...p, endDate: e.data.endDate }));
    case 'FollowUpRecorded':
      return placement((p) => ({ ...p, followUps: [...p.followUps, e.data.milestone] }));
    case 'EligibilityValidated': {
      // a renewal that starts before the current validity lapses extends it
      const renewal = e.data;
      const p = doc.placement;
      const extended = p.beneficiaryId === renewal.beneficiaryId && renewal.validatedOn <= addDays(p.eligibleUntil, 1) && renewal.validUntil > p.eligibleUntil;
      return extended ? placement(() => ({ ...p, eligibleUntil: renewal.validUntil })) : doc;
    }
    case 'AlertAcknowledged':
      return acknowledge(doc, e.data.alertId, acknowledgementOf(e.data));
    default:
      return doc;
  }
}

/** A closing, or the clock moving forward (never back). */
export function marketFactsAfter(facts: MarketHeaderDoc, recorded: RecordedEvent): MarketHeaderDoc {
  const e = asDomainEvent(recorded);
  if (e.type === 'MarketClosed') return { ...facts, closedOn: e.data.closedOn };
  if (e.type === 'ClockTicked' && (!facts.today || e.data.date > facts.today)) return { ...facts, today: e.data.date };
  return facts;
}

function acknowledgementOf(data: { acknowledgedBy: string; acknowledgedOn: string; note?: string }): Acknowledgement {
  return { by: data.acknowledgedBy, on: data.acknowledgedOn, ...(data.note ? { note: data.note } : {}) };
}

/** An alert not raised yet keeps its acknowledgement until it is. */
function acknowledge<Part extends AlertsPart>(doc: Part, alertId: string, acknowledged: Acknowledgement): Part {
  const alert = doc.alerts[alertId];
  if (!alert) return { ...doc, earlyAcknowledgements: { ...doc.earlyAcknowledgements, [alertId]: acknowledged } };
  return { ...doc, alerts: { ...doc.alerts, [alertId]: { ...alert, acknowledged } } };
}
