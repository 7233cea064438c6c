import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { requireIsoDate } from '../shared/dates';
import { MaybeSupportCase } from './support-case';
import { CaseActionLogged, CaseDocumentRecorded } from './support-case-events';
import { requireCaseDate, requireOpenCase } from './case-rules';

export type LogCaseAction = CaseActionLogged['data'];
export type RecordCaseDocument = CaseDocumentRecorded['data'];

export function logCaseAction(cmd: LogCaseAction, state: MaybeSupportCase, ctx: DecisionContext): CaseActionLogged[] {
  const c = requireOpenCase(state, cmd.caseId);
  if (c.actionIds.includes(cmd.actionId)) throw conflict('CASE_ACTION_ALREADY_LOGGED', `action ${cmd.actionId} is already logged`, 'actionId');
  requireCaseDate(c, cmd.date, 'date', ctx.today);
  if (cmd.participants.length === 0) throw ruleBroken('NO_PARTICIPANT', 'an action needs at least one participant', 'participants');
  if (cmd.nextAction) {
    requireIsoDate(cmd.nextAction.date, 'nextAction.date');
    if (cmd.nextAction.date < cmd.date) throw ruleBroken('NEXT_ACTION_BEFORE_ACTION', `nextAction.date (${cmd.nextAction.date}) is before the action (${cmd.date})`, 'nextAction.date');
  }
  return [event('CaseActionLogged', { ...cmd })];
}

export function recordCaseDocument(cmd: RecordCaseDocument, state: MaybeSupportCase, ctx: DecisionContext): CaseDocumentRecorded[] {
  const c = requireOpenCase(state, cmd.caseId);
  if (c.documentIds.includes(cmd.documentId)) throw conflict('CASE_DOCUMENT_ALREADY_RECORDED', `document ${cmd.documentId} is already recorded`, 'documentId');
  requireCaseDate(c, cmd.date, 'date', ctx.today);
  return [event('CaseDocumentRecorded', { ...cmd })];
}
