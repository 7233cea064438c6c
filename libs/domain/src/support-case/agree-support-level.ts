import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { SUPPORT_LEVELS, SupportLevel } from '../shared/vocabulary';
import { MaybeSupportCase } from './support-case';
import { SupportLevelAgreed } from './support-case-events';
import { requireCaseDate, requireOpenCase } from './case-rules';

export interface AgreeSupportLevel {
  readonly caseId: string;
  readonly level: SupportLevel;
  readonly reason?: string;
  readonly agreedOn: string;
}

/** Sets the level, or changes it: a change states why. */
export function agreeSupportLevel(cmd: AgreeSupportLevel, state: MaybeSupportCase, ctx: DecisionContext): SupportLevelAgreed[] {
  const c = requireOpenCase(state, cmd.caseId);
  if (!SUPPORT_LEVELS.includes(cmd.level)) throw ruleBroken('INVALID_SUPPORT_LEVEL', `level must be 1, 2 or 3, got ${cmd.level}`, 'level');
  requireCaseDate(c, cmd.agreedOn, 'agreedOn', ctx.today);
  if (c.level === cmd.level) throw conflict('SUPPORT_LEVEL_UNCHANGED', `support case ${cmd.caseId} is already at level ${cmd.level}`, 'level');
  if (c.level !== undefined && !cmd.reason) {
    throw ruleBroken('LEVEL_CHANGE_REASON_REQUIRED', `changing the level from ${c.level} to ${cmd.level} needs a reason`, 'reason');
  }
  return [event('SupportLevelAgreed', {
    caseId: cmd.caseId, level: cmd.level, ...(c.level !== undefined ? { previousLevel: c.level } : {}),
    ...(cmd.reason ? { reason: cmd.reason } : {}), agreedOn: cmd.agreedOn,
  })];
}
