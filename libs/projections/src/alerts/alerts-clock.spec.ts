import { DomainEvent, addDays, event } from '@clause-ledger/domain';
import {
  aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketClosed, aMarketRegistered, aPlacementEnded, anEligibilityValidated, anHoursDeclared,
} from '@clause-ledger/domain/testing/fixtures';
import { RecordedEvent } from '@clause-ledger/event-store';
import { foldProjection, marketAlertsIn, recorded } from '../testing/fold';
import { placementConditions } from './alert-conditions';
import { DEFAULT_ALERT_RULES } from './alert-rules';
import { Alert, MarketHeaderDoc, PlacementAlertsDoc, alertsProjection } from './alerts.projection';

const projection = alertsProjection();
const tick = (date: string) => event('ClockTicked', { date });
const p = (i: number) => ({ placementId: `p-${i}`, beneficiaryId: `b-${i}` });
const followUp = (i: number, milestone: 6 | 12, on: string) =>
  event('FollowUpRecorded', { ...p(i), marketId: 'm-1', lotId: 'lot-1', companyId: '73282932000074', milestone, situation: 'PERMANENT_CONTRACT', exitCategory: 'DURABLE_EMPLOYMENT', recordedOn: on });

/**
 * A market under a daily clock from before its execution starts to a year after it closes, each
 * placement with something the clock decides: a month left undeclared, an eligibility that runs
 * out (then is renewed), ends with their follow-ups, the closing.
 */
function story(): DomainEvent[] {
  const on: Record<string, DomainEvent[]> = {
    '2025-12-01': [aMarketRegistered(), aClauseDefined(), aClauseAccepted(),
      aBeneficiaryPlaced({ ...p(0), startDate: '2025-12-01', plannedEndDate: '2026-10-31', eligibility: { criteria: ['JEUNE'], validatedOn: '2025-11-01', validUntil: '2026-01-20' } })],
    '2026-01-12': [aBeneficiaryPlaced({ ...p(1), startDate: '2026-01-12', plannedEndDate: '2026-12-31', eligibility: { criteria: ['JEUNE'], validatedOn: '2026-01-02', validUntil: '2027-12-31' } }),
      aBeneficiaryPlaced({ ...p(2), startDate: '2026-01-12', plannedEndDate: '2026-12-31', eligibility: { criteria: ['JEUNE'], validatedOn: '2026-01-02', validUntil: '2027-12-31' } }),
      aBeneficiaryPlaced({ ...p(3), startDate: '2026-01-12', plannedEndDate: '2026-12-18', eligibility: { criteria: ['JEUNE'], validatedOn: '2026-02-02', validUntil: '2026-08-02' } })],
    '2026-07-20': [anEligibilityValidated({ beneficiaryId: 'b-3', validatedOn: '2026-07-20', validUntil: '2026-10-31' })],
    '2026-07-02': [aPlacementEnded({ ...p(2), endDate: '2026-06-30' })],
    '2027-01-05': [followUp(2, 6, '2027-01-05')],
    '2027-07-05': [aMarketClosed()],
  };
  // every month declared in the first days of the next, but March by p-1 (declared late, in May) and none by p-0 after February
  for (let m = 0; m < 12; m++) {
    const month = `2026-${String(m + 1).padStart(2, '0')}`;
    const day = addDays(`${month}-01`, 35).slice(0, 8) + '03';
    const declaring = [1, 2, 3].filter((i) => !(i === 1 && m === 2) && !(i === 2 && m >= 6)).concat(m < 2 ? [0] : []);
    (on[day] ??= []).push(...declaring.map((i) => anHoursDeclared({ ...p(i), month, hours: 120 })));
  }
  (on['2026-05-06'] ??= []).push(anHoursDeclared({ ...p(1), month: '2026-03', hours: 120 }));
  const events: DomainEvent[] = [];
  for (let day = '2025-12-01'; day <= '2028-08-01'; day = addDays(day, 1)) events.push(tick(day), ...(on[day] ?? []));
  return events;
}

