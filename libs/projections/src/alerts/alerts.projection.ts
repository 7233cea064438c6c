import { RecordedEvent } from '@clause-ledger/event-store';
import { addMonths, asDomainEvent } from '@clause-ledger/domain';
import { Projection } from '../runner/projection';
import { AlertRulesConfig, DEFAULT_ALERT_RULES } from './alert-rules';
import { Condition, declarationChangesConditions, lotConditions, nextChangeOf, placementConditions } from './alert-conditions';
import {
  AlertsPart, MarketHeaderDoc, PlacementAlertsDoc, marketAlertsKey, marketIdOfAlertsKey, placementAlertsKey, placementOfAlert, positionRank,
} from './alerts-documents';
import { foldHeaderFacts, foldPlacementFacts, marketFactsAfter } from './alerts-facts';

export * from './alerts-documents';

/** The markets under the clock (closed ones stay for their follow-ups). */
interface TickedMarketsDoc {
  readonly kind: 'index';
  readonly markets: readonly string[];
  readonly closedOn: Readonly<Record<string, string>>;
}

/** The documents of a market's placements, or of a beneficiary's: the documents a tick, a closing or a renewal touches. */
interface PlacementIndexDoc {
  readonly kind: 'placements';
  readonly keys: readonly string[];
  /**
   * A market's only: placement document -> the first day the clock can change its alerts (see
   * nextChangeOf), so a tick reads only the placements due. No entry: due at the next tick.
   */
  readonly due?: Readonly<Record<string, string>>;
}

type AlertsDoc = MarketHeaderDoc | PlacementAlertsDoc | TickedMarketsDoc | PlacementIndexDoc;
type Read = (key: string) => AlertsDoc | undefined;

const TICKED_MARKETS = 'index:ticked-markets';
const placementsOfMarketKey = (id: string) => `placements:${id}`;
const placementsOfBeneficiaryKey = (id: string) => `beneficiary:${id}`;
/** The due day of a placement whose alerts the clock alone will never change again. */
const NEVER = '9999-12-31';
/** Markets stay under the clock this long after closing, for the 6- and 12-month follow-ups. */
const FOLLOW_UP_MONTHS_AFTER_CLOSE = 18;

/**
 * A market's alerts in one small header (facts, lots, the lots' alerts) and one document per
 * placement (its facts and alerts): an event about a placement rewrites that placement's document
 * and at most the header, so its cost does not grow with the market. Readers assemble them with
 * marketAlerts.
 */
export function alertsProjection(config: AlertRulesConfig = DEFAULT_ALERT_RULES): Projection<AlertsDoc> {
  return {
    name: 'alerts',
    // the rules' settings are part of what the read model means: changing them rebuilds it
    version: 2_000_000 + (textHash(JSON.stringify(config)) % 1_000_000),
    keysOf: (event, read) => routeOf(event, read as Read),
    evolve: (doc, event, key, read) => {
      if (key === TICKED_MARKETS) return evolveTickedMarkets(doc as TickedMarketsDoc | undefined, event);
      if (key.startsWith('placements:')) return evolveMarketPlacements(doc as PlacementIndexDoc | undefined, event, key.slice('placements:'.length), read as Read, config);
      if (key.startsWith('beneficiary:')) return evolvePlacementIndex(doc as PlacementIndexDoc | undefined, event);
      if (key.includes('/placement:')) return evolvePlacement(doc as PlacementAlertsDoc | undefined, event, read, config);
      return evolveHeader(doc as MarketHeaderDoc | undefined, event, config);
    },
  };
}

function routeOf(event: RecordedEvent, read: Read): string[] {
  const data = event.data as { marketId?: string; beneficiaryId?: string; placementId?: string; alertId?: string };
  const market = marketAlertsKey(data.marketId ?? '');
  const placement = data.placementId === undefined ? undefined : placementAlertsKey(data.marketId!, data.placementId);
  const existing = (key: string | undefined) => (key !== undefined && read(key) ? [key] : []);
  const placementsOf = (indexKey: string) => (read(indexKey) as PlacementIndexDoc | undefined)?.keys ?? [];
  switch (event.type) {
    case 'MarketRegistered':
      return [market, TICKED_MARKETS];
    case 'MarketClosed':
      return [market, ...placementsOf(placementsOfMarketKey(data.marketId!)), placementsOfMarketKey(data.marketId!), TICKED_MARKETS];
    case 'BeneficiaryPlaced':
      // a placement in a market this read model does not know has nothing to be evaluated against
      return read(market) ? [market, placement!, placementsOfMarketKey(data.marketId!), placementsOfBeneficiaryKey(data.beneficiaryId!)] : [];
    case 'ClauseDefined':
    case 'ClauseAccepted':
    case 'HoursCorrected':
      return [market];
    case 'HoursDeclared':
      return [market, ...existing(placement)];
    case 'PlacementEnded':
      // an end can bring the placement's next change closer (its follow-ups, its eligibility): its due day moves
      return existing(placement).length > 0 ? [placement!, placementsOfMarketKey(data.marketId!)] : [];
    case 'FollowUpRecorded':
      return existing(placement);
    case 'AlertAcknowledged': {
      const placementId = placementOfAlert(data.alertId!);
      const about = placementId === undefined ? [] : existing(placementAlertsKey(data.marketId!, placementId));
      return about.length > 0 ? about : [market];
    }
    case 'EligibilityValidated': {
      const placements = placementsOf(placementsOfBeneficiaryKey(data.beneficiaryId!));
      return [...placements, ...new Set(placements.map((key) => placementsOfMarketKey(marketIdOfAlertsKey(key)!)))];
    }
    case 'ClockTicked': {
      const index = read(TICKED_MARKETS) as TickedMarketsDoc | undefined;
      const date = (event.data as { date: string }).date;
      const due = (id: string) => {
        const placements = read(placementsOfMarketKey(id)) as PlacementIndexDoc | undefined;
        return [marketAlertsKey(id), ...(placements ? [placementsOfMarketKey(id), ...dueOn(placements, date)] : [])];
      };
      return [...(index?.markets ?? []).flatMap(due), TICKED_MARKETS];
    }
    default:
      return [];
  }
}

