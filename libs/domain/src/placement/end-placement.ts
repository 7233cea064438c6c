import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { monthOf, requireIsoDate } from '../shared/dates';
import { PlacementEndReason } from '../shared/vocabulary';
import { PlacementEnded } from './placement-events';
import { MaybePlacement, placementRef, requirePlacement } from './placement';

export interface EndPlacement {
  readonly placementId: string;
  readonly endDate: string;
  readonly reason: PlacementEndReason;
}

export function endPlacement(cmd: EndPlacement, placement: MaybePlacement, ctx: DecisionContext): PlacementEnded[] {
  const p = requirePlacement(placement, cmd.placementId);
  if (p.endDate) throw conflict('PLACEMENT_ALREADY_ENDED', `placement ${cmd.placementId} already ended on ${p.endDate}`, 'placementId');
  requireIsoDate(cmd.endDate, 'endDate');
  if (cmd.endDate < p.startDate) throw ruleBroken('END_BEFORE_START', `endDate (${cmd.endDate}) is before the placement started (${p.startDate})`, 'endDate');
  if (cmd.endDate > ctx.today) throw ruleBroken('END_IN_FUTURE', `endDate ${cmd.endDate} is after today (${ctx.today}); record the end once it happened`, 'endDate');
  const declaredAfterEnd = Object.keys(p.hoursByMonth).filter((month) => month > monthOf(cmd.endDate) && p.hoursByMonth[month] > 0);
  if (declaredAfterEnd.length > 0) {
    throw ruleBroken('HOURS_AFTER_END', `hours are declared after ${cmd.endDate} (${declaredAfterEnd.join(', ')}); correct them to 0 first`, 'endDate');
  }
  return [event('PlacementEnded', { ...placementRef(p), endDate: cmd.endDate, reason: cmd.reason, endedOn: ctx.today })];
}
