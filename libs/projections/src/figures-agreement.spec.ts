import { DomainEvent, event } from '@clause-ledger/domain';
import { aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketRegistered, anHoursDeclared } from '@clause-ledger/domain/testing/fixtures';
import { marketAlertsIn, projectionSpec } from './testing/fold';
import { MarketTrackingDoc, executionTrackingProjection } from './execution-tracking/execution-tracking.projection';
import { trackingAt } from './execution-tracking/tracking-view';
import { alertsProjection } from './alerts/alerts.projection';
import { bilanProjection } from './bilan/bilan.projection';
import { marketBilan, marketBilanSources } from './bilan/market-bilan';

/**
 * Tracking, alerts and bilans read the same log with one arithmetic (domain shared/quantities): they
 * agree on every figure they share. Lot 1: 16.15 h of 100 h (16.15 % exactly, a half to round);
 * lot 2: 250 h of 200 h, over its target. Two weeks before the end of execution.
 */
const fixed = (lotId: string, hours: number) => [
  aClauseDefined({ lotId, computation: { mode: 'FIXED', hours, basis: 'WHOLE_MARKET' }, targetHours: hours }),
  aClauseAccepted({ lotId, targetHours: hours, committedHours: hours }),
];
const lot2 = { placementId: 'p-2', lotId: 'lot-2', beneficiaryId: 'b-2' };
const history: DomainEvent[] = [
  aMarketRegistered(), ...fixed('lot-1', 100), ...fixed('lot-2', 200),
  aBeneficiaryPlaced(), aBeneficiaryPlaced(lot2),
  anHoursDeclared({ month: '2026-03', hours: 16.15 }), anHoursDeclared({ ...lot2, month: '2026-03', hours: 150 }), anHoursDeclared({ ...lot2, month: '2026-04', hours: 100 }),
];
const today = '2027-06-16';

const tracking = trackingAt(projectionSpec(executionTrackingProjection).given(...history).when().documents.get('m-1') as MarketTrackingDoc, today);
const alerts = marketAlertsIn(projectionSpec(alertsProjection()).given(...history).when(event('ClockTicked', { date: today })).documents, 'm-1')!.alerts;
const bilanDocs = projectionSpec(bilanProjection).given(...history).when().documents;
const bilan = marketBilan(marketBilanSources('m-1', (key) => bilanDocs.get(key))!);

describe('tracking, alerts and bilan agree', () => {
  it('on each lot\'s target, hours done, completion and what is still owed', () => {
    const fromTracking = tracking.lots.map((l) => [l.lotId, l.targetHours, l.hoursDone, l.percentDone, l.remainingHours]);
    const fromBilan = bilan.lots.map((l) => [l.lotId, l.target.value, l.hoursDone.value, l.completionPercent, l.missingHours]);
    expect(fromTracking).toEqual([['lot-1', 100, 16.15, 16.2, 83.85], ['lot-2', 200, 250, 125, 0]]);
    expect(fromBilan).toEqual(fromTracking);
  });

  it('on the hours an alert says are missing at the end of execution', () => {
    const ending = alerts['ENDING_WITH_HOURS_MISSING:lot-1'];
    expect(ending.figures).toMatchObject({ targetHours: 100, hoursDone: 16.15, missingHours: 83.85 });
    expect(alerts['ENDING_WITH_HOURS_MISSING:lot-2']).toBeUndefined();
  });

  it('on the market\'s totals: one lot\'s extra hours do not fill another lot\'s gap', () => {
    expect([tracking.targetHours, tracking.hoursDone, tracking.percentDone, tracking.remainingHours]).toEqual([300, 266.15, 88.7, 83.85]);
    expect([bilan.totals.targetHours.value, bilan.totals.hoursDone.value, bilan.totals.completionPercent, bilan.totals.missingHours])
      .toEqual([tracking.targetHours, tracking.hoursDone, tracking.percentDone, tracking.remainingHours]);
  });
});
