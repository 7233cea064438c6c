import { conflict, notFound } from '../shared/domain-error';
import { DecisionContext, DomainEvent, event } from '../shared/domain-event';
import { monthOf } from '../shared/dates';
import { Market, MaybeMarket } from '../market/market';
import { requireMarket } from '../market/define-clause';
import { MaybePlacement, placementLastDay } from '../placement/placement';
import { AlertSubject, parseAlertId } from './alert-id';

/** Acknowledgements of a market's alerts by the facilitator, in their own stream. */
export const marketAlertsStreamId = (marketId: string) => `market-alerts-${marketId}`;

export type AlertAcknowledged = DomainEvent<'AlertAcknowledged', {
  marketId: string;
  alertId: string;
  acknowledgedBy: string;
  note?: string;
  acknowledgedOn: string;
}>;

export type AlertAcknowledgements = { acknowledged: ReadonlySet<string> };

export function evolveAlertAcknowledgements(state: AlertAcknowledgements | undefined, e: AlertAcknowledged): AlertAcknowledgements {
  return { acknowledged: new Set([...(state?.acknowledged ?? []), e.data.alertId]) };
}

export interface AcknowledgeAlert {
  readonly marketId: string;
  readonly alertId: string;
  readonly acknowledgedBy: string;
  readonly note?: string;
}

/** The streams an acknowledgement is decided on: the market, and the placement the alert is about, if any. */
export interface AlertWorld {
  readonly market: MaybeMarket;
  readonly placement?: MaybePlacement;
}

/**
 * The facilitator acknowledges an alert of the market. Whether the market can have that alert is
 * decided from the alert id's own rule and the streams (the lot is held by a company, the placement
 * works on this market), never from the alerts read model, which may not have caught up with what
 * the facilitator is looking at.
 */
export function acknowledgeAlert(cmd: AcknowledgeAlert, state: AlertAcknowledgements | undefined, world: AlertWorld, ctx: DecisionContext): AlertAcknowledged[] {
  const market = requireMarket(world.market, cmd.marketId);
  const subject = parseAlertId(cmd.alertId)?.subject;
  if (!subject || !canBeRaisedOn(market, world.placement, subject)) throw notFound('ALERT_NOT_FOUND', `market ${cmd.marketId} has no alert ${cmd.alertId}`, 'alertId');
  if (state?.acknowledged.has(cmd.alertId)) throw conflict('ALERT_ALREADY_ACKNOWLEDGED', `alert ${cmd.alertId} was already acknowledged`, 'alertId');
  return [event('AlertAcknowledged', { marketId: cmd.marketId, alertId: cmd.alertId, acknowledgedBy: cmd.acknowledgedBy, ...(cmd.note ? { note: cmd.note } : {}), acknowledgedOn: ctx.today })];
}

/** The rules watch lots a company holds and the placements of the market (see the alerts read model). */
function canBeRaisedOn(market: Market, placement: MaybePlacement, subject: AlertSubject): boolean {
  if ('lotId' in subject) return !!market.lots[subject.lotId]?.acceptance;
  if (!placement || placement.placementId !== subject.placementId || placement.marketId !== market.marketId) return false;
  if (subject.rule === 'FOLLOW_UP_DUE') return !!placement.endDate;
  if (subject.rule === 'NO_HOURS_DECLARED') {
    // an ended placement keeps the alerts raised while it was planned to run longer
    const lastDay = [placement.plannedEndDate, placementLastDay(placement)].sort()[1];
    return subject.month >= monthOf(placement.startDate) && subject.month <= monthOf(lastDay);
  }
  return true;
}
