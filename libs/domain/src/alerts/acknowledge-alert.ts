import { conflict, notFound } from '../shared/domain-error';
import { DecisionContext, DomainEvent, event } from '../shared/domain-event';

/** Acknowledgements of a market's alerts by the facilitator, in their own stream. */
export const marketAlertsStreamId = (marketId: string) => `market-alerts-${marketId}`;

export type AlertAcknowledged = DomainEvent<'AlertAcknowledged', {
  marketId: string;
  alertId: string;
  acknowledgedBy: string;
  note?: string;
  acknowledgedOn: string;
}>;

export type MarketAlerts = { acknowledged: ReadonlySet<string> };

export function evolveMarketAlerts(state: MarketAlerts | undefined, e: AlertAcknowledged): MarketAlerts {
  return { acknowledged: new Set([...(state?.acknowledged ?? []), e.data.alertId]) };
}

export interface AcknowledgeAlert {
  readonly marketId: string;
  readonly alertId: string;
  readonly acknowledgedBy: string;
  readonly note?: string;
}

/** `known` says whether the alerts read model has raised this alert for this market. */
export function acknowledgeAlert(cmd: AcknowledgeAlert, state: MarketAlerts | undefined, known: boolean, ctx: DecisionContext): AlertAcknowledged[] {
  if (!known) throw notFound('ALERT_NOT_FOUND', `market ${cmd.marketId} has no alert ${cmd.alertId}`, 'alertId');
  if (state?.acknowledged.has(cmd.alertId)) throw conflict('ALERT_ALREADY_ACKNOWLEDGED', `alert ${cmd.alertId} was already acknowledged`, 'alertId');
  return [event('AlertAcknowledged', { marketId: cmd.marketId, alertId: cmd.alertId, acknowledgedBy: cmd.acknowledgedBy, ...(cmd.note ? { note: cmd.note } : {}), acknowledgedOn: ctx.today })];
}
