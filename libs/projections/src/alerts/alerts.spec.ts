import { DomainEvent, event } from '@clause-ledger/domain';
import {
  aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketRegistered, anEligibilityValidated, anHoursDeclared,
} from '@clause-ledger/domain/testing/fixtures';
import { marketAlertsIn, projectionSpec } from '../testing/fold';
import { Alert, alertsProjection } from './alerts.projection';
import { DEFAULT_ALERT_RULES } from './alert-rules';

const tick = (date: string) => event('ClockTicked', { date });
const projection = alertsProjection();
const spec = projectionSpec(projection);
const market = [aMarketRegistered(), aClauseDefined(), aClauseAccepted()];

const alertsOf = (documents: ReadonlyMap<string, unknown>): Alert[] => Object.values(marketAlertsIn(documents, 'm-1')!.alerts);
const alertsAfter = (history: DomainEvent[]): Alert[] => alertsOf(spec.given(...history).when().documents);
const open = (alerts: Alert[], rule: string) => alerts.filter((a) => a.rule === rule && a.status === 'OPEN');

describe('alert: hours behind the pro-rata of elapsed execution time', () => {
  const placed = [...market, aBeneficiaryPlaced({ startDate: '2026-01-05' })];
  it('is not raised during the grace period', () => {
    expect(open(alertsAfter([...placed, tick('2026-03-01')]), 'BEHIND_PRO_RATA')).toEqual([]);
  });
  it('is raised once (its figures kept current while open), with a French message for the buyer, critical far behind', () => {
    const alerts = alertsAfter([...placed, tick('2026-04-01'), tick('2026-04-02')]);
    expect(alerts.filter((a) => a.rule === 'BEHIND_PRO_RATA')).toEqual([expect.objectContaining({
      alertId: 'BEHIND_PRO_RATA:lot-1', severity: 'CRITICAL', status: 'OPEN', raisedOn: '2026-04-01',
      figures: { targetHours: 833, hoursDone: 0, proRataExpectedHours: 135.25, percentOfExpected: 0, thresholdPercent: 80 },
    })]);
    expect(alerts[0].message).toMatch(/^Au 2 avril 2026, marché « Réhabilitation de 120 logements », lot lot-1 « Gros œuvre » : 0 h d'insertion réalisées sur un objectif de 833 h/);
  });
  it('becomes a warning when hours come in, and is resolved when they reach the threshold', () => {
    const behind = [...placed, tick('2026-04-01')];
    const some = [...behind, anHoursDeclared({ month: '2026-01', hours: 100 })];
    expect(open(alertsAfter(some), 'BEHIND_PRO_RATA')).toEqual([expect.objectContaining({ severity: 'WARNING', figures: expect.objectContaining({ hoursDone: 100 }) })]);
    const enough = anHoursDeclared({ month: '2026-02', hours: 10 });
    const outcome = spec.given(...some).when(enough);
    const [resolved] = alertsOf(outcome.documents).filter((a) => a.rule === 'BEHIND_PRO_RATA');
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolvedOn: '2026-04-01', resolvedByEventId: outcome.idOf(enough) });
  });
  it('a condition that comes back is a new alert', () => {
    const events = [...placed, tick('2026-04-01'), anHoursDeclared({ month: '2026-01', hours: 120 }), tick('2026-06-30')];
    expect(alertsAfter(events).filter((a) => a.rule === 'BEHIND_PRO_RATA').map((a) => [a.alertId, a.status])).toEqual([
      ['BEHIND_PRO_RATA:lot-1', 'RESOLVED'], ['BEHIND_PRO_RATA:lot-1#2', 'OPEN'],
    ]);
  });
});

describe('alert: no hours declared for an active placement during a whole month', () => {
  const placed = [...market, aBeneficiaryPlaced({ startDate: '2026-03-02' }), anHoursDeclared({ month: '2026-03', hours: 140 })];
  it('skips the partly worked first month and waits for the grace period', () => {
    expect(open(alertsAfter([...placed, tick('2026-05-10')]), 'NO_HOURS_DECLARED')).toEqual([]);
  });
  it('is raised for the missing month once the grace period is over, once', () => {
    const alerts = open(alertsAfter([...placed, tick('2026-05-11'), tick('2026-05-12')]), 'NO_HOURS_DECLARED');
    expect(alerts.map((a) => a.alertId)).toEqual(['NO_HOURS_DECLARED:p-1:2026-04']);
    expect(alerts[0].message).toContain('avril 2026');
  });
  it('is resolved when the month is declared', () => {
    const events = [...placed, tick('2026-05-11'), anHoursDeclared({ month: '2026-04', hours: 0 })];
    expect(alertsAfter(events).find((a) => a.rule === 'NO_HOURS_DECLARED')).toMatchObject({ status: 'RESOLVED' });
  });
});

