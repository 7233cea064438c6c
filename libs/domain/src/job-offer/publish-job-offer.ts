import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { requireIsoDate } from '../shared/dates';
import { MaybeMarket } from '../market/market';
import { requireLot, requireMarket } from '../market/define-clause';
import { requireOpenMarket } from '../market/close-market';
import { JobOfferPublished } from './job-offer-events';
import { MaybeJobOffer } from './job-offer';
import { requireRomeCode } from './job-offer-vocabulary';

export type PublishJobOffer = Omit<JobOfferPublished['data'], 'publishedOn'>;

/** Only the company holding the lot offers its jobs: the hires become that lot's placements. */
export function publishJobOffer(cmd: PublishJobOffer, offer: MaybeJobOffer, market: MaybeMarket, ctx: DecisionContext): JobOfferPublished[] {
  if (offer) throw conflict('JOB_OFFER_ALREADY_PUBLISHED', `job offer ${cmd.offerId} is already published`, 'offerId');
  const m = requireMarket(market, cmd.marketId);
  requireOpenMarket(market, cmd.marketId);
  const lot = requireLot(market, cmd.marketId, cmd.lotId);
  if (!lot.acceptance) throw ruleBroken('CLAUSE_NOT_ACCEPTED', `the clause of lot ${cmd.lotId} has not been accepted by a company yet`, 'lotId');
  if (lot.acceptance.companyId !== cmd.companyId) {
    throw ruleBroken('NOT_THE_LOT_COMPANY', `company ${cmd.companyId} does not hold lot ${cmd.lotId}; its clause was accepted by ${lot.acceptance.companyId}`, 'companyId');
  }
  requireRomeCode(cmd.romeCode);
  requireIsoDate(cmd.startDate, 'startDate');
  requireIsoDate(cmd.expiresOn, 'expiresOn');
  if (cmd.startDate < m.executionStart || cmd.startDate > m.executionEnd) {
    throw ruleBroken('OUTSIDE_EXECUTION_PERIOD', `startDate ${cmd.startDate} is outside the market's execution period ${m.executionStart} to ${m.executionEnd}`, 'startDate');
  }
  if (cmd.expiresOn < ctx.today) throw ruleBroken('OFFER_EXPIRY_IN_PAST', `expiresOn ${cmd.expiresOn} is before today (${ctx.today})`, 'expiresOn');
  return [event('JobOfferPublished', { ...cmd, requirements: { ...cmd.requirements }, publishedOn: ctx.today })];
}
