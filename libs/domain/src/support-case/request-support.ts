import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { requireIsoDate, requireIsoMonth } from '../shared/dates';
import { requireWholeNonNegative } from '../shared/quantities';
import { isDepartmentCode } from '../shared/vocabulary';
import { MaybeSupportCase } from './support-case';
import { SupportRequested } from './support-case-events';

export type RequestSupport = SupportRequested['data'];

export function requestSupport(cmd: RequestSupport, state: MaybeSupportCase, ctx: DecisionContext): SupportRequested[] {
  if (state) throw conflict('SUPPORT_CASE_ALREADY_EXISTS', `support case ${cmd.caseId} already exists`, 'caseId');
  requireIsoDate(cmd.requestedOn, 'requestedOn');
  if (cmd.requestedOn > ctx.today) throw ruleBroken('DATED_IN_FUTURE', `requestedOn (${cmd.requestedOn}) is after today (${ctx.today})`, 'requestedOn');
  requireIsoMonth(cmd.project.expectedPublication, 'project.expectedPublication');
  requireWholeNonNegative(cmd.project.estimatedAmountCents, 'project.estimatedAmountCents', 'euro cents');
  if (!isDepartmentCode(cmd.project.department)) {
    throw ruleBroken('INVALID_DEPARTMENT', `project.department must be a French département code such as 50, 2A or 971, got "${cmd.project.department}"`, 'project.department');
  }
  return [event('SupportRequested', { ...cmd })];
}
