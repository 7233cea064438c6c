import { Streams, context, given } from '../testing/given-when-then';
import { aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketClosed, aMarketRegistered, anHoursCorrected, anHoursDeclared } from '../testing/fixtures';
import { DecisionContext } from '../shared/domain-event';
import { DeclareHours, declareHours } from './declare-hours';

const today = context('2026-04-02');
const cmd: DeclareHours = { placementId: 'p-1', month: '2026-03', hours: 140, source: 'PAYSLIP' };
const declare = (over: Partial<DeclareHours> = {}, ctx: DecisionContext = today) => ({ placement, market }: Streams) =>
  declareHours({ ...cmd, ...over }, placement, market, ctx);

const acceptedLot = [aMarketRegistered(), aClauseDefined(), aClauseAccepted()];
const placed = [...acceptedLot, aBeneficiaryPlaced()];

describe('declaring monthly hours', () => {
  it('records the hours with everything an auditor needs to place them: lot, company, beneficiary, modality, source', () => {
    given(placed).when(declare()).then([anHoursDeclared()])
      .and(({ placement }) => expect(placement?.hoursByMonth).toEqual({ '2026-03': 140 }));
  });
  it('hours count on the placement\'s lot, for the company that accepted its clause, through the placement\'s modality', () => {
    given([...acceptedLot, aBeneficiaryPlaced({ modality: 'ETTI', contractType: 'TEMPORARY' })]).when(declare({ source: 'TIMESHEET' }))
      .then([anHoursDeclared({ modality: 'ETTI', source: 'TIMESHEET' })]);
  });
  it('an unknown placement is not found', () => {
    given(acceptedLot).when(declare()).thenRefuses({ kind: 'not_found', code: 'PLACEMENT_NOT_FOUND', field: 'placementId' });
  });
  it('the month is written YYYY-MM', () => {
    given(placed).when(declare({ month: '2026-3' })).thenRefuses({ kind: 'rule', code: 'INVALID_MONTH', field: 'month' });
    given(placed).when(declare({ month: '2026-13' })).thenRefuses({ kind: 'rule', code: 'INVALID_MONTH', field: 'month' });
  });
  it('the current month may be declared', () => {
    given(placed).when(declare({ month: '2026-04' })).then([anHoursDeclared({ month: '2026-04' })]);
  });
  it('a month that has not started is refused', () => {
    given(placed).when(declare({ month: '2026-05' })).thenRefuses({ kind: 'rule', code: 'FUTURE_MONTH', field: 'month' });
  });
  it('a month before the placement started is refused', () => {
    given(placed).when(declare({ month: '2026-02' })).thenRefuses({ kind: 'rule', code: 'OUTSIDE_PLACEMENT_PERIOD', field: 'month' });
  });
  it('a month after the placement\'s planned end is refused', () => {
    given(placed).when(declare({ month: '2027-01' }, context('2027-02-01'))).thenRefuses({ kind: 'rule', code: 'OUTSIDE_PLACEMENT_PERIOD', field: 'month' });
  });
  it('the month in which the placement starts on its last day counts', () => {
    given([...acceptedLot, aBeneficiaryPlaced({ startDate: '2026-03-31' })]).when(declare({ hours: 7 })).then([anHoursDeclared({ hours: 7 })]);
  });
  it('the month in which the placement ends on its first day counts', () => {
    given([...acceptedLot, aBeneficiaryPlaced({ plannedEndDate: '2026-04-01' })]).when(declare({ month: '2026-04', hours: 7 })).then([anHoursDeclared({ month: '2026-04', hours: 7 })]);
  });
  it('a month after the market\'s execution end is refused', () => {
    const shortMarket = [aMarketRegistered({ executionEnd: '2026-04-10' }), aClauseDefined(), aClauseAccepted(), aBeneficiaryPlaced()];
    given(shortMarket).when(declare({ month: '2026-05' }, context('2026-06-01'))).thenRefuses({ kind: 'rule', code: 'OUTSIDE_EXECUTION_PERIOD', field: 'month' });
  });
  it('the month in which the market\'s execution ends counts', () => {
    const shortMarket = [aMarketRegistered({ executionEnd: '2026-04-10' }), aClauseDefined(), aClauseAccepted(), aBeneficiaryPlaced()];
    given(shortMarket).when(declare({ month: '2026-04', hours: 50 }, context('2026-04-02'))).then([anHoursDeclared({ month: '2026-04', hours: 50 })]);
  });
  it('no hours on a closed market: its bilan is issued', () => {
    given([...placed, aMarketClosed()]).when(declare()).thenRefuses({ kind: 'rule', code: 'MARKET_CLOSED', field: 'marketId' });
  });
  it('hours are never negative', () => {
    given(placed).when(declare({ hours: -0.5 })).thenRefuses({ kind: 'rule', code: 'NEGATIVE_HOURS', field: 'hours' });
  });
  it('hours have at most 2 decimals', () => {
    given(placed).when(declare({ hours: 10.005 })).thenRefuses({ kind: 'rule', code: 'TOO_MANY_DECIMALS', field: 'hours' });
  });
  it('hours with 2 decimals are kept as given', () => {
    given(placed).when(declare({ hours: 151.67 })).then([anHoursDeclared({ hours: 151.67 })]);
  });
  it('hours above the monthly legal maximum of 208 h are refused', () => {
    given(placed).when(declare({ hours: 208.01 })).thenRefuses({ kind: 'rule', code: 'ABOVE_MONTHLY_LEGAL_MAXIMUM', field: 'hours' });
  });
  it('exactly the monthly legal maximum of 208 h is accepted', () => {
    given(placed).when(declare({ hours: 208 })).then([anHoursDeclared({ hours: 208 })]);
  });
  it('the monthly maximum follows the policy', () => {
    given(placed).when(declare({ hours: 160.01 }, context('2026-04-02', { monthlyLegalMaximumHours: 160 }))).thenRefuses({ kind: 'rule', code: 'ABOVE_MONTHLY_LEGAL_MAXIMUM', field: 'hours' });
  });
  it('0 h is a declaration: the person did not work on the market that month', () => {
    given(placed).when(declare({ hours: 0 })).then([anHoursDeclared({ hours: 0 })]);
  });
  it('a second declaration for the same month is a conflict: changing it takes a correction', () => {
    given([...placed, anHoursDeclared()]).when(declare({ hours: 120 })).thenRefuses({ kind: 'conflict', code: 'HOURS_ALREADY_DECLARED', field: 'month' });
  });
  it('a month declared with 0 h is declared all the same', () => {
    given([...placed, anHoursDeclared({ hours: 0 })]).when(declare({ hours: 35 })).thenRefuses({ kind: 'conflict', code: 'HOURS_ALREADY_DECLARED', field: 'month' });
  });
  it('a corrected month stays declared', () => {
    given([...placed, anHoursDeclared(), anHoursCorrected()]).when(declare()).thenRefuses({ kind: 'conflict', code: 'HOURS_ALREADY_DECLARED', field: 'month' });
  });
  it('each month has its own declaration', () => {
    given([...placed, anHoursDeclared()]).when(declare({ month: '2026-04', hours: 151.67 })).then([anHoursDeclared({ month: '2026-04', hours: 151.67 })])
      .and(({ placement }) => expect(placement?.hoursByMonth).toEqual({ '2026-03': 140, '2026-04': 151.67 }));
  });
});
