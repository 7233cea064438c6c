import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { MaybeCompany, requireCompany } from '../company/company';
import { ClauseAccepted } from './market-events';
import { MaybeMarket } from './market';
import { requireLot } from './define-clause';

export interface AcceptClause {
  readonly marketId: string;
  readonly lotId: string;
  readonly companyId: string;
  readonly committedHours: number;
}

/** The winning company of a lot takes on the clause; its commitment may exceed the target, never fall short. */
export function acceptClause(cmd: AcceptClause, market: MaybeMarket, company: MaybeCompany, ctx: DecisionContext): ClauseAccepted[] {
  const lot = requireLot(market, cmd.marketId, cmd.lotId);
  requireCompany(company, cmd.companyId);
  if (!lot.clause) throw ruleBroken('CLAUSE_NOT_DEFINED', `lot ${cmd.lotId} has no clause defined yet`, 'lotId');
  if (lot.acceptance) {
    throw conflict('CLAUSE_ALREADY_ACCEPTED', `the clause of lot ${cmd.lotId} was already accepted by company ${lot.acceptance.companyId}`, 'lotId');
  }
  if (!Number.isSafeInteger(cmd.committedHours) || cmd.committedHours < lot.clause.targetHours) {
    throw ruleBroken('COMMITMENT_BELOW_TARGET', `committedHours must be a whole number of hours of at least the target of ${lot.clause.targetHours} h, got ${cmd.committedHours}`, 'committedHours');
  }
  return [
    event('ClauseAccepted', {
      marketId: cmd.marketId,
      lotId: cmd.lotId,
      companyId: cmd.companyId,
      targetHours: lot.clause.targetHours,
      committedHours: cmd.committedHours,
      acceptedOn: ctx.today,
    }),
  ];
}