const openEvaluation = (alerts: Record<string, Alert>) => Object.values(alerts).filter((a) => a.status === 'OPEN')
  .map((a) => ({ key: a.alertId.replace(/#\d+$/, ''), severity: a.severity, message: a.message, figures: a.figures }))
  .sort((a, b) => (a.key < b.key ? -1 : 1));

describe('alerts: a tick reads only the placements whose alerts the date can change', () => {
  const events = recorded(story());
  const docs = new Map<string, unknown>();
  const routed: string[][] = [];
  const checked: { event: RecordedEvent; placement: string; open: unknown; holding: unknown }[] = [];
  for (const e of events) {
    if (e.type === 'ClockTicked') routed.push([...projection.keysOf(e, (key) => docs.get(key))]);
    foldProjection(projection, [e], docs as never);
    const header = docs.get('market:m-1') as MarketHeaderDoc | undefined;
    if (!header?.today) continue;
    for (const [key, doc] of docs) {
      if (!key.startsWith('market:m-1/placement:')) continue;
      const placement = doc as PlacementAlertsDoc;
      const { declarations, followUps } = placementConditions(header, placement.placement, header.today, DEFAULT_ALERT_RULES);
      const holding = [...declarations, ...followUps].map((c) => ({ key: c.key, severity: c.severity, message: c.message, figures: c.figures })).sort((a, b) => (a.key < b.key ? -1 : 1));
      checked.push({ event: e, placement: key, open: openEvaluation(placement.alerts), holding });
    }
  }
  const alerts = Object.values(marketAlertsIn(docs, 'm-1')!.alerts);
  const alert = (alertId: string) => alerts.find((a) => a.alertId === alertId);

  it('after every event, each placement\'s open alerts are exactly what holds at the market\'s date (as if every tick evaluated it)', () => {
    for (const c of checked) if (JSON.stringify(c.open) !== JSON.stringify(c.holding)) expect(c).toEqual({ ...c, open: c.holding });
    expect(checked.length).toBeGreaterThan(3_000);
  });

  it('most ticks read no placement at all', () => {
    const placementsRead = routed.map((keys) => keys.filter((key) => key.includes('/placement:')).length);
    expect(routed.length).toBeGreaterThan(900);
    // a full evaluation would read every placement on each of these ticks
    expect(placementsRead.reduce((a, b) => a + b, 0)).toBeLessThan(routed.length * 4 * 0.05);
    expect(routed.slice(1).every((keys) => keys.includes('market:m-1'))).toBe(true);
  });

  it('raises and resolves each alert on its day', () => {
    expect(alert('ELIGIBILITY_EXPIRING:p-0')).toMatchObject({ raisedOn: '2026-01-05', status: 'RESOLVED', resolvedOn: '2026-11-01' });
    expect(alert('NO_HOURS_DECLARED:p-0:2026-03')).toMatchObject({ raisedOn: '2026-04-11', status: 'RESOLVED', resolvedOn: '2027-07-05' });
    expect(alert('NO_HOURS_DECLARED:p-1:2026-03')).toMatchObject({ raisedOn: '2026-04-11', status: 'RESOLVED', resolvedOn: '2026-05-06' });
    expect(alert('ELIGIBILITY_EXPIRING:p-3')).toMatchObject({ raisedOn: '2026-07-03', status: 'RESOLVED', resolvedOn: '2026-07-20' });
    expect(alert('ELIGIBILITY_EXPIRING:p-3#2')).toMatchObject({ raisedOn: '2026-10-01', status: 'RESOLVED', resolvedOn: '2026-12-19' });
    expect(alert('FOLLOW_UP_DUE:p-2:6')).toMatchObject({ raisedOn: '2026-12-30', status: 'RESOLVED', resolvedOn: '2027-01-05' });
    // after the closing: the follow-ups still come, the declarations are over
    expect(alert('FOLLOW_UP_DUE:p-2:12')).toMatchObject({ raisedOn: '2027-06-30', status: 'OPEN' });
    expect(alert('FOLLOW_UP_DUE:p-0:6')).toBeUndefined();
    expect(alerts.filter((a) => a.rule === 'NO_HOURS_DECLARED' && a.status === 'OPEN')).toEqual([]);
  });
});
