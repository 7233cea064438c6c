import { context, given } from '../testing/given-when-then';
import { aMarketRegistered } from '../testing/fixtures';
import { RegisterMarket, registerMarket } from './register-market';

const ctx = context('2026-01-02');
const { registeredOn: _registeredOn, ...cmd } = aMarketRegistered().data;
const register = (over: Partial<RegisterMarket> = {}) => () => registerMarket({ ...cmd, ...over }, undefined, ctx);
const lot = (lotId: string, estimatedAmountCents = 10_000_000) => ({ lotId, title: `Lot ${lotId}`, estimatedAmountCents });

describe('registering a market', () => {
  it('records the market with its buyer, lots and execution period', () => {
    given().when(register()).then([aMarketRegistered()]);
  });
  it('keeps the buyer\'s reference of the market when there is one', () => {
    given().when(register({ reference: '2026-TRX-014' })).then([aMarketRegistered({ reference: '2026-TRX-014' })]);
  });
  it('a market registered twice is a conflict', () => {
    given([aMarketRegistered()]).when(({ market }) => registerMarket(cmd, market, ctx)).thenRefuses({ kind: 'conflict', code: 'MARKET_ALREADY_REGISTERED', field: 'marketId' });
  });
  it('the execution period starts and ends on real calendar dates', () => {
    given().when(register({ executionStart: '2026-02-30' })).thenRefuses({ kind: 'rule', code: 'INVALID_DATE', field: 'executionStart' });
    given().when(register({ executionEnd: '30/06/2027' })).thenRefuses({ kind: 'rule', code: 'INVALID_DATE', field: 'executionEnd' });
  });
  it('the execution cannot end before it starts', () => {
    given().when(register({ executionEnd: '2026-01-04' })).thenRefuses({ kind: 'rule', code: 'EXECUTION_PERIOD_REVERSED', field: 'executionEnd' });
  });
  it('an execution of a single day is a period', () => {
    given().when(register({ executionEnd: '2026-01-05' })).then([aMarketRegistered({ executionEnd: '2026-01-05' })]);
  });
  it('the market is located in a French département', () => {
    given().when(register({ department: '2A' })).then([aMarketRegistered({ department: '2A' })]);
    given().when(register({ department: 'Manche' })).thenRefuses({ kind: 'rule', code: 'INVALID_DEPARTMENT', field: 'department' });
  });
  it('a market has at least one lot', () => {
    given().when(register({ lots: [] })).thenRefuses({ kind: 'rule', code: 'NO_LOT', field: 'lots' });
  });
  it('a lot id appears once in a market', () => {
    given().when(register({ lots: [lot('lot-1'), lot('lot-1')] })).thenRefuses({ kind: 'rule', code: 'DUPLICATE_LOT', field: 'lots[1].lotId' });
  });
  it('estimated amounts are whole euro cents, never negative', () => {
    given().when(register({ lots: [lot('lot-1'), lot('lot-2', -1)] })).thenRefuses({ kind: 'rule', code: 'INVALID_AMOUNT', field: 'lots[1].estimatedAmountCents' });
    given().when(register({ lots: [lot('lot-1', 1_000_000.5)] })).thenRefuses({ kind: 'rule', code: 'INVALID_AMOUNT', field: 'lots[0].estimatedAmountCents' });
  });
  it('every lot has an estimated amount above 0', () => {
    given().when(register({ lots: [lot('lot-1'), lot('lot-2', 0)] })).thenRefuses({ kind: 'rule', code: 'NO_ESTIMATED_AMOUNT', field: 'lots[1].estimatedAmountCents' });
  });
  it('an amount beyond exact integer arithmetic is refused rather than rounded', () => {
    given().when(register({ lots: [lot('lot-1', 2 ** 53)] })).thenRefuses({ kind: 'rule', code: 'INVALID_AMOUNT', field: 'lots[0].estimatedAmountCents' });
  });
  it('a lot of 2,000,000,000.00 € is kept to the cent', () => {
    given().when(register({ lots: [lot('lot-1', 200_000_000_000)] })).then([aMarketRegistered({ lots: [lot('lot-1', 200_000_000_000)] })]);
  });
  it('records only the lots\' registration data', () => {
    const lotWithExtra = { ...lot('lot-1'), internalNote: 'ne pas publier' };
    given().when(register({ lots: [lotWithExtra] })).then([aMarketRegistered({ lots: [lot('lot-1')] })]);
  });
});
