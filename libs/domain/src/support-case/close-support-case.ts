import { ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { MaybeSupportCase } from './support-case';
import { SupportCaseClosed } from './support-case-events';
import { requireCaseDate, requireOpenCase } from './case-rules';

export type CloseSupportCase = Omit<SupportCaseClosed['data'], 'outcome'>;

/**
 * Without a market, a case closes without a clause (with the reason from the fixed list); once it
 * became a market, it closes as completed (after the bilan).
 */
export function closeSupportCase(cmd: CloseSupportCase, state: MaybeSupportCase, ctx: DecisionContext): SupportCaseClosed[] {
  const c = requireOpenCase(state, cmd.caseId);
  requireCaseDate(c, cmd.closedOn, 'closedOn', ctx.today);
  if (!c.marketId && !cmd.reasonCode) {
    throw ruleBroken('NO_CLAUSE_REASON_REQUIRED', 'a case closed without a market needs a reasonCode', 'reasonCode');
  }
  return [event('SupportCaseClosed', { ...cmd, outcome: c.marketId ? 'COMPLETED' : 'NO_CLAUSE' })];
}
