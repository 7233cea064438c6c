import { Streams, context, given } from '../testing/given-when-then';
import { aClauseAccepted, aClauseDefined, aMarketClosed, aMarketRegistered } from '../testing/fixtures';
import { CloseMarket, closeMarket } from './close-market';

const qualitative = { summary: 'Objectif atteint : 3 recrutements durables', writtenBy: 'C. Lefèvre' };
const cmd: CloseMarket = { marketId: 'm-1', qualitative };
const close = (today: string, over: Partial<CloseMarket> = {}) => ({ market }: Streams) => closeMarket({ ...cmd, ...over }, market, context(today));
const executed = [aMarketRegistered(), aClauseDefined(), aClauseAccepted()];

describe('closing a market', () => {
  it('after its execution end, issues the bilan with the facilitator\'s qualitative assessment', () => {
    given(executed).when(close('2027-07-05')).then([aMarketClosed()])
      .and(({ market }) => expect(market?.closedOn).toBe('2027-07-05'));
  });
  it('on the execution end day itself, closing is not early and needs no reason', () => {
    given(executed).when(close('2027-06-30')).then([aMarketClosed({ closedOn: '2027-06-30' })]);
  });
  it('a reason given for a closure that is not early is not recorded', () => {
    given(executed).when(close('2027-07-05', { earlyClosureReason: 'sans objet' })).then([aMarketClosed()]);
  });
  it('before its execution end, needs a stated reason', () => {
    given(executed).when(close('2027-03-01')).thenRefuses({ kind: 'rule', code: 'EXECUTION_NOT_OVER', field: 'earlyClosureReason' });
    given(executed).when(close('2027-03-01', { earlyClosureReason: '   ' })).thenRefuses({ kind: 'rule', code: 'EXECUTION_NOT_OVER', field: 'earlyClosureReason' });
  });
  it('an early closure records its reason', () => {
    given(executed).when(close('2027-03-01', { earlyClosureReason: ' résiliation du marché ' }))
      .then([aMarketClosed({ closedOn: '2027-03-01', earlyClosureReason: 'résiliation du marché' })]);
  });
  it('needs the qualitative summary', () => {
    given(executed).when(close('2027-07-05', { qualitative: { ...qualitative, summary: ' ' } })).thenRefuses({ kind: 'rule', code: 'QUALITATIVE_SUMMARY_REQUIRED', field: 'qualitative.summary' });
  });
  it('a market is closed once', () => {
    given([...executed, aMarketClosed()]).when(close('2027-07-06')).thenRefuses({ kind: 'conflict', code: 'MARKET_ALREADY_CLOSED', field: 'marketId' });
  });
  it('an unknown market is not found', () => {
    given().when(close('2027-07-05')).thenRefuses({ kind: 'not_found', code: 'MARKET_NOT_FOUND', field: 'marketId' });
  });
});
