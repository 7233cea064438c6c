import { RecordedEvent } from '@clause-ledger/event-store';
import { DomainEvent } from '@clause-ledger/domain';
import { aBeneficiaryPlaced, aClauseDefined, aMarketRegistered, anHoursDeclared } from '@clause-ledger/domain/testing/fixtures';
import { foldProjection, recorded } from '../testing/fold';
import { marketStreamsProjection } from './market-streams.projection';

/** Events as written to their streams (the index is about streams, which the plain fixtures do not set). */
const inStreams = (...events: [string, DomainEvent][]): RecordedEvent[] =>
  recorded(events.map(([, e]) => e)).map((r, i) => ({ ...r, streamId: events[i][0] }));
const badgeAwarded = (badgeId: string, marketId: string): DomainEvent => ({ type: 'BadgeAwarded', version: 1, data: { badgeId, marketId } } as unknown as DomainEvent);
const badgeRevoked = (badgeId: string): DomainEvent => ({ type: 'BadgeRevoked', version: 1, data: { badgeId, reason: 'x', revokedOn: '2026-07-01' } } as DomainEvent);

describe('the market-streams index', () => {
  const log = inStreams(
    ['market-m-1', aMarketRegistered()],
    ['market-m-2', aMarketRegistered({ marketId: 'm-2' })],
    ['market-m-1', aClauseDefined()],
    ['placement-p-1', aBeneficiaryPlaced()],
    ['placement-p-1', anHoursDeclared()],
    ['placement-p-9', aBeneficiaryPlaced({ placementId: 'p-9', marketId: 'm-2' })],
    ['badges', badgeAwarded('bdg-1', 'm-1')],
    ['badges', badgeAwarded('bdg-2', 'm-2')],
    ['badges', badgeRevoked('bdg-1')],
  );

  it('lists the streams a market owns whole, once each, and its events in shared streams, revocations included', () => {
    const docs = foldProjection(marketStreamsProjection, log);
    expect(docs.get('market:m-1')).toEqual({
      marketId: 'm-1', streams: ['market-m-1', 'placement-p-1'],
      sharedEvents: [{ streamId: 'badges', revision: '6' }, { streamId: 'badges', revision: '8' }],
    });
    expect(docs.get('market:m-2')).toEqual({ marketId: 'm-2', streams: ['market-m-2', 'placement-p-9'], sharedEvents: [{ streamId: 'badges', revision: '7' }] });
  });

  it('changes nothing when an event is folded twice (the command line next to the API)', () => {
    const once = foldProjection(marketStreamsProjection, log);
    const twice = foldProjection(marketStreamsProjection, log, new Map(once));
    expect(twice).toEqual(once);
  });

  it('skips the events of a stream it already lists whole', () => {
    const docs = foldProjection(marketStreamsProjection, log.slice(0, 4));
    expect(marketStreamsProjection.keysOf(log[4], (k) => docs.get(k))).toEqual([]);
  });
});
