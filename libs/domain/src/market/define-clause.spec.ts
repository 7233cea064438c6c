import { Streams, context, given } from '../testing/given-when-then';
import { aClauseAccepted, aClauseDefined, aMarketClosed, aMarketRegistered } from '../testing/fixtures';
import { DefineClause, TargetInput, computeTarget, defineClause } from './define-clause';
import { Lot } from './market';

const ctx = context('2026-01-03');
const computed = { mode: 'COMPUTED' as const, labourSharePercent: 50, insertionRatePercent: 5, hourlyCostCents: 3000 };
const cmd: DefineClause = { marketId: 'm-1', lotId: 'lot-1', clauseTypes: ['EXECUTION'], target: computed, penaltyPerMissingHourCents: 3000 };
const define = (over: Partial<DefineClause> = {}) => ({ market }: Streams) => defineClause({ ...cmd, ...over }, market, ctx);
const withTarget = (target: Partial<typeof computed>) => define({ target: { ...computed, ...target } });
const registered = [aMarketRegistered()];
const lotOf = (estimatedAmountCents: number): Lot => ({ lotId: 'lot-1', title: 'Gros œuvre', estimatedAmountCents });
/** Lot 2 as recorded before an estimated amount was required. */
const registeredWithoutAmount = [aMarketRegistered({ lots: [lotOf(100_000_000), { lotId: 'lot-2', title: 'Peinture', estimatedAmountCents: 0 }] })];
const targetHours = (estimatedAmountCents: number, target: TargetInput = computed) => computeTarget(target, lotOf(estimatedAmountCents)).targetHours;

describe('the hours target', () => {
  it('is amount × labour share × insertion rate ÷ hourly cost: 1,000,000 € × 50 % × 5 % ÷ 30 €/h = 833 h', () => {
    given(registered).when(define()).then([aClauseDefined()]);
  });
  it('keeps its inputs, so the bilan can show how it was set', () => {
    expect(computeTarget(computed, lotOf(100_000_000))).toEqual({
      computation: { mode: 'COMPUTED', estimatedAmountCents: 100_000_000, labourSharePercent: 50, insertionRatePercent: 5, hourlyCostCents: 3000, rounding: 'NEAREST_HOUR' },
      targetHours: 833,
    });
  });
  it('rounds an exact half hour up: 3,000 € × 50 % × 5 % ÷ 30 €/h = 2.5 h -> 3 h', () => {
    expect(targetHours(300_000)).toBe(3);
  });
  it('rounds below the half down: 2,999.99 € -> 2.49999 h -> 2 h', () => {
    expect(targetHours(299_999)).toBe(2);
  });
  it('loses no precision on 2,000,000,000.00 €: × 70 % × 10 % ÷ 27.50 €/h = 5,090,909.09 h -> 5,090,909 h', () => {
    expect(targetHours(200_000_000_000, { ...computed, labourSharePercent: 70, insertionRatePercent: 10, hourlyCostCents: 2750 })).toBe(5_090_909);
  });
  it('rounds an exact half up even where floating point would not: 1,963,410,000 € × 70 % × 7.5 % ÷ 30 €/h = 3,435,967.5 h', () => {
    expect(targetHours(196_341_000_000, { ...computed, labourSharePercent: 70, insertionRatePercent: 7.5 })).toBe(3_435_968);
  });
  it('computes on percentages with 2 decimals: 1,000,000 € × 33.33 % × 5.25 % ÷ 30 €/h = 583.275 h -> 583 h', () => {
    expect(targetHours(100_000_000, { ...computed, labourSharePercent: 33.33, insertionRatePercent: 5.25 })).toBe(583);
  });
  it('refuses a labour share with more than 2 decimals', () => {
    given(registered).when(withTarget({ labourSharePercent: 33.333 })).thenRefuses({ kind: 'rule', code: 'TOO_MANY_DECIMALS', field: 'target.labourSharePercent' });
  });
  it('refuses an insertion rate with more than 2 decimals', () => {
    given(registered).when(withTarget({ insertionRatePercent: 5.125 })).thenRefuses({ kind: 'rule', code: 'TOO_MANY_DECIMALS', field: 'target.insertionRatePercent' });
  });
  it('refuses percentages of 0 or above 100', () => {
    given(registered).when(withTarget({ labourSharePercent: 0 })).thenRefuses({ kind: 'rule', code: 'INVALID_PERCENT', field: 'target.labourSharePercent' });
    given(registered).when(withTarget({ insertionRatePercent: 100.5 })).thenRefuses({ kind: 'rule', code: 'INVALID_PERCENT', field: 'target.insertionRatePercent' });
  });
  it('the hourly cost is a whole number of euro cents above 0', () => {
    given(registered).when(withTarget({ hourlyCostCents: 0 })).thenRefuses({ kind: 'rule', code: 'INVALID_AMOUNT', field: 'target.hourlyCostCents' });
    given(registered).when(withTarget({ hourlyCostCents: 2999.5 })).thenRefuses({ kind: 'rule', code: 'INVALID_AMOUNT', field: 'target.hourlyCostCents' });
  });
  it('cannot be computed on a lot without an estimated amount', () => {
    given(registeredWithoutAmount).when(define({ lotId: 'lot-2' })).thenRefuses({ kind: 'rule', code: 'NO_ESTIMATED_AMOUNT', field: 'target.mode' });
  });
  it('a computed target below one hour is refused', () => {
    given([aMarketRegistered({ lots: [lotOf(10_000)] })]).when(define()).thenRefuses({ kind: 'rule', code: 'TARGET_BELOW_ONE_HOUR', field: 'target' });
  });
  it('may be a fixed number of hours, kept as given, on a lot without an estimated amount', () => {
    const fixed = { mode: 'FIXED' as const, hours: 400, basis: 'PER_YEAR' as const, note: 'accord-cadre de peinture, 400 h par an' };
    given(registeredWithoutAmount).when(define({ lotId: 'lot-2', target: fixed })).then([aClauseDefined({ lotId: 'lot-2', computation: fixed, targetHours: 400 })]);
  });
  it('a fixed target is a whole number of hours above 0', () => {
    for (const hours of [0, -10, 12.5]) {
      given(registered).when(define({ target: { mode: 'FIXED', hours, basis: 'WHOLE_MARKET' } })).thenRefuses({ kind: 'rule', code: 'INVALID_TARGET', field: 'target.hours' });
    }
  });
});

