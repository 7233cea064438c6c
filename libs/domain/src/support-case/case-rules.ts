import { conflict, notFound, ruleBroken } from '../shared/domain-error';
import { requireIsoDate } from '../shared/dates';
import { CaseLotState, MaybeSupportCase, SupportCase } from './support-case';

export function requireCase(state: MaybeSupportCase, caseId: string): SupportCase {
  if (!state) throw notFound('SUPPORT_CASE_NOT_FOUND', `support case ${caseId} does not exist`, 'caseId');
  return state;
}

/** A closed case is history: nothing more is logged on it. */
export function requireOpenCase(state: MaybeSupportCase, caseId: string): SupportCase {
  const c = requireCase(state, caseId);
  if (c.closed) throw conflict('SUPPORT_CASE_CLOSED', `support case ${caseId} was closed on ${c.closed.closedOn}`, 'caseId');
  return c;
}

export function requireCaseLot(c: SupportCase, lotId: string): CaseLotState {
  const lot = c.lots[lotId];
  if (!lot) throw notFound('CASE_LOT_NOT_FOUND', `support case ${c.caseId} has no lot "${lotId}" (describe the lots from the estimate first)`, 'lotId');
  return lot;
}

/** Casework is dated: never before the request it answers, never in the future. */
export function requireCaseDate(c: SupportCase, date: string, field: string, today: string): void {
  requireIsoDate(date, field);
  if (date < c.requestedOn) throw ruleBroken('DATED_BEFORE_REQUEST', `${field} (${date}) is before the request of ${c.requestedOn}`, field);
  if (date > today) throw ruleBroken('DATED_IN_FUTURE', `${field} (${date}) is after today (${today})`, field);
}
