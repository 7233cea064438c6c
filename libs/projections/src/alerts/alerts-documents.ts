import { parseAlertId } from '@clause-ledger/domain';
import { AlertRule, AlertSeverity } from './alert-rules';
import type { MarketContext } from './alert-conditions';

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
  readonly acknowledged?: Acknowledgement;
}

export interface Acknowledgement {
  readonly by: string;
  readonly on: string;
  readonly note?: string;
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

/** A market's alerts as readers see them (API, Kafka, notifier): assembled from its header and its placements' documents. */
export interface MarketAlertsDoc {
  readonly kind: 'market';
  readonly marketId: string;
  readonly title: string;
  readonly buyer: Buyer;
  readonly executionStart: string;
  readonly executionEnd: string;
  readonly closedOn?: string;
  /** The last day the clock ticked: the date every rule is evaluated at. */
  readonly today?: string;
  readonly lots: Record<string, AlertLot>;
  readonly placements: Record<string, AlertPlacement>;
  /** In the order they were first raised. */
  readonly alerts: Record<string, Alert>;
  /** How many times each condition was raised, so a condition that comes back is a new alert. */
  readonly occurrences: Record<string, number>;
  /** Acknowledgements recorded before this read model raised their alert (the decision does not wait for it). */
  readonly earlyAcknowledgements?: Record<string, Acknowledgement>;
}

export interface Buyer {
  readonly name: string;
  readonly kind: string;
  readonly contactEmail?: string;
}

/** Alerts kept in one document, with what reconciling them needs. */
export interface AlertsPart {
  readonly marketId: string;
  readonly alerts: Record<string, Alert>;
  readonly occurrences: Record<string, number>;
  /** Alert id -> where its raising sorts among the market's (log position, then the order the rules are evaluated in). */
  readonly raisedRank: Record<string, string>;
  readonly earlyAcknowledgements?: Record<string, Acknowledgement>;
}

/** `market:<id>`: the market's facts, its lots and the lots' alerts. Its size does not grow with the placements. */
export interface MarketHeaderDoc extends AlertsPart, MarketContext {
  readonly kind: 'market';
  readonly buyer: Buyer;
  /** The last day the clock ticked: the date every rule is evaluated at. */
  readonly today?: string;
  readonly lots: Record<string, AlertLot>;
}

/**
 * `market:<id>/placement:<placementId>`: one placement's facts and alerts. The market's facts are
 * read from its header: a tick that changes none of the placement's alerts leaves its document as it was.
 */
export interface PlacementAlertsDoc extends AlertsPart {
  readonly kind: 'placement';
  readonly placement: AlertPlacement;
  /** Where the placement sorts among the market's (the log position it was placed at). */
  readonly placedRank: string;
}

export const marketAlertsKey = (marketId: string) => `market:${marketId}`;
export const placementAlertsPrefix = (marketId: string) => `market:${marketId}/placement:`;
export const placementAlertsKey = (marketId: string, placementId: string) => `${placementAlertsPrefix(marketId)}${placementId}`;

/** The market a document of the alerts read model belongs to (undefined for the routing indexes). */
export function marketIdOfAlertsKey(key: string): string | undefined {
  if (!key.startsWith('market:')) return undefined;
  const end = key.indexOf('/placement:');
  return end < 0 ? key.slice('market:'.length) : key.slice('market:'.length, end);
}

/** The placement an alert is about (undefined for a lot's alert). */
export function placementOfAlert(alertId: string): string | undefined {
  const subject = parseAlertId(alertId)?.subject;
  return subject && 'placementId' in subject ? subject.placementId : undefined;
}

type Listing = (prefix: string) => readonly { readonly doc: unknown }[];

/** A market's alerts, read from its header and its placements' documents (undefined: no such market). */
export function marketAlerts(marketId: string, read: (key: string) => unknown, listByPrefix: Listing): MarketAlertsDoc | undefined {
  const header = read(marketAlertsKey(marketId)) as MarketHeaderDoc | undefined;
  return header && assembleMarketAlerts(header, listByPrefix(placementAlertsPrefix(marketId)).map((r) => r.doc as PlacementAlertsDoc));
}

/** The same figures and order a single market document had: placements as placed, alerts as raised. */
export function assembleMarketAlerts(header: MarketHeaderDoc, parts: readonly PlacementAlertsDoc[]): MarketAlertsDoc {
  const placed = [...parts].sort((a, b) => compare(a.placedRank, b.placedRank));
  const all: readonly AlertsPart[] = [header, ...placed];
  const ranked = all.flatMap((part) => Object.values(part.alerts).map((alert) => ({ rank: part.raisedRank[alert.alertId], alert })));
  ranked.sort((a, b) => compare(a.rank, b.rank));
  const rankOf = new Map(all.flatMap((part) => Object.entries(part.raisedRank)));
  const occurrences = all.flatMap((part) => Object.entries(part.occurrences));
  // a condition's first alert is named after it: its occurrences sort where that alert was raised
  occurrences.sort(([a], [b]) => compare(rankOf.get(a) ?? '', rankOf.get(b) ?? ''));
  const early = all.flatMap((part) => Object.entries(part.earlyAcknowledgements ?? {}));
  const { kind, marketId, title, buyer, executionStart, executionEnd, closedOn, today, lots } = header;
  return {
    kind, marketId, title, buyer, executionStart, executionEnd, ...(closedOn ? { closedOn } : {}), ...(today ? { today } : {}), lots,
    placements: Object.fromEntries(placed.map((p) => [p.placement.placementId, p.placement])),
    alerts: Object.fromEntries(ranked.map(({ alert }) => [alert.alertId, alert])),
    occurrences: Object.fromEntries(occurrences),
    ...(early.length > 0 ? { earlyAcknowledgements: Object.fromEntries(early) } : {}),
  };
}

/** A log position as text that sorts like the position. */
export function positionRank(position: { readonly commit: bigint; readonly prepare: bigint }): string {
  return `${position.commit.toString().padStart(20, '0')}.${position.prepare.toString().padStart(20, '0')}`;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