describe('alert: market ending with hours still missing', () => {
  const events = [...market, aBeneficiaryPlaced({ startDate: '2026-01-05', plannedEndDate: '2027-06-30' })];
  it('is raised within the configured days before the end', () => {
    expect(open(alertsAfter([...events, tick('2027-04-30')]), 'ENDING_WITH_HOURS_MISSING')).toEqual([]);
    expect(open(alertsAfter([...events, tick('2027-05-01')]), 'ENDING_WITH_HOURS_MISSING')).toEqual([
      expect.objectContaining({ severity: 'WARNING', figures: expect.objectContaining({ missingHours: 833 }) }),
    ]);
  });
  it('is resolved when the target is reached', () => {
    const hours = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'].map((month) => anHoursDeclared({ month, hours: 180 }));
    expect(alertsAfter([...events, tick('2027-05-01'), ...hours]).find((a) => a.rule === 'ENDING_WITH_HOURS_MISSING')).toMatchObject({ status: 'RESOLVED' });
  });
});

describe('alert: a lot\'s company with no placement weeks after the start', () => {
  it('is raised after the configured weeks and resolved by the first placement', () => {
    expect(open(alertsAfter([...market, tick('2026-02-15')]), 'NO_PLACEMENT')).toEqual([]);
    expect(open(alertsAfter([...market, tick('2026-02-16')]), 'NO_PLACEMENT')).toEqual([expect.objectContaining({ alertId: 'NO_PLACEMENT:lot-1' })]);
    const resolved = alertsAfter([...market, tick('2026-02-16'), aBeneficiaryPlaced({ startDate: '2026-02-16' })]);
    expect(resolved.find((a) => a.rule === 'NO_PLACEMENT')).toMatchObject({ status: 'RESOLVED' });
  });
});

describe('alert: eligibility expiring during a placement', () => {
  const events = [...market, aBeneficiaryPlaced()]; // eligible until 2026-08-02, planned end 2026-12-18
  it('is raised within the configured days before the eligibility ends', () => {
    expect(open(alertsAfter([...events, tick('2026-07-02')]), 'ELIGIBILITY_EXPIRING')).toEqual([]);
    expect(open(alertsAfter([...events, tick('2026-07-03')]), 'ELIGIBILITY_EXPIRING')).toEqual([expect.objectContaining({ severity: 'INFO' })]);
  });
  it('is resolved when the eligibility is renewed beyond the placement end', () => {
    const renewed = [...events, tick('2026-07-03'), anEligibilityValidated({ validatedOn: '2026-07-20', validUntil: '2027-01-20' })];
    expect(alertsAfter(renewed).find((a) => a.rule === 'ELIGIBILITY_EXPIRING')).toMatchObject({ status: 'RESOLVED' });
  });
});

describe('alert: post-contract follow-up due', () => {
  const ended = [...market, aBeneficiaryPlaced(), event('PlacementEnded', { ...aBeneficiaryPlaced().data, endDate: '2026-04-30', reason: 'CONTRACT_COMPLETED', endedOn: '2026-05-01' })];
  it('is raised at 6 months after the contract ends and resolved when recorded', () => {
    expect(open(alertsAfter([...ended, tick('2026-10-29')]), 'FOLLOW_UP_DUE')).toEqual([]);
    expect(open(alertsAfter([...ended, tick('2026-10-30')]), 'FOLLOW_UP_DUE').map((a) => a.alertId)).toEqual(['FOLLOW_UP_DUE:p-1:6']);
    const recordedFollowUp = event('FollowUpRecorded', { ...aBeneficiaryPlaced().data, milestone: 6, situation: 'PERMANENT_CONTRACT', exitCategory: 'DURABLE_EMPLOYMENT', recordedOn: '2026-10-31' });
    expect(alertsAfter([...ended, tick('2026-10-30'), recordedFollowUp]).find((a) => a.rule === 'FOLLOW_UP_DUE')).toMatchObject({ status: 'RESOLVED' });
  });
});

describe('alerts projection', () => {
  it('records the facilitator\'s acknowledgement', () => {
    const ack = event('AlertAcknowledged', { marketId: 'm-1', alertId: 'NO_PLACEMENT:lot-1', acknowledgedBy: 'C. Lefèvre', acknowledgedOn: '2026-02-17' });
    expect(alertsAfter([...market, tick('2026-02-16'), ack])[0].acknowledged).toEqual({ by: 'C. Lefèvre', on: '2026-02-17' });
  });
  it('changing a rule\'s settings changes the projection version, so the read model is rebuilt', () => {
    expect(alertsProjection({ ...DEFAULT_ALERT_RULES, noPlacement: { weeksAfterStart: 8 } }).version).not.toBe(projection.version);
  });
  it('raises nothing before the clock has ticked', () => {
    expect(alertsAfter([...market, aBeneficiaryPlaced()])).toEqual([]);
  });
});
