import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { Company, MaybeCompany, requireCompany } from '../company/company';
import { ClauseType } from '../shared/vocabulary';
import { ClauseAccepted } from './market-events';
import { MaybeMarket } from './market';
import { requireLot } from './define-clause';
import { requireOpenMarket } from './close-market';

export interface AcceptClause {
  readonly marketId: string;
  readonly lotId: string;
  readonly companyId: string;
  readonly committedHours: number;
}

/** The winning company of a lot takes on the clause; its commitment may exceed the target, never fall short. */
export function acceptClause(cmd: AcceptClause, market: MaybeMarket, company: MaybeCompany, ctx: DecisionContext): ClauseAccepted[] {
  const lot = requireLot(market, cmd.marketId, cmd.lotId);
  requireOpenMarket(market, cmd.marketId);
  const holder = requireCompany(company, cmd.companyId);
  if (!lot.clause) throw ruleBroken('CLAUSE_NOT_DEFINED', `lot ${cmd.lotId} has no clause defined yet`, 'lotId');
  if (lot.acceptance) {
    throw conflict('CLAUSE_ALREADY_ACCEPTED', `the clause of lot ${cmd.lotId} was already accepted by company ${lot.acceptance.companyId}`, 'lotId');
  }
  if (!mayHoldReservedLot(lot.clause.clauseTypes, holder)) {
    throw ruleBroken('LOT_RESERVED_TO_OTHER_COMPANIES', `lot ${cmd.lotId} is reserved (${lot.clause.clauseTypes.join(', ')}) and company ${cmd.companyId} is of kind ${holder.kind}`, 'companyId');
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

/**
 * A lot reserved to SIAE (L2113-13) or to the disability sector, EA and ESAT (L2113-12), goes only to
 * those enterprises; reserved to both (L2113-14), to either.
 */
function mayHoldReservedLot(clauseTypes: readonly ClauseType[], company: Company): boolean {
  const toSiae = clauseTypes.includes('RESERVED_SIAE');
  const toDisabilitySector = clauseTypes.includes('RESERVED_DISABILITY');
  if (!toSiae && !toDisabilitySector) return true;
  return (toSiae && company.isSiae) || (toDisabilitySector && company.isDisabilitySector);
}
