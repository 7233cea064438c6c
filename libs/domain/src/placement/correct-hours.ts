import { ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { requireIsoMonth } from '../shared/dates';
import { HoursSource } from '../shared/vocabulary';
import { MaybeMarket } from '../market/market';
import { HoursCorrected } from './placement-events';
import { MaybePlacement, placementRef, requirePlacement } from './placement';
import { requireCountableHours, requireCountableMonth } from './declare-hours';

export interface CorrectHours {
  readonly placementId: string;
  readonly month: string;
  readonly hours: number;
  readonly source: HoursSource;
  readonly reason: string;
}

export function correctHours(cmd: CorrectHours, placement: MaybePlacement, market: MaybeMarket, ctx: DecisionContext): HoursCorrected[] {
  const p = requirePlacement(placement, cmd.placementId);
  requireIsoMonth(cmd.month, 'month');
  if (!(cmd.month in p.hoursByMonth)) {
    throw ruleBroken('NOTHING_TO_CORRECT', `no hours were declared for ${cmd.month} on placement ${cmd.placementId}; declare them first`, 'month');
  }
  requireCountableMonth(cmd.month, p, market, ctx);
  requireCountableHours(cmd.hours, ctx);
  const previousHours = p.hoursByMonth[cmd.month];
  if (previousHours === cmd.hours) {
    throw ruleBroken('CORRECTION_CHANGES_NOTHING', `placement ${cmd.placementId} already has ${cmd.hours} h for ${cmd.month}`, 'hours');
  }
  if (cmd.reason.trim().length === 0) throw ruleBroken('REASON_REQUIRED', 'a correction needs a reason', 'reason');
  return [event('HoursCorrected', { ...placementRef(p), month: cmd.month, previousHours, hours: cmd.hours, source: cmd.source, reason: cmd.reason, correctedOn: ctx.today })];
}
