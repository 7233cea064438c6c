import { DomainEvent, event, parseAlertId } from '@clause-ledger/domain';
import {
  aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketRegistered, aPlacementEnded,
} from '@clause-ledger/domain/testing/fixtures';
import { foldProjection, marketAlertsIn, recorded } from '../testing/fold';
import { alertsProjection } from './alerts.projection';

const tick = (date: string) => event('ClockTicked', { date });
const acknowledged = (alertId: string) => event('AlertAcknowledged', { marketId: 'm-1', alertId, acknowledgedBy: 'C. Lefèvre', acknowledgedOn: '2026-03-20' });
const alertsAfter = (events: DomainEvent[]) => marketAlertsIn(foldProjection(alertsProjection(), recorded(events)), 'm-1')!.alerts;

/** Two lots held, one placement running without hours, one ended: every rule raises an alert at some tick. */
const everyRule = [
  aMarketRegistered(), aClauseDefined(), aClauseAccepted(), aClauseDefined({ lotId: 'lot-2' }), aClauseAccepted({ lotId: 'lot-2' }),
  aBeneficiaryPlaced({ startDate: '2026-01-05' }), aBeneficiaryPlaced({ placementId: 'p-2', startDate: '2026-01-05' }), aPlacementEnded({ placementId: 'p-2' }),
  tick('2026-04-01'), tick('2026-07-10'), tick('2026-11-01'), tick('2027-05-15'),
];

describe('alert ids, as the acknowledgement decides on them', () => {
  it('state the rule and the subject the alert is about, for every rule', () => {
    const alerts = Object.values(alertsAfter(everyRule));
    expect(new Set(alerts.map((a) => a.rule))).toEqual(new Set(['BEHIND_PRO_RATA', 'NO_HOURS_DECLARED', 'NO_PLACEMENT', 'ELIGIBILITY_EXPIRING', 'FOLLOW_UP_DUE', 'ENDING_WITH_HOURS_MISSING']));
    for (const alert of alerts) {
      const { lotId, placementId, month, milestone } = alert.subject;
      expect({ alertId: alert.alertId, ...parseAlertId(alert.alertId)?.subject }).toEqual({
        alertId: alert.alertId, rule: alert.rule, ...(placementId ? { placementId } : { lotId }), ...(month ? { month } : {}), ...(milestone ? { milestone: Number(milestone) } : {}),
      });
    }
  });
  it('an acknowledgement recorded before the read model raised its alert is shown once the alert is raised', () => {
    const alerts = alertsAfter([...everyRule.slice(0, 8), acknowledged('NO_PLACEMENT:lot-2'), tick('2026-04-01')]);
    expect(alerts['NO_PLACEMENT:lot-2']?.acknowledged).toEqual({ by: 'C. Lefèvre', on: '2026-03-20' });
  });
});
