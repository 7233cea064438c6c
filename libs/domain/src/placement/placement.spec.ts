import { event } from '../shared/domain-event';
import { context, given } from '../testing/given-when-then';
import {
  aBeneficiaryPlaced, aBeneficiaryRegistered, aClauseAccepted, aClauseDefined, aCompanyRegistered, aMarketRegistered, anEligibilityValidated,
  anHoursDeclared,
} from '../testing/fixtures';
import { evolveMarket } from '../market/market';
import { evolveCompany } from '../company/company';
import { evolveBeneficiary } from '../beneficiary/beneficiary';
import { evolvePlacement } from './placement';
import { placeBeneficiary } from './place-beneficiary';
import { declareHours } from './declare-hours';
import { correctHours } from './correct-hours';
import { endPlacement } from './end-placement';
import { DomainEvent } from '../shared/domain-event';

const fold = <S>(evolve: (s: S | undefined, e: never) => S | undefined, events: DomainEvent[]) => events.reduce<S | undefined>((s, e) => evolve(s, e as never), undefined);
const acceptedMarket = fold(evolveMarket, [aMarketRegistered(), aClauseDefined(), aClauseAccepted()]);
const company = fold(evolveCompany, [aCompanyRegistered()]);
const eligible = fold(evolveBeneficiary, [aBeneficiaryRegistered(), anEligibilityValidated()]);
const ctx = context('2026-06-15');

describe('placing a beneficiary', () => {
  const { placedOn: _p, eligibility: _e, ...cmd } = aBeneficiaryPlaced().data;
  const world = { placement: undefined, market: acceptedMarket, company, beneficiary: eligible };
  const refuses = (over: object, w: object, expected: { kind: 'rule' | 'not_found' | 'conflict'; code: string; field?: string }) =>
    given([], evolvePlacement).when(() => placeBeneficiary({ ...cmd, ...over }, { ...world, ...w }, ctx)).thenRefuses(expected);

  it('records the placement with the eligibility that made the person count at its start', () => {
    expect(placeBeneficiary(cmd, world, ctx)).toEqual([aBeneficiaryPlaced({ placedOn: '2026-06-15' })]);
  });
  it('needs the lot\'s clause to be accepted', () => {
    refuses({}, { market: fold(evolveMarket, [aMarketRegistered(), aClauseDefined()]) }, { kind: 'rule', code: 'CLAUSE_NOT_ACCEPTED', field: 'lotId' });
  });
  it('only with the company that holds the lot', () => {
    refuses({ companyId: '44306184100047' }, { company: fold(evolveCompany, [aCompanyRegistered({ companyId: '44306184100047' })]) }, { kind: 'rule', code: 'NOT_THE_LOT_COMPANY', field: 'companyId' });
  });
  it('unknown market, lot, company or beneficiary are not found', () => {
    refuses({}, { market: undefined }, { kind: 'not_found', code: 'MARKET_NOT_FOUND' });
    refuses({ lotId: 'lot-9' }, {}, { kind: 'not_found', code: 'LOT_NOT_FOUND' });
    refuses({}, { company: undefined }, { kind: 'not_found', code: 'COMPANY_NOT_FOUND' });
    refuses({}, { beneficiary: undefined }, { kind: 'not_found', code: 'BENEFICIARY_NOT_FOUND' });
  });
  it('the beneficiary must be eligible on the day the placement starts', () => {
    refuses({ startDate: '2026-02-01' }, {}, { kind: 'rule', code: 'NOT_ELIGIBLE_AT_START', field: 'beneficiaryId' });
    refuses({ startDate: '2026-08-03' }, {}, { kind: 'rule', code: 'NOT_ELIGIBLE_AT_START' });
    refuses({}, { beneficiary: fold(evolveBeneficiary, [aBeneficiaryRegistered()]) }, { kind: 'rule', code: 'NOT_ELIGIBLE_AT_START' });
  });
  it('starts inside the market\'s execution period', () => {
    refuses({ startDate: '2026-01-04' }, {}, { kind: 'rule', code: 'OUTSIDE_EXECUTION_PERIOD', field: 'startDate' });
  });
  it('cannot end before it starts', () => {
    refuses({ plannedEndDate: '2026-03-01' }, {}, { kind: 'rule', code: 'PLACEMENT_PERIOD_REVERSED' });
  });
  it('a placement id is used once', () => {
    refuses({}, { placement: fold(evolvePlacement, [aBeneficiaryPlaced()]) }, { kind: 'conflict', code: 'PLACEMENT_ALREADY_EXISTS' });
  });
});

