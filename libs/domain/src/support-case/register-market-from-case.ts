import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { ClauseDefined, MarketRegistered, TargetComputation } from '../market/market-events';
import { MaybeMarket, evolveMarket } from '../market/market';
import { registerMarket } from '../market/register-market';
import { TargetInput, defineClause } from '../market/define-clause';
import { MaybeSupportCase } from './support-case';
import { SupportCaseLinkedToMarket } from './support-case-events';
import { requireCase, requireCaseDate } from './case-rules';

export interface RegisterMarketFromCase {
  readonly caseId: string;
  readonly marketId: string;
  readonly reference?: string;
  /** Defaults to the project's title. */
  readonly title?: string;
  readonly executionStart: string;
  readonly executionEnd: string;
  readonly linkedOn: string;
}

export interface MarketFromCase {
  /** Empty when the case is already linked to this market (a retry completing an interrupted registration). */
  readonly caseEvents: SupportCaseLinkedToMarket[];
  readonly marketEvents: (MarketRegistered | ClauseDefined)[];
}

/**
 * The market a case became: its lots and adopted clauses are carried over from the case, so nothing
 * is typed twice, and each clause is defined by the market's own rule (same target function, same
 * inputs, so the same hours). The case is linked first; a registration interrupted between the two
 * appends completes on retry.
 */
export function registerMarketFromCase(cmd: RegisterMarketFromCase, state: MaybeSupportCase, market: MaybeMarket, ctx: DecisionContext): MarketFromCase {
  const c = requireCase(state, cmd.caseId);
  if (c.marketId && c.marketId !== cmd.marketId) {
    throw conflict('SUPPORT_CASE_ALREADY_LINKED', `support case ${cmd.caseId} already became market ${c.marketId}`, 'marketId');
  }
  const resuming = c.marketId === cmd.marketId;
  if (c.closed && !resuming) throw conflict('SUPPORT_CASE_CLOSED', `support case ${cmd.caseId} was closed on ${c.closed.closedOn}`, 'caseId');
  const adopted = Object.values(c.lots).filter((l) => l.adopted && l.proposal);
  if (adopted.length === 0) throw ruleBroken('NO_ADOPTED_PROPOSAL', `support case ${cmd.caseId} has no clause proposal adopted by the buyer`, 'caseId');
  if (!resuming) requireCaseDate(c, cmd.linkedOn, 'linkedOn', ctx.today);
  const caseEvents = resuming ? [] : [event('SupportCaseLinkedToMarket', { caseId: cmd.caseId, marketId: cmd.marketId, linkedOn: cmd.linkedOn })];
  const registered = registerMarket({
    marketId: cmd.marketId, ...(cmd.reference ? { reference: cmd.reference } : {}), title: cmd.title ?? c.project.title,
    kind: c.project.marketKind, buyer: c.buyer, territory: c.project.territory, department: c.project.department,
    facilitatorOrganisation: c.facilitatorOrganisation, facilitatorOrganisationId: c.facilitatorOrganisationId, executionStart: cmd.executionStart, executionEnd: cmd.executionEnd,
    lots: Object.values(c.lots).map((l) => ({ lotId: l.lotId, title: l.title, estimatedAmountCents: l.estimatedAmountCents })),
  }, market, ctx);
  const marketEvents: (MarketRegistered | ClauseDefined)[] = [...registered];
  let state2: MaybeMarket = registered.reduce(evolveMarket, market);
  for (const lot of adopted) {
    const p = lot.proposal!;
    const clause = defineClause({ marketId: cmd.marketId, lotId: lot.lotId, clauseTypes: p.clauseTypes, target: targetInputOf(p.computation), penaltyPerMissingHourCents: p.penaltyPerMissingHourCents }, state2, ctx);
    state2 = clause.reduce(evolveMarket, state2);
    marketEvents.push(...clause);
  }
  return { caseEvents, marketEvents };
}

/** The inputs a computation was made from, to compute it again with the same function. */
function targetInputOf(c: TargetComputation): TargetInput {
  return c.mode === 'FIXED'
    ? c
    : { mode: 'COMPUTED', labourSharePercent: c.labourSharePercent, insertionRatePercent: c.insertionRatePercent, hourlyCostCents: c.hourlyCostCents };
}

