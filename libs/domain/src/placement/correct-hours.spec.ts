import { Streams, context, given } from '../testing/given-when-then';
import { aBeneficiaryPlaced, aClauseAccepted, aClauseDefined, aMarketClosed, aMarketRegistered, anHoursCorrected, anHoursDeclared } from '../testing/fixtures';
import { CorrectHours, correctHours } from './correct-hours';

const ctx = context('2026-04-20');
const cmd: CorrectHours = { placementId: 'p-1', month: '2026-03', hours: 141.5, source: 'PAYSLIP', reason: 'bulletin de paie rectificatif' };
const correct = (over: Partial<CorrectHours> = {}) => ({ placement, market }: Streams) => correctHours({ ...cmd, ...over }, placement, market, ctx);

const placed = [aMarketRegistered(), aClauseDefined(), aClauseAccepted(), aBeneficiaryPlaced()];
const declared = [...placed, anHoursDeclared()];

describe('correcting hours', () => {
  it('states the previous figure, the new one and why; the new figure holds', () => {
    given(declared).when(correct()).then([anHoursCorrected()])
      .and(({ placement }) => expect(placement?.hoursByMonth).toEqual({ '2026-03': 141.5 }));
  });
  it('a further correction starts from the corrected figure', () => {
    given([...declared, anHoursCorrected()]).when(correct({ hours: 140, reason: 'erreur de saisie sur la rectification' }))
      .then([anHoursCorrected({ previousHours: 141.5, hours: 140, reason: 'erreur de saisie sur la rectification' })]);
  });
  it('needs a declaration to correct', () => {
    given(placed).when(correct()).thenRefuses({ kind: 'rule', code: 'NOTHING_TO_CORRECT', field: 'month' });
  });
  it('must change the declared figure', () => {
    given(declared).when(correct({ hours: 140 })).thenRefuses({ kind: 'rule', code: 'CORRECTION_CHANGES_NOTHING', field: 'hours' });
  });
  it('must change the figure as last corrected', () => {
    given([...declared, anHoursCorrected()]).when(correct()).thenRefuses({ kind: 'rule', code: 'CORRECTION_CHANGES_NOTHING', field: 'hours' });
  });
  it('needs a reason', () => {
    given(declared).when(correct({ reason: '  ' })).thenRefuses({ kind: 'rule', code: 'REASON_REQUIRED', field: 'reason' });
  });
  it('may bring a month down to 0 h', () => {
    given(declared).when(correct({ hours: 0, reason: 'heures faites sur un autre chantier' }))
      .then([anHoursCorrected({ hours: 0, reason: 'heures faites sur un autre chantier' })]);
  });
  it('the corrected figure is never negative', () => {
    given(declared).when(correct({ hours: -1 })).thenRefuses({ kind: 'rule', code: 'NEGATIVE_HOURS', field: 'hours' });
  });
  it('the corrected figure has at most 2 decimals', () => {
    given(declared).when(correct({ hours: 141.555 })).thenRefuses({ kind: 'rule', code: 'TOO_MANY_DECIMALS', field: 'hours' });
  });
  it('the corrected figure stays within the monthly legal maximum', () => {
    given(declared).when(correct({ hours: 208.5 })).thenRefuses({ kind: 'rule', code: 'ABOVE_MONTHLY_LEGAL_MAXIMUM', field: 'hours' });
  });
  it('the month is written YYYY-MM', () => {
    given(declared).when(correct({ month: '03/2026' })).thenRefuses({ kind: 'rule', code: 'INVALID_MONTH', field: 'month' });
  });
  it('no correction on a closed market: its bilan is issued', () => {
    given([...declared, aMarketClosed()]).when(correct()).thenRefuses({ kind: 'rule', code: 'MARKET_CLOSED', field: 'marketId' });
  });
  it('an unknown placement is not found', () => {
    given().when(correct()).thenRefuses({ kind: 'not_found', code: 'PLACEMENT_NOT_FOUND', field: 'placementId' });
  });
});
