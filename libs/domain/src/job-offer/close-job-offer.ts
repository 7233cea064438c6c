import { ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { MaybePartner, requirePartner } from './partner';
import { JobOfferCancelled, JobOfferExpired, JobOfferShared } from './job-offer-events';
import { MaybeJobOffer, requireOpenOffer } from './job-offer';

/** Sharing again with a partner already reached changes nothing, so only new partners are recorded. */
export function shareJobOffer(offerId: string, partners: ReadonlyMap<string, MaybePartner>, offer: MaybeJobOffer, ctx: DecisionContext): JobOfferShared[] {
  const o = requireOpenOffer(offer, offerId);
  for (const [id, partner] of partners) requirePartner(partner, id, 'partnerIds');
  const fresh = [...partners.keys()].filter((id) => !o.sharedWith.includes(id));
  if (fresh.length === 0) throw ruleBroken('ALREADY_SHARED', `job offer ${offerId} is already shared with every partner listed`, 'partnerIds');
  return [event('JobOfferShared', { offerId, partnerIds: fresh, sharedOn: ctx.today })];
}

export function cancelJobOffer(offerId: string, offer: MaybeJobOffer, ctx: DecisionContext): JobOfferCancelled[] {
  requireOpenOffer(offer, offerId);
  return [event('JobOfferCancelled', { offerId, cancelledOn: ctx.today })];
}

/** Expiry is a decision taken on or after the offer's expiry date, never before. */
export function expireJobOffer(offerId: string, offer: MaybeJobOffer, ctx: DecisionContext): JobOfferExpired[] {
  const o = requireOpenOffer(offer, offerId);
  if (ctx.today < o.expiresOn) throw ruleBroken('OFFER_NOT_EXPIRED', `job offer ${offerId} expires on ${o.expiresOn}, not before`, 'offerId');
  return [event('JobOfferExpired', { offerId, expiredOn: ctx.today })];
}
