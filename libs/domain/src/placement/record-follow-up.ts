import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { addDays, addMonths } from '../shared/dates';
import { FollowUpMilestone, FollowUpSituation, exitCategoryOf } from '../shared/vocabulary';
import { FollowUpRecorded } from './placement-events';
import { MaybePlacement, placementRef, requirePlacement } from './placement';

export interface RecordFollowUp {
  readonly placementId: string;
  readonly milestone: FollowUpMilestone;
  readonly situation: FollowUpSituation;
}

/** A follow-up may be recorded from two weeks before it is due (contract end + 6 or 12 months). */
export const FOLLOW_UP_EARLY_DAYS = 14;

export function followUpDueOn(endDate: string, milestone: FollowUpMilestone): string {
  return addMonths(endDate, milestone);
}

export function recordFollowUp(cmd: RecordFollowUp, placement: MaybePlacement, ctx: DecisionContext): FollowUpRecorded[] {
  const p = requirePlacement(placement, cmd.placementId);
  if (!p.endDate) throw ruleBroken('PLACEMENT_NOT_ENDED', `placement ${cmd.placementId} has not ended: follow-ups start after the contract ends`, 'placementId');
  const due = followUpDueOn(p.endDate, cmd.milestone);
  if (ctx.today < addDays(due, -FOLLOW_UP_EARLY_DAYS)) {
    throw ruleBroken('FOLLOW_UP_NOT_DUE', `the ${cmd.milestone}-month follow-up of placement ${cmd.placementId} is due on ${due}`, 'milestone');
  }
  if (p.followUps[String(cmd.milestone) as '6' | '12']) {
    throw conflict('FOLLOW_UP_ALREADY_RECORDED', `the ${cmd.milestone}-month follow-up of placement ${cmd.placementId} is already recorded`, 'milestone');
  }
  return [event('FollowUpRecorded', { ...placementRef(p), milestone: cmd.milestone, situation: cmd.situation, exitCategory: exitCategoryOf(cmd.situation), recordedOn: ctx.today })];
}
