import { RecordedEvent } from '@clause-ledger/event-store';
import { addDays, addMonths, toCentiHours } from '@clause-ledger/domain';
import { Projection } from '../runner/projection';
import { asDomainEvent } from '@clause-ledger/domain';
import { AlertRule, AlertRulesConfig, AlertSeverity, DEFAULT_ALERT_RULES } from './alert-rules';
import {
  Condition, currentConditions, lotConditionKeys, lotConditions, placementConditionKeys, placementConditions,
} from './alert-conditions';

export interface Alert {
  readonly alertId: string;
  readonly marketId: string;
  readonly rule: AlertRule;
  readonly severity: AlertSeverity;
  readonly status: 'OPEN' | 'RESOLVED';
  readonly subject: Record<string, string>;
  /** The figures behind the alert, as they stood when it was last evaluated. */
  readonly figures: Record<string, number | string>;
  /** French, addressed to the buyer. */
  readonly message: string;
  readonly raisedOn: string;
  readonly raisedByEventId: string;
  readonly resolvedOn?: string;
  readonly resolvedByEventId?: string;
  readonly acknowledged?: { by: string; on: string; note?: string };
}

export interface AlertLot {
  readonly lotId: string;
  readonly title: string;
  readonly targetHours: number;
  readonly companyId?: string;
  readonly acceptedOn?: string;
  readonly centiHoursDone: number;
  readonly placements: number;
}

export interface AlertPlacement {
  readonly placementId: string;
  readonly lotId: string;
  readonly companyId: string;
  readonly beneficiaryId: string;
  readonly startDate: string;
  readonly plannedEndDate: string;
  readonly endDate?: string;
  readonly eligibleUntil: string;
  readonly declaredMonths: readonly string[];
  readonly followUps: readonly number[];
}

export interface MarketAlertsDoc {
  readonly kind: 'market';
  readonly marketId: string;
  readonly title: string;
  readonly buyer: { name: string; kind: string; contactEmail?: string };
  readonly executionStart: string;
  readonly executionEnd: string;
  readonly closedOn?: string;
  /** The last day the clock ticked: the date every rule is evaluated at. */
  readonly today?: string;
  readonly lots: Record<string, AlertLot>;
  readonly placements: Record<string, AlertPlacement>;
  readonly alerts: Record<string, Alert>;
  /** How many times each condition was raised, so a condition that comes back is a new alert. */
  readonly occurrences: Record<string, number>;
  /** Acknowledgements recorded before this read model raised their alert (the decision does not wait for it). */
  readonly earlyAcknowledgements?: Record<string, NonNullable<Alert['acknowledged']>>;
}

interface IndexDoc {
  readonly kind: 'index';
  readonly markets: readonly string[];
  readonly closedOn: Readonly<Record<string, string>>;
}

type AlertsDoc = MarketAlertsDoc | IndexDoc;

const TICKED_MARKETS = 'index:ticked-markets';
const marketKey = (id: string) => `market:${id}`;
const beneficiaryKey = (id: string) => `beneficiary:${id}`;
/** Markets stay under the clock this long after closing, for the 6- and 12-month follow-ups. */
const FOLLOW_UP_MONTHS_AFTER_CLOSE = 18;

export function alertsProjection(config: AlertRulesConfig = DEFAULT_ALERT_RULES): Projection<AlertsDoc> {
  return {
    name: 'alerts',
    // the rules' settings are part of what the read model means: changing them rebuilds it
    version: 1_000_000 + (textHash(JSON.stringify(config)) % 1_000_000),
    keysOf: (event, read) => routeOf(event, read as (key: string) => AlertsDoc | undefined),
    evolve: (doc, event, key) => (key.startsWith('market:') ? evolveMarketAlertsDoc(doc as MarketAlertsDoc | undefined, event, config) : evolveIndex(doc as IndexDoc | undefined, event)),
  };
}

function routeOf(event: RecordedEvent, read: (key: string) => AlertsDoc | undefined): string[] {
  const data = event.data as { marketId?: string; beneficiaryId?: string };
  switch (event.type) {
    case 'MarketRegistered':
    case 'MarketClosed':
      return [marketKey(data.marketId!), TICKED_MARKETS];
    case 'BeneficiaryPlaced':
      return [marketKey(data.marketId!), beneficiaryKey(data.beneficiaryId!)];
    case 'ClauseDefined':
    case 'ClauseAccepted':
    case 'HoursDeclared':
    case 'HoursCorrected':
    case 'PlacementEnded':
    case 'FollowUpRecorded':
    case 'AlertAcknowledged':
      return [marketKey(data.marketId!)];
    case 'EligibilityValidated': {
      const index = read(beneficiaryKey(data.beneficiaryId!)) as IndexDoc | undefined;
      return (index?.markets ?? []).map(marketKey);
    }
    case 'ClockTicked': {
      const index = read(TICKED_MARKETS) as IndexDoc | undefined;
      return [...(index?.markets ?? []).map(marketKey), TICKED_MARKETS];
    }
    default:
      return [];
  }
}

