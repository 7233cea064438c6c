import { Streams, context, given } from '../testing/given-when-then';
import { aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketRegistered, aPlacementEnded, anHoursDeclared } from '../testing/fixtures';
import { declareHours } from './declare-hours';
import { EndPlacement, endPlacement } from './end-placement';

const ctx = context('2026-05-04');
const cmd: EndPlacement = { placementId: 'p-1', endDate: '2026-04-30', reason: 'CONTRACT_COMPLETED' };
const end = (over: Partial<EndPlacement> = {}) => ({ placement }: Streams) => endPlacement({ ...cmd, ...over }, placement, ctx);
const declare = (month: string) => ({ placement, market }: Streams) => declareHours({ placementId: 'p-1', month, hours: 35, source: 'PAYSLIP' }, placement, market, ctx);

const placed = [aMarketRegistered(), aClauseDefined(), aClauseAccepted(), aBeneficiaryPlaced()];
const ended = [...placed, aPlacementEnded()];

describe('ending a placement', () => {
  it('records the end date and why it ended', () => {
    given(placed).when(end()).then([aPlacementEnded()])
      .and(({ placement }) => expect(placement?.endDate).toBe('2026-04-30'));
  });
  it('once ended, hours after its end are refused', () => {
    given(ended).when(declare('2026-05')).thenRefuses({ kind: 'rule', code: 'OUTSIDE_PLACEMENT_PERIOD', field: 'month' });
  });
  it('once ended, the month of its end may still be declared', () => {
    given(ended).when(declare('2026-04')).then([anHoursDeclared({ month: '2026-04', hours: 35, declaredOn: '2026-05-04' })]);
  });
  it('cannot end before it started', () => {
    given(placed).when(end({ endDate: '2026-03-01' })).thenRefuses({ kind: 'rule', code: 'END_BEFORE_START', field: 'endDate' });
  });
  it('may end on the day it started', () => {
    given(placed).when(end({ endDate: '2026-03-02', reason: 'TRIAL_PERIOD_ENDED' })).then([aPlacementEnded({ endDate: '2026-03-02', reason: 'TRIAL_PERIOD_ENDED' })]);
  });
  it('is recorded once it happened, not ahead of time', () => {
    given(placed).when(end({ endDate: '2026-05-05' })).thenRefuses({ kind: 'rule', code: 'END_IN_FUTURE', field: 'endDate' });
  });
  it('the end date is a real calendar date', () => {
    given(placed).when(end({ endDate: '2026-04-31' })).thenRefuses({ kind: 'rule', code: 'INVALID_DATE', field: 'endDate' });
  });
  it('cannot end before months already declared with hours: they must be corrected first', () => {
    given([...placed, anHoursDeclared({ month: '2026-05', hours: 20 })]).when(end()).thenRefuses({ kind: 'rule', code: 'HOURS_AFTER_END', field: 'endDate' });
  });
  it('a month declared with 0 h after the end does not stop it', () => {
    given([...placed, anHoursDeclared({ month: '2026-05', hours: 0 })]).when(end()).then([aPlacementEnded()]);
  });
  it('a placement ends once', () => {
    given(ended).when(end({ endDate: '2026-05-02' })).thenRefuses({ kind: 'conflict', code: 'PLACEMENT_ALREADY_ENDED', field: 'placementId' });
  });
  it('an unknown placement is not found', () => {
    given().when(end()).thenRefuses({ kind: 'not_found', code: 'PLACEMENT_NOT_FOUND', field: 'placementId' });
  });
});