describe('declaring monthly hours', () => {
  const placed = [aBeneficiaryPlaced()];
  const declare = (over: object = {}) => (p: ReturnType<typeof evolvePlacement>) =>
    declareHours({ placementId: 'p-1', month: '2026-03', hours: 140, source: 'PAYSLIP', ...over }, p, acceptedMarket, ctx);

  it('records the hours with everything an auditor needs to place them', () => {
    given(placed, evolvePlacement).when(declare()).then([anHoursDeclared({ declaredOn: '2026-06-15' })]);
  });
  it('the current month may be declared, a future one may not', () => {
    given(placed, evolvePlacement).when(declare({ month: '2026-06' })).then([anHoursDeclared({ month: '2026-06', declaredOn: '2026-06-15' })]);
    given(placed, evolvePlacement).when(declare({ month: '2026-07' })).thenRefuses({ kind: 'rule', code: 'FUTURE_MONTH', field: 'month' });
  });
  it('only within the placement\'s period; a partly covered month counts', () => {
    given(placed, evolvePlacement).when(declare({ month: '2026-02' })).thenRefuses({ kind: 'rule', code: 'OUTSIDE_PLACEMENT_PERIOD', field: 'month' });
    const late = [aBeneficiaryPlaced({ startDate: '2026-03-31' })];
    given(late, evolvePlacement).when(declare({ month: '2026-03', hours: 7 })).then([anHoursDeclared({ hours: 7, declaredOn: '2026-06-15' })]);
  });
  it('only within the market\'s execution period', () => {
    const market = fold(evolveMarket, [aMarketRegistered({ executionEnd: '2026-04-10' }), aClauseDefined(), aClauseAccepted()]);
    given(placed, evolvePlacement).when((p) => declareHours({ placementId: 'p-1', month: '2026-05', hours: 10, source: 'PAYSLIP' }, p, market, ctx))
      .thenRefuses({ kind: 'rule', code: 'OUTSIDE_EXECUTION_PERIOD', field: 'month' });
  });
  it('hours are never negative, have at most 2 decimals, and stay within the monthly legal maximum', () => {
    given(placed, evolvePlacement).when(declare({ hours: -0.5 })).thenRefuses({ kind: 'rule', code: 'NEGATIVE_HOURS', field: 'hours' });
    given(placed, evolvePlacement).when(declare({ hours: 10.005 })).thenRefuses({ kind: 'rule', code: 'TOO_MANY_DECIMALS', field: 'hours' });
    given(placed, evolvePlacement).when(declare({ hours: 208.01 })).thenRefuses({ kind: 'rule', code: 'ABOVE_MONTHLY_LEGAL_MAXIMUM', field: 'hours' });
    given(placed, evolvePlacement).when(declare({ hours: 208 })).then([anHoursDeclared({ hours: 208, declaredOn: '2026-06-15' })]);
    given(placed, evolvePlacement).when(declare({ hours: 0 })).then([anHoursDeclared({ hours: 0, declaredOn: '2026-06-15' })]);
  });
  it('a second declaration for the same month is a conflict: changing it takes a correction', () => {
    given([...placed, anHoursDeclared()], evolvePlacement).when(declare({ hours: 120 })).thenRefuses({ kind: 'conflict', code: 'HOURS_ALREADY_DECLARED', field: 'month' });
  });
  it('an unknown placement is not found', () => {
    given([], evolvePlacement).when(declare()).thenRefuses({ kind: 'not_found', code: 'PLACEMENT_NOT_FOUND' });
  });
});

