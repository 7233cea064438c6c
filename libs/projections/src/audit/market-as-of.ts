import { RecordedEvent, positionToString } from '@clause-ledger/event-store';
import { StoredEventReader, fromCentiHours } from '@clause-ledger/domain';
import { foldEvent } from '../fold-event';
import { MarketTrackingDoc, executionTrackingProjection } from '../execution-tracking/execution-tracking.projection';
import { MarketTrackingView, trackingAt } from '../execution-tracking/tracking-view';
import { BilanDoc, bilanProjection } from '../bilan/bilan.projection';
import type { BilanPlacement } from '../bilan/placement-months';
import { MarketBilan, marketBilan, marketBilanSources } from '../bilan/market-bilan';
import { centiHoursOf } from '../bilan/figures';
import { UnreadableEventError } from './unreadable-event';

/**
 * The documents of the live projections, folded in memory with their own keysOf/evolve (as the
 * runner does), each event read with the operator corrections `reader` knows.
 */
export class MarketFold {
  private readonly tracking = new Map<string, MarketTrackingDoc | undefined>();
  private readonly bilans = new Map<string, BilanDoc | undefined>();
  lastEvent?: RecordedEvent;

  constructor(readonly marketId: string, private readonly reader: StoredEventReader) {}

  apply(stored: RecordedEvent): void {
    const event = this.reader.read(stored);
    try {
      foldEvent(executionTrackingProjection, this.tracking, event);
      foldEvent(bilanProjection, this.bilans, event);
    } catch (error) {
      throw new UnreadableEventError(stored, error instanceof Error ? error.message : String(error));
    }
    this.lastEvent = stored;
  }

  /** undefined until the market is registered */
  figures(date: string): MarketFigures | undefined {
    const doc = this.tracking.get(this.marketId);
    const sources = marketBilanSources(this.marketId, (key) => this.bilans.get(key));
    if (!doc || !sources) return undefined;
    return { tracking: trackingAt(doc, date), bilan: marketBilan(sources) };
  }

  placements(): BilanPlacement[] {
    return marketBilanSources(this.marketId, (key) => this.bilans.get(key))?.placements.slice() ?? [];
  }
}

export interface MarketFigures {
  readonly tracking: MarketTrackingView;
  readonly bilan: MarketBilan;
}

export interface AsOf extends MarketFigures {
  readonly marketId: string;
  /** the last event folded in: the figures are what the log said right after it */
  readonly position: string;
  readonly recordedAt: string;
  readonly eventsFolded: number;
}

/** The figures as they stood after the given events (already cut at the instant, read with the corrections known then), pro-rata at `date`. */
export function marketAsOf(marketId: string, events: readonly RecordedEvent[], reader: StoredEventReader, date?: string): AsOf | undefined {
  const state = new MarketFold(marketId, reader);
  events.forEach((e) => state.apply(e));
  const last = state.lastEvent;
  const figures = last && state.figures(date ?? last.recordedAt.slice(0, 10));
  if (!last || !figures) return undefined;
  return { marketId, position: positionToString(last.position), recordedAt: last.recordedAt, eventsFolded: events.length, ...figures };
}

export interface MonthHours {
  readonly hours: number;
  /** from the start of execution to the end of the month */
  readonly cumulativeHours: number;
  /** the declarations and corrections that set the month's hours */
  readonly eventIds: string[];
}

export interface MonthView extends MonthHours {
  readonly marketId: string;
  readonly month: string;
  readonly lots: (MonthHours & { lotId: string })[];
  readonly companies: (MonthHours & { companyId: string })[];
}

/** What the whole log (every later correction included) says about one effective month. */
export function marketMonth(marketId: string, events: readonly RecordedEvent[], reader: StoredEventReader, month: string): MonthView | undefined {
  const state = new MarketFold(marketId, reader);
  events.forEach((e) => state.apply(e));
  if (!state.figures(month + '-01')) return undefined;
  const placements = state.placements();
  const hoursOf = (group: BilanPlacement[]): MonthHours => {
    const ofMonth = centiHoursOf(group, (m) => m === month);
    return { hours: fromCentiHours(ofMonth.centi), cumulativeHours: fromCentiHours(centiHoursOf(group, (m) => m <= month).centi), eventIds: ofMonth.eventIds };
  };
  const groups = (keyOf: (p: BilanPlacement) => string) => [...new Set(placements.map(keyOf))].sort().map((key) => [key, hoursOf(placements.filter((p) => keyOf(p) === key))] as const);
  return {
    marketId, month, ...hoursOf(placements),
    lots: groups((p) => p.lotId).map(([lotId, h]) => ({ lotId, ...h })),
    companies: groups((p) => p.companyId).map(([companyId, h]) => ({ companyId, ...h })),
  };
}
