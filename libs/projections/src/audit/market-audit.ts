import { EventStore, RecordedEvent } from '@clause-ledger/event-store';
import { StoredEventCorrected, StoredEventReader } from '@clause-ledger/domain';
import { ReadModelStore } from '../runner/read-model-store';
import { Cutoff, MarketEventsReader, upTo } from './market-events';
import { HistoryPage, HistoryQuery, historyPage } from './market-history';
import { AsOf, MonthView, marketAsOf, marketMonth } from './market-as-of';
import { FigureChange, marketDiff } from './market-diff';
import { UnreadableEventError } from './unreadable-event';

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

  /**
   * What was known at the cutoff: the events up to it, read with the operator corrections recorded
   * up to it (as the live read models read them then); `date` is the pro-rata date of the tracking
   * figures (default: the day of the last event folded).
   */
  async asOf(marketId: string, cutoff: Cutoff, date?: string): Promise<AsOf | undefined> {
    return this.folded(marketId, (events, knownAt) => marketAsOf(marketId, events.filter(upTo(cutoff)), knownAt(cutoff), date));
  }

  /** What the whole log says about the month: every correction, including the operators' latest. */
  async month(marketId: string, month: string): Promise<MonthView | undefined> {
    return this.folded(marketId, (events, knownAt) => marketMonth(marketId, events, knownAt(), month));
  }

  /** Both ends read with the operator corrections known at `to` (a correction in between moves no figure of its own). */
  async diff(marketId: string, from: Cutoff, to: Cutoff, date: string): Promise<{ marketId: string; figures: FigureChange[] } | undefined> {
    return this.folded(marketId, (events, knownAt) => ({ marketId, figures: marketDiff(marketId, events.filter(upTo(to)), knownAt(to), upTo(from), date) }));
  }

  /**
   * `fold` over the events a bilan of the market needs, with a reader of the operator corrections
   * known at a cutoff (all of them without one); an event that cannot be folded is named with the
   * latest correction the log has of it, if any.
   */
  private async folded<T>(marketId: string, fold: (events: RecordedEvent[], knownAt: (cutoff?: Cutoff) => StoredEventReader) => T | undefined): Promise<T | undefined> {
    const marketEvents = await this.reader.marketEvents(marketId);
    if (!marketEvents) return undefined;
    const events = await this.reader.bilanEvents(marketEvents);
    const corrections = await this.reader.corrections();
    try {
      return fold(events, (cutoff) => knowing(cutoff ? corrections.filter(upTo(cutoff)) : corrections));
    } catch (error) {
      if (!(error instanceof UnreadableEventError)) throw error;
      const latest = corrections.filter((c) => (c.data as StoredEventCorrected['data']).correctedEventId === error.event.id).at(-1);
      throw latest ? new UnreadableEventError(error.event, error.reason, latest.position) : error;
    }
  }
}

function knowing(corrections: readonly RecordedEvent[]): StoredEventReader {
  const reader = new StoredEventReader();
  corrections.forEach((c) => reader.learn(c));
  return reader;
}