function evolveTickedMarkets(index: TickedMarketsDoc | undefined, recorded: RecordedEvent): TickedMarketsDoc | undefined {
  const e = asDomainEvent(recorded);
  const markets = index?.markets ?? [];
  const closedOn = index?.closedOn ?? {};
  switch (e.type) {
    case 'MarketRegistered':
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

/** The placements a tick on `date` can change. */
function dueOn(index: PlacementIndexDoc, date: string): string[] {
  return index.keys.filter((key) => {
    const day = index.due?.[key];
    return day === undefined || day <= date;
  });
}

/** The market's placements, each with the day it is due at after this event (see the projection's routing). */
function evolveMarketPlacements(index: PlacementIndexDoc | undefined, recorded: RecordedEvent, marketId: string, read: Read, config: AlertRulesConfig): PlacementIndexDoc | undefined {
  const placed = evolvePlacementIndex(index, recorded);
  if (!placed) return placed;
  const data = recorded.data as { placementId?: string; beneficiaryId?: string; date?: string };
  switch (recorded.type) {
    case 'BeneficiaryPlaced':
    case 'PlacementEnded':
      return withDueDays(placed, [placementAlertsKey(marketId, data.placementId!)], recorded, marketId, read, config);
    case 'EligibilityValidated': {
      const ofBeneficiary = (read(placementsOfBeneficiaryKey(data.beneficiaryId!)) as PlacementIndexDoc | undefined)?.keys ?? [];
      return withDueDays(placed, ofBeneficiary.filter((key) => marketIdOfAlertsKey(key) === marketId), recorded, marketId, read, config);
    }
    case 'MarketClosed':
      return withDueDays(placed, placed.keys, recorded, marketId, read, config);
    case 'ClockTicked':
      return withDueDays(placed, dueOn(placed, data.date!), recorded, marketId, read, config);
    default:
      return placed;
  }
}

/** The due days of these placements once the event is folded into them (evaluated at the market's date, if the clock has ticked). */
function withDueDays(index: PlacementIndexDoc, keys: readonly string[], recorded: RecordedEvent, marketId: string, read: Read, config: AlertRulesConfig): PlacementIndexDoc {
  const header = read(marketAlertsKey(marketId)) as MarketHeaderDoc | undefined;
  if (!header || keys.length === 0) return index;
  const market = marketFactsAfter(header, recorded);
  const due: Record<string, string> = { ...index.due };
  let changed = false;
  for (const key of keys) {
    const placement = foldPlacementFacts(read(key) as PlacementAlertsDoc | undefined, recorded, header)?.placement;
    const day = placement && market.today ? (nextChangeOf(market, placement, market.today, config) ?? NEVER) : undefined;
    if (due[key] === day) continue;
    changed = true;
    if (day === undefined) delete due[key];
    else due[key] = day;
  }
  return changed ? { ...index, due } : index;
}

function evolvePlacementIndex(index: PlacementIndexDoc | undefined, recorded: RecordedEvent): PlacementIndexDoc | undefined {
  const e = asDomainEvent(recorded);
  if (e.type !== 'BeneficiaryPlaced') return index;
  const key = placementAlertsKey(e.data.marketId, e.data.placementId);
  const keys = index?.keys ?? [];
  return keys.includes(key) ? index : { kind: 'placements', keys: [...keys, key] };
}

/** The header's facts folded in, then the lots' alerts reconciled once the clock has ticked. */
function evolveHeader(doc: MarketHeaderDoc | undefined, recorded: RecordedEvent, config: AlertRulesConfig): MarketHeaderDoc | undefined {
  const next = foldHeaderFacts(doc, recorded);
  if (!next?.today) return next;
  return reconcile(next, ranked(lotConditions(next, next.today, config), recorded, LOTS, NO_PLACEMENT), next.today, recorded);
}

/**
 * The placement's facts folded in, then its alerts reconciled once the clock has ticked (an
 * acknowledgement changes no condition). The market's facts are its header's before this event,
 * with this event's tick or closing applied.
 */
function evolvePlacement(doc: PlacementAlertsDoc | undefined, recorded: RecordedEvent, read: Read, config: AlertRulesConfig): PlacementAlertsDoc | undefined {
  const header = read(marketAlertsKey(doc?.marketId ?? (recorded.data as { marketId: string }).marketId)) as MarketHeaderDoc | undefined;
  if (!header) return doc;
  const next = foldPlacementFacts(doc, recorded, header);
  const market = marketFactsAfter(header, recorded);
  if (!next || !market.today || recorded.type === 'AlertAcknowledged') return next;
  const declared = recorded.type === 'HoursDeclared' ? (recorded.data as { month: string }).month : undefined;
  if (doc && declared !== undefined && !declarationChangesConditions(market, doc.placement, declared, market.today, config)) return next;
  const { declarations, followUps } = placementConditions(market, next.placement, market.today, config);
  return reconcile(next, [...ranked(declarations, recorded, DECLARATIONS, next.placedRank), ...ranked(followUps, recorded, FOLLOW_UPS, next.placedRank)], market.today, recorded);
}

/**
 * Raise what holds and is not open yet, refresh what is open, resolve what no longer holds, among
 * one document's alerts: only the conditions the event can change are in that document (the
 * others' inputs did not move, so reconciling them would change nothing).
 */
function reconcile<Part extends AlertsPart>(doc: Part, conditions: readonly RankedCondition[], today: string, recorded: RecordedEvent): Part {
  const holding = new Map<string, RankedCondition>(conditions.map((c) => [c.key, c]));
  const updates = new Map<string, (typeof doc.alerts)[string]>();
  const occurrences: Record<string, number> = {};
  const ranks: Record<string, string> = {};
  const openByKey = new Map(Object.values(doc.alerts).filter((a) => a.status === 'OPEN').map((a) => [conditionKeyOf(a.alertId), a]));
  for (const [key, open] of openByKey) {
    const condition = holding.get(key);
    if (!condition) updates.set(open.alertId, { ...open, status: 'RESOLVED', resolvedOn: today, resolvedByEventId: recorded.id });
    else if (!sameEvaluation(open, condition)) updates.set(open.alertId, { ...open, severity: condition.severity, figures: condition.figures, message: condition.message });
  }
  for (const [key, condition] of holding) {
    if (openByKey.has(key)) continue;
    occurrences[key] = (doc.occurrences[key] ?? 0) + 1;
    const alertId = occurrences[key] === 1 ? key : `${key}#${occurrences[key]}`;
    ranks[alertId] = condition.rank;
    updates.set(alertId, {
      alertId, marketId: doc.marketId, rule: condition.rule, severity: condition.severity, status: 'OPEN', subject: condition.subject,
      figures: condition.figures, message: condition.message, raisedOn: today, raisedByEventId: recorded.id,
      ...(doc.earlyAcknowledgements?.[alertId] ? { acknowledged: doc.earlyAcknowledgements[alertId] } : {}),
    });
  }
  if (updates.size === 0) return doc;
  return {
    ...doc,
    alerts: { ...doc.alerts, ...Object.fromEntries(updates) },
    occurrences: { ...doc.occurrences, ...occurrences },
    raisedRank: { ...doc.raisedRank, ...ranks },
  };
}

interface RankedCondition extends Condition {
  readonly rank: string;
}

// A market evaluates its lots, then every placement's missing declarations, then every placement's follow-ups.
const LOTS = 0;
const DECLARATIONS = 1;
const FOLLOW_UPS = 2;
const NO_PLACEMENT = positionRank({ commit: 0n, prepare: 0n });

/** Where a condition raised by this event sorts among the market's alerts: the order one market document used to keep. */
function ranked(conditions: readonly Condition[], recorded: RecordedEvent, group: number, placedRank: string): RankedCondition[] {
  const at = positionRank(recorded.position);
  return conditions.map((c, i) => ({ ...c, rank: `${at}.${group}.${placedRank}.${String(i).padStart(6, '0')}` }));
}

function sameEvaluation(alert: AlertsPart['alerts'][string], condition: Condition): boolean {
  if (alert.severity !== condition.severity || alert.message !== condition.message) return false;
  const before = Object.entries(alert.figures);
  const after = Object.entries(condition.figures);
  return before.length === after.length && before.every(([k, v], i) => after[i][0] === k && after[i][1] === v);
}

const conditionKeyOf = (alertId: string) => alertId.replace(/#\d+$/, '');

function textHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) >>> 0;
  return hash;
}
