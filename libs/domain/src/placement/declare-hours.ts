import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { monthOf, monthOverlaps, requireIsoMonth } from '../shared/dates';
import { exactCentiHours } from '../shared/quantities';
import { HoursSource } from '../shared/vocabulary';
import { MaybeMarket } from '../market/market';
import { requireMarket } from '../market/define-clause';
import { requireOpenMarket } from '../market/close-market';
import { HoursDeclared } from './placement-events';
import { MaybePlacement, Placement, placementLastDay, placementRef, requirePlacement } from './placement';

export interface DeclareHours {
  readonly placementId: string;
  readonly month: string;
  readonly hours: number;
  readonly source: HoursSource;
}

/** The monthly hours of one placement: one declaration per month; changing it takes a correction. */
export function declareHours(cmd: DeclareHours, placement: MaybePlacement, market: MaybeMarket, ctx: DecisionContext): HoursDeclared[] {
  const p = requirePlacement(placement, cmd.placementId);
  requireCountableMonth(cmd.month, p, market, ctx);
  requireCountableHours(cmd.hours, ctx);
  if (cmd.month in p.hoursByMonth) {
    throw conflict('HOURS_ALREADY_DECLARED', `hours for ${cmd.month} were already declared on placement ${cmd.placementId} (${p.hoursByMonth[cmd.month]} h); send a correction to change them`, 'month');
  }
  return [event('HoursDeclared', { ...placementRef(p), month: cmd.month, hours: cmd.hours, source: cmd.source, modality: p.modality, declaredOn: ctx.today })];
}

/** Hours count only inside both the placement's and the market's periods, and never ahead of time. */
export function requireCountableMonth(month: string, p: Placement, market: MaybeMarket, ctx: DecisionContext): void {
  requireIsoMonth(month, 'month');
  if (month > monthOf(ctx.today)) throw ruleBroken('FUTURE_MONTH', `month ${month} has not started yet (today is ${ctx.today})`, 'month');
  if (!monthOverlaps(month, p.startDate, placementLastDay(p))) {
    throw ruleBroken('OUTSIDE_PLACEMENT_PERIOD', `month ${month} is outside the placement's period ${p.startDate} to ${placementLastDay(p)}`, 'month');
  }
  const m = requireMarket(market, p.marketId);
  requireOpenMarket(market, p.marketId);
  if (!monthOverlaps(month, m.executionStart, m.executionEnd)) {
    throw ruleBroken('OUTSIDE_EXECUTION_PERIOD', `month ${month} is outside the market's execution period ${m.executionStart} to ${m.executionEnd}`, 'month');
  }
}

export function requireCountableHours(hours: number, ctx: DecisionContext): void {
  const centi = exactCentiHours(hours, 'hours');
  const max = ctx.policy.monthlyLegalMaximumHours;
  if (centi > max * 100) {
    throw ruleBroken('ABOVE_MONTHLY_LEGAL_MAXIMUM', `hours must not exceed the monthly legal maximum of ${max} h for one person, got ${hours}`, 'hours');
  }
}
