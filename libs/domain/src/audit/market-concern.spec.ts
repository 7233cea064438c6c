import { marketConcern } from './market-concern';

describe('marketConcern: the events an audit export of a market holds', () => {
  it('takes the market\'s streams, placements opened for it (all their events), and other events naming it; leaves the rest', () => {
    const concerns = marketConcern('m1');
    const log = [
      { streamId: 'market-m1', data: { title: 'x' } },
      { streamId: 'market-alerts-m1', data: { kind: 'LATE' } },
      { streamId: 'market-m10', data: { marketId: 'm10' } },
      { streamId: 'placement-p1', data: { marketId: 'm1' } },
      { streamId: 'placement-p2', data: { marketId: 'm2' } },
      { streamId: 'placement-p1', data: { month: '2026-01' } },
      { streamId: 'placement-p2', data: { marketId: 'm1' } }, // p2 was opened for m2: never m1's
      { streamId: 'organisation-badges', data: { marketId: 'm1', badgeId: 'b1' } },
      { streamId: 'organisation-badges', data: { marketId: 'm2', badgeId: 'b2' } },
      { streamId: 'beneficiary-b1', data: { beneficiaryId: 'b1' } },
    ];
    expect(log.map((e) => concerns(e))).toEqual([true, true, false, true, false, true, false, true, false, false]);
  });
});
