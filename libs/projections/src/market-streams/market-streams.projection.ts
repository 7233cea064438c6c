import { RecordedEvent } from '@clause-ledger/event-store';
import { Projection } from '../runner/projection';

/**
 * Where a market's story is written, so its history is read stream by stream instead of scanning
 * the log: the streams that belong to it whole (its own, its alerts', its placements', its support
 * case's) and the single events it has in shared streams (badges). Documents: market:<id>, and
 * badge:<id> to route a revocation, which does not name its market.
 */
export interface MarketStreamsDoc {
  readonly marketId: string;
  readonly streams: readonly string[];
  readonly sharedEvents: readonly { streamId: string; revision: string }[];
}

interface BadgeMarketDoc { readonly marketId: string }

/** The first event of a stream that is wholly about the market named in its data. */
const STREAM_OPENERS = new Set(['MarketRegistered', 'BeneficiaryPlaced', 'AlertAcknowledged', 'SupportCaseLinkedToMarket']);

const marketIdOf = (event: RecordedEvent): string | undefined => {
  const id = (event.data as { marketId?: unknown } | null)?.marketId;
  return typeof id === 'string' ? id : undefined;
};

export const marketStreamsProjection: Projection<MarketStreamsDoc | BadgeMarketDoc> = {
  name: 'market-streams',
  version: 1,
  keysOf: (event, read) => {
    const badgeId = (event.data as { badgeId?: unknown } | null)?.badgeId;
    const marketId = marketIdOf(event) ?? (typeof badgeId === 'string' ? (read(`badge:${badgeId}`) as BadgeMarketDoc | undefined)?.marketId : undefined);
    if (!marketId) return [];
    const known = read(`market:${marketId}`) as MarketStreamsDoc | undefined;
    // events of a stream already listed whole change nothing: skipping them keeps a busy market's rebuild linear
    if (known?.streams.includes(event.streamId)) return [];
    return event.type === 'BadgeAwarded' && typeof badgeId === 'string' ? [`market:${marketId}`, `badge:${badgeId}`] : [`market:${marketId}`];
  },
  evolve: (doc, event, key) => {
    if (key.startsWith('badge:')) return { marketId: marketIdOf(event)! };
    const marketId = key.slice('market:'.length);
    const current = (doc as MarketStreamsDoc | undefined) ?? { marketId, streams: [], sharedEvents: [] };
    // idempotent: a second process folding the same event (the CLI next to the API) changes nothing
    if (STREAM_OPENERS.has(event.type) && marketIdOf(event) === marketId) {
      return current.streams.includes(event.streamId) ? current : { ...current, streams: [...current.streams, event.streamId] };
    }
    const revision = event.revision.toString();
    if (current.sharedEvents.some((e) => e.streamId === event.streamId && e.revision === revision)) return current;
    return { ...current, sharedEvents: [...current.sharedEvents, { streamId: event.streamId, revision }] };
  },
};
