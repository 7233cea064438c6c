import { event } from '../shared/domain-event';
import { context, given } from '../testing/given-when-then';
import { aClauseAccepted, aClauseDefined, aCompanyRegistered, aMarketRegistered } from '../testing/fixtures';
import { evolveMarket } from './market';
import { registerMarket } from './register-market';
import { computeTarget, defineClause } from './define-clause';
import { acceptClause } from './accept-clause';
import { evolveCompany } from '../company/company';

const ctx = context('2026-01-03');
const company = evolveCompany(undefined, aCompanyRegistered());
const computed = { mode: 'COMPUTED' as const, labourSharePercent: 50, insertionRatePercent: 5, hourlyCostCents: 3000 };
const lot = (estimatedAmountCents: number) => ({ lotId: 'l', title: 'Lot', estimatedAmountCents });

describe('registering a market', () => {
  const { registeredOn: _r, ...cmd } = aMarketRegistered().data;

  it('records the market with its lots, buyer and execution period', () => {
    given([], evolveMarket).when((m) => registerMarket(cmd, m, ctx)).then([aMarketRegistered({ registeredOn: '2026-01-03' })]);
  });
  it('a market registered twice is a conflict', () => {
    given([aMarketRegistered()], evolveMarket).when((m) => registerMarket(cmd, m, ctx)).thenRefuses({ kind: 'conflict', code: 'MARKET_ALREADY_REGISTERED' });
  });
  it('the execution end cannot precede its start', () => {
    given([], evolveMarket).when((m) => registerMarket({ ...cmd, executionEnd: '2025-12-31' }, m, ctx)).thenRefuses({ kind: 'rule', code: 'EXECUTION_PERIOD_REVERSED', field: 'executionEnd' });
  });
  it('dates must be real calendar dates', () => {
    given([], evolveMarket).when((m) => registerMarket({ ...cmd, executionStart: '2026-02-30' }, m, ctx)).thenRefuses({ kind: 'rule', code: 'INVALID_DATE', field: 'executionStart' });
  });
  it('a lot id appears once', () => {
    given([], evolveMarket).when((m) => registerMarket({ ...cmd, lots: [lot(1), lot(2)] }, m, ctx)).thenRefuses({ kind: 'rule', code: 'DUPLICATE_LOT', field: 'lots[1].lotId' });
  });
  it('amounts are whole, non-negative cents', () => {
    given([], evolveMarket).when((m) => registerMarket({ ...cmd, lots: [lot(-1)] }, m, ctx)).thenRefuses({ kind: 'rule', code: 'INVALID_AMOUNT', field: 'lots[0].estimatedAmountCents' });
    given([], evolveMarket).when((m) => registerMarket({ ...cmd, lots: [lot(10.5)] }, m, ctx)).thenRefuses({ kind: 'rule', code: 'INVALID_AMOUNT' });
  });
});

describe('the hours target', () => {
  it('is amount × labour share × rate ÷ hourly cost: 1,000,000 € × 50 % × 5 % ÷ 30 €/h = 833 h', () => {
    expect(computeTarget(computed, lot(100_000_000)).targetHours).toBe(833);
  });
  it('rounds half up to a whole hour', () => {
    // 3,000 € × 50 % × 5 % ÷ 30 €/h = 2.5 h -> 3 h; 2,900 € -> 2.4166 -> 2 h
    expect(computeTarget(computed, lot(300_000)).targetHours).toBe(3);
    expect(computeTarget(computed, lot(290_000)).targetHours).toBe(2);
  });
  it('loses no precision on very large amounts', () => {
    // 2,000,000,000.00 € × 70 % × 10 % ÷ 27.50 €/h = 5,090,909.09 h
    expect(computeTarget({ ...computed, labourSharePercent: 70, insertionRatePercent: 10, hourlyCostCents: 2750 }, lot(200_000_000_000)).targetHours).toBe(5_090_909);
  });
  it('keeps its inputs for the bilan', () => {
    expect(computeTarget(computed, lot(100_000_000)).computation).toEqual({ ...computed, estimatedAmountCents: 100_000_000, rounding: 'NEAREST_HOUR' });
  });
  it('refuses percentages with more than 2 decimals or outside ]0, 100]', () => {
    expect(() => computeTarget({ ...computed, insertionRatePercent: 5.125 }, lot(1))).toThrow(/at most 2 decimals/);
    expect(() => computeTarget({ ...computed, labourSharePercent: 0 }, lot(1))).toThrow(/above 0/);
    expect(() => computeTarget({ ...computed, labourSharePercent: 101 }, lot(1))).toThrow(/at most 100/);
  });
  it('may be a fixed number of hours, kept as given', () => {
    expect(computeTarget({ mode: 'FIXED', hours: 400, basis: 'PER_YEAR' }, lot(0))).toEqual({ computation: { mode: 'FIXED', hours: 400, basis: 'PER_YEAR' }, targetHours: 400 });
  });
  it('cannot be computed on a lot without an estimated amount', () => {
    expect(() => computeTarget(computed, lot(0))).toThrow(/use a FIXED target/);
  });
});

