import { marketStreamId } from '../market/market';
import { marketAlertsStreamId } from '../alerts/acknowledge-alert';
import { placementStreamId } from '../placement/placement';

/** The fields of a stored event the concern looks at. */
export interface ConcernCandidate {
  readonly streamId: string;
  readonly data: unknown;
}

/**
 * "The events concerning a market", for audit exports: read in the log's order, an event concerns
 * market M when it is
 * - in M's stream (registration, clause, acceptance, closure) or M's alerts stream;
 * - in a placement stream whose first event names M (every declaration and correction after it);
 * - any other event whose data names M (`marketId`): badges awarded or revoked for it.
 * Beneficiaries' own streams (identity, eligibility) stay out: they are personal data, and an
 * audit of the market needs the hours, not the people.
 * Stateful (it remembers the placement streams it has seen open): feed it the log in order.
 */
export function marketConcern(marketId: string): (event: ConcernCandidate) => boolean {
  const own = new Set([marketStreamId(marketId), marketAlertsStreamId(marketId)]);
  const placementPrefix = placementStreamId('');
  const seenPlacements = new Set<string>();
  return (event) => {
    if (own.has(event.streamId)) return true;
    const names = namesMarket(event.data, marketId);
    if (event.streamId.startsWith(placementPrefix)) {
      if (seenPlacements.has(event.streamId)) return false; // its first event did not name the market
      seenPlacements.add(event.streamId);
      if (names) own.add(event.streamId);
      return names;
    }
    return names;
  };
}

function namesMarket(data: unknown, marketId: string): boolean {
  return typeof data === 'object' && data !== null && (data as { marketId?: unknown }).marketId === marketId;
}