/** A market's alerts document: its facts folded in, then its alerts reconciled with the rules once the clock has ticked. */
function evolveMarketAlertsDoc(doc: MarketAlertsDoc | undefined, recorded: RecordedEvent, config: AlertRulesConfig): MarketAlertsDoc | undefined {
  const next = foldMarketFacts(doc, recorded);
  return next && next.today ? reconcile(next, recorded, config) : next;
}

/** Index documents route events: the markets under the clock, the markets a beneficiary works on. */
function evolveIndex(index: IndexDoc | undefined, recorded: RecordedEvent): IndexDoc | undefined {
  const e = asDomainEvent(recorded);
  const markets = index?.markets ?? [];
  const closedOn = index?.closedOn ?? {};
  switch (e.type) {
    case 'MarketRegistered':
    case 'BeneficiaryPlaced':
      return markets.includes(e.data.marketId) ? index : { kind: 'index', markets: [...markets, e.data.marketId], closedOn };
    case 'MarketClosed':
      return { kind: 'index', markets, closedOn: { ...closedOn, [e.data.marketId]: e.data.closedOn } };
    case 'ClockTicked': {
      const stillFollowed = markets.filter((id) => !closedOn[id] || addMonths(closedOn[id], FOLLOW_UP_MONTHS_AFTER_CLOSE) >= e.data.date);
      if (stillFollowed.length === markets.length) return index;
      return { kind: 'index', markets: stillFollowed, closedOn: Object.fromEntries(stillFollowed.filter((id) => closedOn[id]).map((id) => [id, closedOn[id]])) };
    }
    default:
      return index;
  }
}

function foldMarketFacts(doc: MarketAlertsDoc | undefined, recorded: RecordedEvent): MarketAlertsDoc | undefined {
  const e = asDomainEvent(recorded);
  if (e.type === 'MarketRegistered') {
    const d = e.data;
    return {
      kind: 'market', marketId: d.marketId, title: d.title, buyer: d.buyer, executionStart: d.executionStart, executionEnd: d.executionEnd,
      lots: Object.fromEntries(d.lots.map((l) => [l.lotId, { lotId: l.lotId, title: l.title, targetHours: 0, centiHoursDone: 0, placements: 0 }])),
      placements: {}, alerts: {}, occurrences: {},
    };
  }
  if (!doc) return doc;
  const lot = (lotId: string, change: (l: AlertLot) => AlertLot) => (doc.lots[lotId] ? { ...doc, lots: { ...doc.lots, [lotId]: change(doc.lots[lotId]) } } : doc);
  const placement = (id: string, change: (p: AlertPlacement) => AlertPlacement) =>
    doc.placements[id] ? { ...doc, placements: { ...doc.placements, [id]: change(doc.placements[id]) } } : doc;
  switch (e.type) {
    case 'ClauseDefined':
      return lot(e.data.lotId, (l) => ({ ...l, targetHours: e.data.targetHours }));
    case 'ClauseAccepted':
      return lot(e.data.lotId, (l) => ({ ...l, targetHours: e.data.targetHours, companyId: e.data.companyId, acceptedOn: e.data.acceptedOn }));
    case 'MarketClosed':
      return { ...doc, closedOn: e.data.closedOn };
    case 'BeneficiaryPlaced': {
      const withPlacement = {
        ...doc,
        placements: {
          ...doc.placements,
          [e.data.placementId]: {
            placementId: e.data.placementId, lotId: e.data.lotId, companyId: e.data.companyId, beneficiaryId: e.data.beneficiaryId,
            startDate: e.data.startDate, plannedEndDate: e.data.plannedEndDate, eligibleUntil: e.data.eligibility.validUntil, declaredMonths: [], followUps: [],
          },
        },
      };
      return withPlacement.lots[e.data.lotId]
        ? { ...withPlacement, lots: { ...withPlacement.lots, [e.data.lotId]: { ...withPlacement.lots[e.data.lotId], placements: withPlacement.lots[e.data.lotId].placements + 1 } } }
        : withPlacement;
    }
    case 'HoursDeclared': {
      const next = lot(e.data.lotId, (l) => ({ ...l, centiHoursDone: l.centiHoursDone + toCentiHours(e.data.hours) }));
      const p = next.placements[e.data.placementId];
      return p ? { ...next, placements: { ...next.placements, [p.placementId]: { ...p, declaredMonths: [...p.declaredMonths, e.data.month] } } } : next;
    }
    case 'HoursCorrected':
      return lot(e.data.lotId, (l) => ({ ...l, centiHoursDone: l.centiHoursDone + toCentiHours(e.data.hours) - toCentiHours(e.data.previousHours) }));
    case 'PlacementEnded':
      return placement(e.data.placementId, (p) => ({ ...p, endDate: e.data.endDate }));
    case 'FollowUpRecorded':
      return placement(e.data.placementId, (p) => ({ ...p, followUps: [...p.followUps, e.data.milestone] }));
    case 'EligibilityValidated': {
      // a renewal that starts before the current validity lapses extends it
      const renewal = e.data;
      const placements = Object.fromEntries(Object.entries(doc.placements).map(([id, p]) => [
        id,
        p.beneficiaryId === renewal.beneficiaryId && renewal.validatedOn <= addDays(p.eligibleUntil, 1) && renewal.validUntil > p.eligibleUntil
          ? { ...p, eligibleUntil: renewal.validUntil } : p,
      ]));
      return { ...doc, placements };
    }
    case 'ClockTicked':
      return !doc.today || e.data.date > doc.today ? { ...doc, today: e.data.date } : doc;
    case 'AlertAcknowledged': {
      const alert = doc.alerts[e.data.alertId];
      const acknowledged = { by: e.data.acknowledgedBy, on: e.data.acknowledgedOn, ...(e.data.note ? { note: e.data.note } : {}) };
      if (!alert) return { ...doc, earlyAcknowledgements: { ...doc.earlyAcknowledgements, [e.data.alertId]: acknowledged } };
      return { ...doc, alerts: { ...doc.alerts, [alert.alertId]: { ...alert, acknowledged } } };
    }
    default:
      return doc;
  }
}