describe('defining a clause', () => {
  it('a clause may combine several clause types', () => {
    given(registered).when(define({ clauseTypes: ['EXECUTION', 'AWARD_CRITERION'] })).then([aClauseDefined({ clauseTypes: ['EXECUTION', 'AWARD_CRITERION'] })]);
  });
  it('needs at least one clause type', () => {
    given(registered).when(define({ clauseTypes: [] })).thenRefuses({ kind: 'rule', code: 'NO_CLAUSE_TYPE', field: 'clauseTypes' });
  });
  it('lists each clause type once', () => {
    given(registered).when(define({ clauseTypes: ['EXECUTION', 'EXECUTION'] })).thenRefuses({ kind: 'rule', code: 'DUPLICATE_CLAUSE_TYPE', field: 'clauseTypes' });
  });
  it('the penalty per missing hour is whole euro cents, never negative', () => {
    given(registered).when(define({ penaltyPerMissingHourCents: -1 })).thenRefuses({ kind: 'rule', code: 'INVALID_AMOUNT', field: 'penaltyPerMissingHourCents' });
    given(registered).when(define({ penaltyPerMissingHourCents: 0 })).then([aClauseDefined({ penaltyPerMissingHourCents: 0 })]);
  });
  it('a clause on an unknown market is not found', () => {
    given().when(define()).thenRefuses({ kind: 'not_found', code: 'MARKET_NOT_FOUND', field: 'marketId' });
  });
  it('a clause on an unknown lot is not found', () => {
    given(registered).when(define({ lotId: 'lot-9' })).thenRefuses({ kind: 'not_found', code: 'LOT_NOT_FOUND', field: 'lotId' });
  });
  it('may be redefined until a company accepts it, and the new target holds', () => {
    given([...registered, aClauseDefined()]).when(withTarget({ insertionRatePercent: 10 }))
      .then([aClauseDefined({ computation: { ...computed, estimatedAmountCents: 100_000_000, insertionRatePercent: 10, rounding: 'NEAREST_HOUR' }, targetHours: 1667 })])
      .and(({ market }) => expect(market?.lots['lot-1'].clause?.targetHours).toBe(1667));
  });
  it('cannot be redefined once a company accepted it', () => {
    given([...registered, aClauseDefined(), aClauseAccepted()]).when(define()).thenRefuses({ kind: 'conflict', code: 'CLAUSE_ALREADY_ACCEPTED', field: 'lotId' });
  });
  it('each lot carries its own clause: another lot stays open once the first is accepted', () => {
    const fixed = { mode: 'FIXED' as const, hours: 120, basis: 'WHOLE_MARKET' as const };
    given([...registered, aClauseDefined(), aClauseAccepted()]).when(define({ lotId: 'lot-2', target: fixed }))
      .then([aClauseDefined({ lotId: 'lot-2', computation: fixed, targetHours: 120 })]);
  });
  it('cannot be defined once the market is closed and its bilan issued', () => {
    given([...registered, aMarketClosed()]).when(define()).thenRefuses({ kind: 'rule', code: 'MARKET_CLOSED', field: 'marketId' });
  });
});
