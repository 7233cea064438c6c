import { EventStore, Position, RecordedEvent, StreamNotFoundError, comparePositions } from '@clause-ledger/event-store';
import { EVENT_CORRECTIONS_STREAM, beneficiaryStreamId, companyStreamId } from '@clause-ledger/domain';
import { ReadModelStore } from '../runner/read-model-store';
import { MarketStreamsDoc, marketStreamsProjection } from '../market-streams/market-streams.projection';

/** Reads a market's events through the market-streams index, in log order. */
export class MarketEventsReader {
  constructor(private readonly store: EventStore, private readonly readModels: ReadModelStore) {}

  /** undefined when the index has never seen the market. */
  async marketEvents(marketId: string): Promise<RecordedEvent[] | undefined> {
    const index = this.readModels.get<MarketStreamsDoc>(marketStreamsProjection.name, `market:${marketId}`);
    if (!index) return undefined;
    const whole = await Promise.all(index.streams.map((s) => this.stream(s)));
    const shared = await Promise.all(index.sharedEvents.map((e) => this.stream(e.streamId, BigInt(e.revision))));
    return inLogOrder([...whole.flat(), ...shared.flat()]);
  }

  /**
   * The market's events plus those of the companies and beneficiaries they name: what a bilan
   * needs (company names, beneficiary profiles) besides the market's own story.
   */
  async bilanEvents(marketEvents: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    const named = (field: 'companyId' | 'beneficiaryId') =>
      [...new Set(marketEvents.flatMap((e) => { const id = (e.data as Record<string, unknown>)[field]; return typeof id === 'string' ? [id] : []; }))];
    const related = await Promise.all([
      ...named('companyId').map((id) => this.stream(companyStreamId(id))),
      ...named('beneficiaryId').map((id) => this.stream(beneficiaryStreamId(id))),
    ]);
    return inLogOrder([...marketEvents, ...related.flat()]);
  }

  /** Every operator correction in the log, in log order (each one known from its position on). */
  corrections(): Promise<RecordedEvent[]> {
    return this.stream(EVENT_CORRECTIONS_STREAM);
  }

  private async stream(streamId: string, revision?: bigint): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(streamId, revision === undefined ? {} : { fromRevision: revision, maxCount: 1 });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}

export function inLogOrder(events: RecordedEvent[]): RecordedEvent[] {
  return events.sort((a, b) => comparePositions(a.position, b.position));
}

/** Up to a global position (included) or an instant (events recorded at or before it). */
export type Cutoff = { readonly position: Position } | { readonly instant: string };

export function upTo(cutoff: Cutoff): (event: RecordedEvent) => boolean {
  return 'position' in cutoff ? (e) => comparePositions(e.position, cutoff.position) <= 0 : (e) => e.recordedAt <= cutoff.instant;
}
