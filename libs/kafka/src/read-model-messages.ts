import { stageOf } from '@clause-ledger/domain';
import {
  MarketAlertsDoc, MarketTrackingDoc, OfferBoardDoc, OutboxEntry, SupportCaseDoc, isMarketTrackingKey, marketAlertsKey, marketIdOfAlertsKey, stageCounts, trackingAt,
} from '@clause-ledger/projections';

/** One Kafka message: topic, key, and a JSON value that carries a stable id consumers dedupe on. */
export interface ReadModelMessage {
  readonly topic: string;
  readonly key: string;
  /** null: the document was deleted (a tombstone on a compacted topic) */
  readonly value: Record<string, unknown> | null;
  readonly messageId: string;
}

export const TRACKING_SCHEMA = 'clause-ledger.execution-tracking.v1';
export const ALERTS_SCHEMA = 'clause-ledger.alerts.v1';
export const SUPPORT_CASES_SCHEMA = 'clause-ledger.support-cases.v1';
export const JOB_OFFERS_SCHEMA = 'clause-ledger.job-offers.v1';

/**
 * Which read-model changes are published, where and how. Topics carry the latest state per key
 * (compacted). The message id is projection + key + the log position of the change: a message
 * published twice after a crash has the same id. A market's alerts live in several documents (its
 * header, its placements): `alertsOf` assembles the market's alerts as they stand now.
 */
export function toMessage(entry: OutboxEntry, topicPrefix: string, alertsOf: (marketId: string) => MarketAlertsDoc | undefined = NO_ALERTS): ReadModelMessage | undefined {
  const messageId = `${entry.projection}:${entry.key}:${entry.position}`;
  if (entry.projection === 'execution-tracking' && isMarketTrackingKey(entry.key)) {
    const topic = `${topicPrefix}.execution-tracking.v1`;
    if (!entry.doc) return { topic, key: entry.key, value: null, messageId };
    return { topic, key: entry.key, messageId, value: { schema: TRACKING_SCHEMA, messageId, position: entry.position, ...trackingFigures(entry.doc as MarketTrackingDoc) } };
  }
  if (entry.projection === 'alerts') {
    const marketId = marketIdOfAlertsKey(entry.key);
    if (marketId === undefined) return undefined;
    // one message per market, whichever of its documents changed: its id names the market's document
    const marketMessageId = `${entry.projection}:${marketAlertsKey(marketId)}:${entry.position}`;
    const topic = `${topicPrefix}.alerts.v1`;
    const doc = entry.key === marketAlertsKey(marketId) && !entry.doc ? undefined : alertsOf(marketId);
    if (!doc) return { topic, key: marketId, value: null, messageId: marketMessageId };
    return {
      topic, key: marketId, messageId: marketMessageId,
      value: {
        schema: ALERTS_SCHEMA, messageId: marketMessageId, position: entry.position, marketId: doc.marketId, title: doc.title, buyer: { name: doc.buyer.name, kind: doc.buyer.kind },
        evaluatedOn: doc.today ?? null, alerts: Object.values(doc.alerts),
      },
    };
  }
  if (entry.projection === 'support-cases' && entry.key.startsWith('case:')) {
    const topic = `${topicPrefix}.support-cases.v1`;
    const key = entry.key.slice('case:'.length);
    if (!entry.doc) return { topic, key, value: null, messageId };
    return { topic, key, messageId, value: { schema: SUPPORT_CASES_SCHEMA, messageId, position: entry.position, ...supportCaseFigures(entry.doc as SupportCaseDoc) } };
  }
  if (entry.projection === 'job-offers' && entry.key.startsWith('offer:')) {
    const topic = `${topicPrefix}.job-offers.v1`;
    const key = entry.key.slice('offer:'.length);
    if (!entry.doc) return { topic, key, value: null, messageId };
    return { topic, key, messageId, value: { schema: JOB_OFFERS_SCHEMA, messageId, position: entry.position, ...offerFigures(entry.doc as OfferBoardDoc) } };
  }
  return undefined;
}

const NO_ALERTS = () => undefined;

/**
 * The entries to publish: a market's alerts once per batch, at its last change (the message carries
 * the whole market as it stands, so earlier changes of the batch are in it).
 */
export function lastChangePerMarket(entries: readonly OutboxEntry[]): OutboxEntry[] {
  const last = new Map<string, number>();
  entries.forEach((entry, i) => {
    const marketId = entry.projection === 'alerts' ? marketIdOfAlertsKey(entry.key) : undefined;
    if (marketId !== undefined) last.set(marketId, i);
  });
  return entries.filter((entry, i) => {
    const marketId = entry.projection === 'alerts' ? marketIdOfAlertsKey(entry.key) : undefined;
    return marketId === undefined || last.get(marketId) === i;
  });
}

/** What a dashboard needs of a case: no free text (summaries, reasons) and no contact details. */
function supportCaseFigures(doc: SupportCaseDoc) {
  return {
    caseId: doc.caseId, facilitatorOrganisationId: doc.facilitatorOrganisationId, facilitatorOrganisation: doc.facilitatorOrganisation, buyer: doc.buyer, project: doc.project, requestedOn: doc.requestedOn,
    level: doc.level, stage: stageOf(doc), lastActionOn: doc.lastActionOn, nextActionOn: doc.nextAction?.date ?? null,
    lots: Object.values(doc.lots).map((l) => ({
      lotId: l.lotId, title: l.title, estimatedAmountCents: l.estimatedAmountCents, proposedHours: l.proposal?.targetHours ?? null,
      clauseTypes: l.proposal?.clauseTypes ?? [], adopted: l.adopted ?? null,
    })),
    marketId: doc.marketId,
    closed: doc.closed && { outcome: doc.closed.outcome, ...(doc.closed.reasonCode ? { reasonCode: doc.closed.reasonCode } : {}), closedOn: doc.closed.closedOn },
  };
}

/** The offer and how many candidates are at each stage: never a candidate, even by id. */
function offerFigures(doc: OfferBoardDoc) {
  const { candidates: _c, sharedWith, ...offer } = doc;
  return { ...offer, sharedWith: [...sharedWith], candidatesByStage: stageCounts(doc) };
}

/** The tracking figures that do not depend on the reader's date (dashboards compute the pro-rata themselves). */
function trackingFigures(doc: MarketTrackingDoc) {
  const { at: _at, elapsedPercent: _e, proRataExpectedHours: _p, lots, companies, ...market } = trackingAt(doc, doc.executionStart);
  const strip = <T extends { proRataExpectedHours: number }>({ proRataExpectedHours: _x, ...rest }: T) => rest;
  return { ...market, lots: lots.map(strip), companies: companies.map(strip) };
}

export const READ_MODEL_TOPICS = (prefix: string) => [`${prefix}.execution-tracking.v1`, `${prefix}.alerts.v1`, `${prefix}.support-cases.v1`, `${prefix}.job-offers.v1`];
