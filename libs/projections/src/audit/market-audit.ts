import { EventStore } from '@clause-ledger/event-store';
import { ReadModelStore } from '../runner/read-model-store';
import { Cutoff, MarketEventsReader, upTo } from './market-events';
import { HistoryPage, HistoryQuery, historyPage } from './market-history';
import { AsOf, MonthView, marketAsOf, marketMonth } from './market-as-of';
import { FigureChange, marketDiff } from './market-diff';

/** The auditor's questions about one market; undefined when the market is unknown (or not registered by then). */
export class MarketAudit {
  private readonly reader: MarketEventsReader;

  constructor(store: EventStore, readModels: ReadModelStore) {
    this.reader = new MarketEventsReader(store, readModels);
  }

  async history(marketId: string, query: HistoryQuery): Promise<HistoryPage | undefined> {
    const events = await this.reader.marketEvents(marketId);
    return events && historyPage(marketId, events, query);
  }

  /** What was known at the cutoff; `date` is the pro-rata date of the tracking figures (default: the day of the last event folded). */
  async asOf(marketId: string, cutoff: Cutoff, date?: string): Promise<AsOf | undefined> {
    const events = await this.bilanEvents(marketId);
    return events && marketAsOf(marketId, events.filter(upTo(cutoff)), date);
  }

  async month(marketId: string, month: string): Promise<MonthView | undefined> {
    const events = await this.bilanEvents(marketId);
    return events && marketMonth(marketId, events, month);
  }

  async diff(marketId: string, from: Cutoff, to: Cutoff, date: string): Promise<{ marketId: string; figures: FigureChange[] } | undefined> {
    const events = await this.bilanEvents(marketId);
    if (!events) return undefined;
    return { marketId, figures: marketDiff(marketId, events.filter(upTo(to)), upTo(from), date) };
  }

  private async bilanEvents(marketId: string) {
    const events = await this.reader.marketEvents(marketId);
    return events && this.reader.bilanEvents(events);
  }
}