describe('defining and accepting a clause', () => {
  const define = { marketId: 'm-1', lotId: 'lot-1', clauseTypes: ['EXECUTION' as const], target: computed, penaltyPerMissingHourCents: 3000 };

  it('defining a clause computes the target of the lot', () => {
    given([aMarketRegistered()], evolveMarket).when((m) => defineClause(define, m, ctx)).then([aClauseDefined()]);
  });
  it('a clause on an unknown market or lot is not found', () => {
    given([], evolveMarket).when((m) => defineClause(define, m, ctx)).thenRefuses({ kind: 'not_found', code: 'MARKET_NOT_FOUND' });
    given([aMarketRegistered()], evolveMarket).when((m) => defineClause({ ...define, lotId: 'lot-9' }, m, ctx)).thenRefuses({ kind: 'not_found', code: 'LOT_NOT_FOUND', field: 'lotId' });
  });
  it('a clause may be redefined until it is accepted, never after', () => {
    given([aMarketRegistered(), aClauseDefined()], evolveMarket).when((m) => defineClause(define, m, ctx)).then([aClauseDefined()]);
    given([aMarketRegistered(), aClauseDefined(), aClauseAccepted()], evolveMarket).when((m) => defineClause(define, m, ctx)).thenRefuses({ kind: 'conflict', code: 'CLAUSE_ALREADY_ACCEPTED' });
  });
  it('acceptance needs a defined clause', () => {
    given([aMarketRegistered()], evolveMarket).when((m) => acceptClause({ marketId: 'm-1', lotId: 'lot-1', companyId: company!.companyId, committedHours: 900 }, m, company, ctx))
      .thenRefuses({ kind: 'rule', code: 'CLAUSE_NOT_DEFINED' });
  });
  it('the company commits to at least the target', () => {
    const history = [aMarketRegistered(), aClauseDefined()];
    given(history, evolveMarket).when((m) => acceptClause({ marketId: 'm-1', lotId: 'lot-1', companyId: company!.companyId, committedHours: 832 }, m, company, ctx))
      .thenRefuses({ kind: 'rule', code: 'COMMITMENT_BELOW_TARGET', field: 'committedHours' });
    given(history, evolveMarket).when((m) => acceptClause({ marketId: 'm-1', lotId: 'lot-1', companyId: company!.companyId, committedHours: 850 }, m, company, ctx))
      .then([event('ClauseAccepted', { marketId: 'm-1', lotId: 'lot-1', companyId: '73282932000074', targetHours: 833, committedHours: 850, acceptedOn: '2026-01-03' })]);
  });
  it('the accepting company must exist', () => {
    given([aMarketRegistered(), aClauseDefined()], evolveMarket).when((m) => acceptClause({ marketId: 'm-1', lotId: 'lot-1', companyId: 'x', committedHours: 900 }, m, undefined, ctx))
      .thenRefuses({ kind: 'not_found', code: 'COMPANY_NOT_FOUND' });
  });
  it('a lot\'s clause is accepted once', () => {
    given([aMarketRegistered(), aClauseDefined(), aClauseAccepted()], evolveMarket).when((m) => acceptClause({ marketId: 'm-1', lotId: 'lot-1', companyId: company!.companyId, committedHours: 900 }, m, company, ctx))
      .thenRefuses({ kind: 'conflict', code: 'CLAUSE_ALREADY_ACCEPTED' });
  });
});
