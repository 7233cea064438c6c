import { DomainEvent, addMonths, event } from '@clause-ledger/domain';
import {
  aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketRegistered, aPlacementEnded, anEligibilityValidated, anHoursCorrected, anHoursDeclared,
} from '@clause-ledger/domain/testing/fixtures';
import { foldProjection, marketAlertsIn, recorded } from '../testing/fold';
import { alertsProjection } from './alerts.projection';

const projection = alertsProjection();
const tick = (date: string) => event('ClockTicked', { date });
const month = (m: number) => addMonths('2026-01-01', m).slice(0, 7);

/** A busy market under the clock: placements declaring with gaps, corrections, an end, renewals, ticks. */
function story(): DomainEvent[] {
  const events: DomainEvent[] = [aMarketRegistered(), aClauseDefined(), aClauseAccepted(), tick('2026-01-10')];
  const placements = [0, 1, 2, 3].map((i) => ({ placementId: `p-${i}`, beneficiaryId: `b-${i}` }));
  for (const p of placements) events.push(aBeneficiaryPlaced({ ...p, startDate: '2026-01-01' }));
  for (let m = 0; m < 8; m++) {
    events.push(tick(`${month(m + 1)}-12`));
    for (const [i, p] of placements.entries()) if ((m + i) % 3 !== 0) events.push(anHoursDeclared({ ...p, month: month(m), hours: 20 + i }));
    if (m === 3) events.push(anHoursCorrected({ ...placements[1], month: month(1), hours: 5, previousHours: 21 }));
    if (m === 4) events.push(aPlacementEnded({ ...placements[2], endDate: '2026-05-31' }));
    if (m === 5) events.push(anEligibilityValidated({ beneficiaryId: 'b-3', validatedOn: '2026-06-01', validUntil: '2028-06-01' }));
  }
  return events;
}

describe('alerts: an event re-evaluates only the conditions it can change', () => {
  it('a re-evaluation of the whole market after any event changes nothing', () => {
    const events = recorded(story());
    const docs = new Map<string, unknown>();
    let evaluated = 0;
    for (const [i, e] of events.entries()) {
      foldProjection(projection, [e], docs as never);
      const market = marketAlertsIn(docs, 'm-1')!;
      if (!market.today) continue;
      // the clock ticking on the same day evaluates every condition of the market
      const again = foldProjection(projection, recorded([tick(market.today)], 10_000 + i), new Map(docs) as never);
      expect(JSON.stringify(marketAlertsIn(again, 'm-1'))).toBe(JSON.stringify(market));
      evaluated++;
    }
    expect(evaluated).toBeGreaterThan(30);
    // nothing changed: the documents are the same objects, which a runner need not write again
    const today = marketAlertsIn(docs, 'm-1')!.today!;
    const again = foldProjection(projection, recorded([tick(today)], 30_000), new Map(docs) as never);
    for (const [key, doc] of docs) if (key.startsWith('market:')) expect({ key, same: again.get(key) === doc }).toEqual({ key, same: true });
    const alerts = Object.values(marketAlertsIn(docs, 'm-1')!.alerts);
    expect(alerts.filter((a) => a.status === 'RESOLVED').length).toBeGreaterThan(0);
    expect(alerts.filter((a) => a.status === 'OPEN').length).toBeGreaterThan(0);
  });

  it('an event about a placement rewrites its placement\'s document and at most the market header, however many placements', () => {
    const events = recorded(story());
    const docs = foldProjection(projection, events);
    const read = (key: string) => docs.get(key);
    const [declared, ended] = recorded([anHoursDeclared({ placementId: 'p-1', beneficiaryId: 'b-1', month: month(9), hours: 7 }), aPlacementEnded({ placementId: 'p-3', beneficiaryId: 'b-3' })], 20_000);
    expect(projection.keysOf(declared, read)).toEqual(['market:m-1', 'market:m-1/placement:p-1']);
    // an end can bring the placement's next date-driven change closer: the market's placement index keeps that date
    expect(projection.keysOf(ended, read)).toEqual(['market:m-1/placement:p-3', 'placements:m-1']);
    // a tick evaluates the header, and the placements whose alerts that date can change: September closes on 11 October
    // for those still working (p-2 ended in May: its 6-month follow-up is due on 30 November)
    expect(projection.keysOf(recorded([tick('2026-10-10')], 20_002)[0], read)).toEqual(['market:m-1', 'placements:m-1', 'index:ticked-markets']);
    expect(projection.keysOf(recorded([tick('2026-10-11')], 20_002)[0], read)).toEqual([
      'market:m-1', 'placements:m-1', ...[0, 1, 3].map((i) => `market:m-1/placement:p-${i}`), 'index:ticked-markets',
    ]);
  });
});