/**
 * Raise what holds and is not open yet, refresh what is open, resolve what no longer holds. Only the
 * conditions the event can change are evaluated (the others' inputs did not move, so reconciling
 * them would change nothing): a market's cost per declaration does not grow with its placements.
 */
function reconcile(doc: MarketAlertsDoc, recorded: RecordedEvent, config: AlertRulesConfig): MarketAlertsDoc {
  const today = doc.today!;
  const scope = scopeOf(recorded);
  const placement = scope === 'market' ? undefined : scope.placementId === undefined ? undefined : doc.placements[scope.placementId];
  const conditions = scope === 'market' ? currentConditions(doc, today, config)
    : [...lotConditions(doc, today, config), ...(placement ? placementConditions(doc, placement, today, config) : [])];
  const holding = new Map<string, Condition>(conditions.map((c) => [c.key, c]));
  const openByKey = scope === 'market'
    ? new Map(Object.values(doc.alerts).filter((a) => a.status === 'OPEN').map((a) => [conditionKeyOf(a), a]))
    : openAlertsOf(doc, [...Object.keys(doc.lots).flatMap(lotConditionKeys), ...(placement ? placementConditionKeys(placement, today, config) : [])]);
  const updates = new Map<string, Alert>();
  const occurrences: Record<string, number> = {};
  for (const [key, open] of openByKey) {
    const condition = holding.get(key);
    if (!condition) updates.set(open.alertId, { ...open, status: 'RESOLVED', resolvedOn: today, resolvedByEventId: recorded.id });
    else if (!sameEvaluation(open, condition)) updates.set(open.alertId, { ...open, severity: condition.severity, figures: condition.figures, message: condition.message });
  }
  for (const [key, condition] of holding) {
    if (openByKey.has(key)) continue;
    occurrences[key] = (doc.occurrences[key] ?? 0) + 1;
    const alertId = occurrences[key] === 1 ? key : `${key}#${occurrences[key]}`;
    updates.set(alertId, {
      alertId, marketId: doc.marketId, rule: condition.rule, severity: condition.severity, status: 'OPEN', subject: condition.subject,
      figures: condition.figures, message: condition.message, raisedOn: today, raisedByEventId: recorded.id,
      ...(doc.earlyAcknowledgements?.[alertId] ? { acknowledged: doc.earlyAcknowledgements[alertId] } : {}),
    });
  }
  if (updates.size === 0) return doc;
  // spreading keeps the existing alerts in place and appends the new ones in the order they were raised
  return { ...doc, alerts: { ...doc.alerts, ...Object.fromEntries(updates) }, occurrences: { ...doc.occurrences, ...occurrences } };
}

/** Which conditions an event can change: one placement's (and the lots'), the lots' only, or the whole market's. */
function scopeOf(recorded: RecordedEvent): { placementId?: string } | 'market' {
  switch (recorded.type) {
    case 'BeneficiaryPlaced':
    case 'HoursDeclared':
    case 'PlacementEnded':
    case 'FollowUpRecorded':
      return { placementId: (recorded.data as { placementId: string }).placementId };
    case 'HoursCorrected':
    case 'ClauseDefined':
    case 'ClauseAccepted':
    case 'AlertAcknowledged':
      return {};
    default:
      return 'market';
  }
}

/** The open alert of each condition key, if any: only a key's latest occurrence can be open. */
function openAlertsOf(doc: MarketAlertsDoc, keys: readonly string[]): Map<string, Alert> {
  const open = new Map<string, Alert>();
  for (const key of keys) {
    const n = doc.occurrences[key];
    const alert = n === undefined ? undefined : doc.alerts[n === 1 ? key : `${key}#${n}`];
    if (alert?.status === 'OPEN') open.set(key, alert);
  }
  return open;
}

function sameEvaluation(alert: Alert, condition: Condition): boolean {
  if (alert.severity !== condition.severity || alert.message !== condition.message) return false;
  const before = Object.entries(alert.figures);
  const after = Object.entries(condition.figures);
  return before.length === after.length && before.every(([k, v], i) => after[i][0] === k && after[i][1] === v);
}

const conditionKeyOf = (alert: Alert) => alert.alertId.replace(/#\d+$/, '');

function textHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) >>> 0;
  return hash;
}