describe('correcting hours', () => {
  const correct = (over: object = {}) => (p: ReturnType<typeof evolvePlacement>) =>
    correctHours({ placementId: 'p-1', month: '2026-03', hours: 141.5, source: 'PAYSLIP', reason: 'bulletin rectificatif', ...over }, p, acceptedMarket, ctx);

  it('states the previous and the new figure with the reason, and the new figure holds', () => {
    const history = [aBeneficiaryPlaced(), anHoursDeclared()];
    const ref = { placementId: 'p-1', marketId: 'm-1', lotId: 'lot-1', companyId: '73282932000074', beneficiaryId: 'b-1' };
    given(history, evolvePlacement).when(correct()).then([
      event('HoursCorrected', { ...ref, month: '2026-03', previousHours: 140, hours: 141.5, source: 'PAYSLIP', reason: 'bulletin rectificatif', correctedOn: '2026-06-15' }),
    ]);
    const after = fold(evolvePlacement, [...history, ...correct()(fold(evolvePlacement, history))]);
    expect(after!.hoursByMonth).toEqual({ '2026-03': 141.5 });
  });
  it('needs a declaration to correct', () => {
    given([aBeneficiaryPlaced()], evolvePlacement).when(correct()).thenRefuses({ kind: 'rule', code: 'NOTHING_TO_CORRECT', field: 'month' });
  });
  it('must change the figure and give a reason', () => {
    given([aBeneficiaryPlaced(), anHoursDeclared()], evolvePlacement).when(correct({ hours: 140 })).thenRefuses({ kind: 'rule', code: 'CORRECTION_CHANGES_NOTHING' });
    given([aBeneficiaryPlaced(), anHoursDeclared()], evolvePlacement).when(correct({ reason: '  ' })).thenRefuses({ kind: 'rule', code: 'REASON_REQUIRED' });
  });
});

describe('ending a placement', () => {
  const end = (over: object = {}) => (p: ReturnType<typeof evolvePlacement>) => endPlacement({ placementId: 'p-1', endDate: '2026-04-30', reason: 'CONTRACT_COMPLETED', ...over }, p, ctx);

  it('no hours can be declared after its end', () => {
    const history = [aBeneficiaryPlaced(), ...end()(fold(evolvePlacement, [aBeneficiaryPlaced()]))];
    given(history, evolvePlacement).when((p) => declareHours({ placementId: 'p-1', month: '2026-05', hours: 10, source: 'PAYSLIP' }, p, acceptedMarket, ctx))
      .thenRefuses({ kind: 'rule', code: 'OUTSIDE_PLACEMENT_PERIOD' });
  });
  it('cannot end before it started, in the future, twice, or before hours already declared', () => {
    given([aBeneficiaryPlaced()], evolvePlacement).when(end({ endDate: '2026-03-01' })).thenRefuses({ kind: 'rule', code: 'END_BEFORE_START' });
    given([aBeneficiaryPlaced()], evolvePlacement).when(end({ endDate: '2026-07-01' })).thenRefuses({ kind: 'rule', code: 'END_IN_FUTURE' });
    given([aBeneficiaryPlaced(), anHoursDeclared({ month: '2026-05' })], evolvePlacement).when(end()).thenRefuses({ kind: 'rule', code: 'HOURS_AFTER_END' });
    const ended = [aBeneficiaryPlaced(), ...end()(fold(evolvePlacement, [aBeneficiaryPlaced()]))];
    given(ended, evolvePlacement).when(end()).thenRefuses({ kind: 'conflict', code: 'PLACEMENT_ALREADY_ENDED' });
  });
});
