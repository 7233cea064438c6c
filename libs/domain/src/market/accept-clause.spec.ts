import { Streams, context, given } from '../testing/given-when-then';
import { aClauseAccepted, aClauseDefined, aCompanyRegistered, aMarketClosed, aMarketRegistered } from '../testing/fixtures';
import { AcceptClause, acceptClause } from './accept-clause';

const ctx = context('2026-01-04');
const cmd: AcceptClause = { marketId: 'm-1', lotId: 'lot-1', companyId: '73282932000074', committedHours: 850 };
const accept = (over: Partial<AcceptClause> = {}) => ({ market, company }: Streams) => acceptClause({ ...cmd, ...over }, market, company, ctx);
const defined = [aMarketRegistered(), aClauseDefined(), aCompanyRegistered()];

describe('accepting a clause', () => {
  it('records the company\'s commitment next to the lot\'s target', () => {
    given(defined).when(accept()).then([aClauseAccepted()])
      .and(({ market }) => expect(market?.lots['lot-1'].acceptance).toEqual(aClauseAccepted().data));
  });
  it('needs a clause defined on the lot', () => {
    given([aMarketRegistered(), aCompanyRegistered()]).when(accept()).thenRefuses({ kind: 'rule', code: 'CLAUSE_NOT_DEFINED', field: 'lotId' });
  });
  it('the company may commit to exactly the target', () => {
    given(defined).when(accept({ committedHours: 833 })).then([aClauseAccepted({ committedHours: 833 })]);
  });
  it('the company cannot commit to fewer hours than the target', () => {
    given(defined).when(accept({ committedHours: 832 })).thenRefuses({ kind: 'rule', code: 'COMMITMENT_BELOW_TARGET', field: 'committedHours' });
  });
  it('the commitment is a whole number of hours', () => {
    given(defined).when(accept({ committedHours: 900.5 })).thenRefuses({ kind: 'rule', code: 'COMMITMENT_BELOW_TARGET', field: 'committedHours' });
  });
  it('the accepting company must exist', () => {
    given([aMarketRegistered(), aClauseDefined()]).when(accept()).thenRefuses({ kind: 'not_found', code: 'COMPANY_NOT_FOUND', field: 'companyId' });
  });
  it('a clause of an unknown market is not found', () => {
    given([aCompanyRegistered()]).when(accept()).thenRefuses({ kind: 'not_found', code: 'MARKET_NOT_FOUND', field: 'marketId' });
  });
  it('a clause of an unknown lot is not found', () => {
    given(defined).when(accept({ lotId: 'lot-9' })).thenRefuses({ kind: 'not_found', code: 'LOT_NOT_FOUND', field: 'lotId' });
  });
  it('a lot\'s clause is accepted once', () => {
    given([...defined, aClauseAccepted()]).when(accept({ committedHours: 900 })).thenRefuses({ kind: 'conflict', code: 'CLAUSE_ALREADY_ACCEPTED', field: 'lotId' });
  });
  it('a lot reserved to SIAE goes only to an SIAE', () => {
    const reserved = [aMarketRegistered(), aClauseDefined({ clauseTypes: ['RESERVED_SIAE'] })];
    given([...reserved, aCompanyRegistered()]).when(accept()).thenRefuses({ kind: 'rule', code: 'LOT_RESERVED_TO_OTHER_COMPANIES', field: 'companyId' });
    given([...reserved, aCompanyRegistered({ kind: 'ACI', isSiae: true })]).when(accept()).then([aClauseAccepted()]);
  });
  it('a lot reserved to the disability sector goes only to an EA or an ESAT', () => {
    const reserved = [aMarketRegistered(), aClauseDefined({ clauseTypes: ['RESERVED_DISABILITY'] })];
    given([...reserved, aCompanyRegistered({ kind: 'EI', isSiae: true })]).when(accept()).thenRefuses({ kind: 'rule', code: 'LOT_RESERVED_TO_OTHER_COMPANIES', field: 'companyId' });
    given([...reserved, aCompanyRegistered({ kind: 'ESAT', isDisabilitySector: true })]).when(accept()).then([aClauseAccepted()]);
  });
  it('a lot reserved to both SIAE and the disability sector goes to either', () => {
    const reserved = [aMarketRegistered(), aClauseDefined({ clauseTypes: ['RESERVED_SIAE', 'RESERVED_DISABILITY'] })];
    given([...reserved, aCompanyRegistered({ kind: 'EA', isDisabilitySector: true })]).when(accept()).then([aClauseAccepted()]);
    given([...reserved, aCompanyRegistered({ kind: 'ETTI', isSiae: true })]).when(accept()).then([aClauseAccepted()]);
    given([...reserved, aCompanyRegistered({ kind: 'GEIQ' })]).when(accept()).thenRefuses({ kind: 'rule', code: 'LOT_RESERVED_TO_OTHER_COMPANIES', field: 'companyId' });
  });
  it('a lot that is not reserved goes to any company', () => {
    given([aMarketRegistered(), aClauseDefined({ clauseTypes: ['EXECUTION', 'AWARD_CRITERION'] }), aCompanyRegistered()]).when(accept()).then([aClauseAccepted()]);
  });
  it('cannot be accepted once the market is closed and its bilan issued', () => {
    given([...defined, aMarketClosed()]).when(accept()).thenRefuses({ kind: 'rule', code: 'MARKET_CLOSED', field: 'marketId' });
  });
});
