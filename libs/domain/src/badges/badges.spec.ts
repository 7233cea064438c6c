import { Streams, context, given } from '../testing/given-when-then';
import { event } from '../shared/domain-event';
import { AwardBadge, awardBadge, revokeBadge } from './badges';
import { ClauseFulfilment } from './clause-fulfilment';

const ctx = context('2027-07-10');
const fulfilled: ClauseFulfilment = { closed: true, lots: [{ lotId: 'lot-1', targetHours: 833, hoursDone: 901.5, companyId: '73282932000074' }, { lotId: 'lot-2', targetHours: 0, hoursDone: 0 }] };
const toBuyer: AwardBadge = { badgeId: 'bdg-1', marketId: 'm-1', recipient: { type: 'BUYER', name: 'Cotentin Habitat' }, credentialJwt: 'eyJ.signed.jwt' };
const toCompany: AwardBadge = { ...toBuyer, badgeId: 'bdg-2', recipient: { type: 'COMPANY', companyId: '73282932000074', name: 'Bâtiments du Cotentin' } };
const award = (cmd: AwardBadge = toBuyer, fulfilment: ClauseFulfilment = fulfilled) => ({ badges }: Streams) => awardBadge(cmd, badges, fulfilment, ctx);
const revoke = (badgeId = 'bdg-1', reason = 'heures déclarées à tort') => ({ badges }: Streams) => revokeBadge({ badgeId, reason }, badges, ctx);
const awarded = (cmd: AwardBadge, statusListIndex: number) =>
  event('BadgeAwarded', { badgeId: cmd.badgeId, marketId: cmd.marketId, recipient: cmd.recipient, awardedOn: '2027-07-10', statusListIndex, credentialJwt: cmd.credentialJwt });
const revoked = (badgeId = 'bdg-1') => event('BadgeRevoked', { badgeId, reason: 'heures déclarées à tort', revokedOn: '2027-07-10' });

describe('awarding a badge « expérience réussie »', () => {
  it('rewards a closed market whose every lot reached its target', () => {
    given().when(award()).then([awarded(toBuyer, 0)]);
  });
  it('takes the next index of the revocation status list', () => {
    given([awarded(toBuyer, 0)]).when(award(toCompany)).then([awarded(toCompany, 1)]);
  });
  it('an unknown market is not found', () => {
    given().when(({ badges }) => awardBadge(toBuyer, badges, undefined, ctx)).thenRefuses({ kind: 'not_found', code: 'MARKET_NOT_FOUND', field: 'marketId' });
  });
  it('waits for the market to be closed and its bilan issued', () => {
    given().when(award(toBuyer, { ...fulfilled, closed: false })).thenRefuses({ kind: 'rule', code: 'MARKET_NOT_CLOSED', field: 'marketId' });
  });
  it('is refused while one lot is short of its target', () => {
    const short = { ...fulfilled, lots: [{ lotId: 'lot-1', targetHours: 833, hoursDone: 832.99, companyId: '73282932000074' }] };
    given().when(award(toBuyer, short)).thenRefuses({ kind: 'rule', code: 'CLAUSE_NOT_FULFILLED', field: 'marketId' });
  });
  it('goes to a company only when it holds a lot of the market', () => {
    const stranger: AwardBadge = { ...toCompany, recipient: { type: 'COMPANY', companyId: '44306184100047', name: 'Autre entreprise' } };
    given().when(award(stranger)).thenRefuses({ kind: 'rule', code: 'NOT_A_MARKET_COMPANY', field: 'companyId' });
  });
  it('a recipient holds one badge per market', () => {
    given([awarded(toBuyer, 0)]).when(award({ ...toBuyer, badgeId: 'bdg-3' })).thenRefuses({ kind: 'conflict', code: 'BADGE_ALREADY_AWARDED', field: 'recipient' });
  });
  it('a revoked badge may be awarded again', () => {
    given([awarded(toBuyer, 0), revoked()]).when(award({ ...toBuyer, badgeId: 'bdg-3' })).then([awarded({ ...toBuyer, badgeId: 'bdg-3' }, 1)]);
  });
});

describe('revoking a badge', () => {
  it('records why it was revoked', () => {
    given([awarded(toBuyer, 0)]).when(revoke()).then([revoked()])
      .and(({ badges }) => expect(badges?.awarded['bdg-1'].revoked).toEqual({ reason: 'heures déclarées à tort', revokedOn: '2027-07-10' }));
  });
  it('needs a reason', () => {
    given([awarded(toBuyer, 0)]).when(revoke('bdg-1', ' ')).thenRefuses({ kind: 'rule', code: 'REASON_REQUIRED', field: 'reason' });
  });
  it('a badge is revoked once', () => {
    given([awarded(toBuyer, 0), revoked()]).when(revoke()).thenRefuses({ kind: 'conflict', code: 'BADGE_ALREADY_REVOKED', field: 'badgeId' });
  });
  it('an unknown badge is not found', () => {
    given().when(revoke()).thenRefuses({ kind: 'not_found', code: 'BADGE_NOT_FOUND', field: 'badgeId' });
  });
});
