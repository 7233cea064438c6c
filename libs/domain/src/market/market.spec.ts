import { fold } from '../testing/given-when-then';
import { aClauseAccepted, aClauseDefined, aMarketRegistered } from '../testing/fixtures';
import { evolveMarket } from './market';

describe('a market\'s state', () => {
  it('holds its lots by id, each with its clause and its acceptance', () => {
    const { market } = fold([aMarketRegistered(), aClauseDefined(), aClauseAccepted()]);
    expect(market?.lots).toEqual({
      'lot-1': { lotId: 'lot-1', title: 'Gros œuvre', estimatedAmountCents: 100_000_000, clause: aClauseDefined().data, acceptance: aClauseAccepted().data },
      'lot-2': { lotId: 'lot-2', title: 'Peinture', estimatedAmountCents: 24_000_000 },
    });
  });
  it('a clause event for a market never registered is a broken history, not a refusal', () => {
    expect(() => evolveMarket(undefined, aClauseDefined())).toThrow('event for lot lot-1 of a market that was never registered');
  });
});
