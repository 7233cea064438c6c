import { conflict, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { requireWholeNonNegative } from '../shared/quantities';
import { ClauseType } from '../shared/vocabulary';
import { TargetInput, computeTarget } from '../market/define-clause';
import { MaybeSupportCase, SupportCase } from './support-case';
import { CaseLot, CaseLotsDescribed, ClauseProposalAnswered, ClauseProposed, OpportunityAnalysed } from './support-case-events';
import { requireCaseDate, requireCaseLot, requireOpenCase } from './case-rules';

export interface DescribeCaseLots {
  readonly caseId: string;
  readonly lots: readonly CaseLot[];
  readonly describedOn: string;
}

/** The lots from the estimate per lot; they can be described again until a proposal is adopted. */
export function describeCaseLots(cmd: DescribeCaseLots, state: MaybeSupportCase, ctx: DecisionContext): CaseLotsDescribed[] {
  const c = requireOpenCase(state, cmd.caseId);
  requireNotAdopted(c);
  requireCaseDate(c, cmd.describedOn, 'describedOn', ctx.today);
  if (cmd.lots.length === 0) throw ruleBroken('NO_LOT', 'a tender needs at least one lot', 'lots');
  const seen = new Set<string>();
  cmd.lots.forEach((lot, i) => {
    if (seen.has(lot.lotId)) throw ruleBroken('DUPLICATE_LOT', `lot "${lot.lotId}" appears twice`, `lots[${i}].lotId`);
    seen.add(lot.lotId);
    requireWholeNonNegative(lot.estimatedAmountCents, `lots[${i}].estimatedAmountCents`, 'euro cents');
  });
  return [event('CaseLotsDescribed', { caseId: cmd.caseId, lots: cmd.lots.map((l) => ({ ...l })), describedOn: cmd.describedOn })];
}

export type AnalyseOpportunity = OpportunityAnalysed['data'];

export function analyseOpportunity(cmd: AnalyseOpportunity, state: MaybeSupportCase, ctx: DecisionContext): OpportunityAnalysed[] {
  const c = requireOpenCase(state, cmd.caseId);
  requireCaseLot(c, cmd.lotId);
  requireCaseDate(c, cmd.analysedOn, 'analysedOn', ctx.today);
  cmd.jobsGenerated.forEach((job, i) => {
    if (!Number.isSafeInteger(job.positions) || job.positions < 1) {
      throw ruleBroken('INVALID_POSITIONS', `jobsGenerated[${i}].positions must be a whole number above 0`, `jobsGenerated[${i}].positions`);
    }
  });
  requireDistinct(cmd.recommendedClauseTypes, 'recommendedClauseTypes');
  return [event('OpportunityAnalysed', { ...cmd })];
}

export interface ProposeClause {
  readonly caseId: string;
  readonly lotId: string;
  readonly clauseTypes: readonly ClauseType[];
  readonly target: TargetInput;
  readonly penaltyPerMissingHourCents: number;
  readonly proposedOn: string;
}

/** Hours come from the one target function a market's clause uses, on the lot's estimate. */
export function proposeClause(cmd: ProposeClause, state: MaybeSupportCase, ctx: DecisionContext): ClauseProposed[] {
  const c = requireOpenCase(state, cmd.caseId);
  const lot = requireCaseLot(c, cmd.lotId);
  if (lot.adopted) throw conflict('PROPOSAL_ALREADY_ADOPTED', `the buyer adopted the proposal for lot ${cmd.lotId}; it can no longer change`, 'lotId');
  requireCaseDate(c, cmd.proposedOn, 'proposedOn', ctx.today);
  if (cmd.clauseTypes.length === 0) throw ruleBroken('NO_CLAUSE_TYPE', 'clauseTypes needs at least one clause type', 'clauseTypes');
  requireDistinct(cmd.clauseTypes, 'clauseTypes');
  requireWholeNonNegative(cmd.penaltyPerMissingHourCents, 'penaltyPerMissingHourCents', 'euro cents');
  const { computation, targetHours } = computeTarget(cmd.target, lot);
  return [event('ClauseProposed', {
    caseId: cmd.caseId, lotId: cmd.lotId, clauseTypes: [...cmd.clauseTypes], computation, targetHours,
    penaltyPerMissingHourCents: cmd.penaltyPerMissingHourCents, proposedOn: cmd.proposedOn,
  })];
}

export type AnswerClauseProposal = ClauseProposalAnswered['data'];

/** The buyer adopts the proposal into its tender, or declines it (with the reason). */
export function answerClauseProposal(cmd: AnswerClauseProposal, state: MaybeSupportCase, ctx: DecisionContext): ClauseProposalAnswered[] {
  const c = requireOpenCase(state, cmd.caseId);
  const lot = requireCaseLot(c, cmd.lotId);
  if (!lot.proposal) throw ruleBroken('NO_PROPOSAL', `no clause was proposed for lot ${cmd.lotId}`, 'lotId');
  if (lot.adopted !== undefined) throw conflict('PROPOSAL_ALREADY_ANSWERED', `the proposal for lot ${cmd.lotId} was already ${lot.adopted ? 'adopted' : 'declined'}`, 'lotId');
  if (c.marketId) throw conflict('SUPPORT_CASE_ALREADY_LINKED', `support case ${cmd.caseId} already became market ${c.marketId}`, 'caseId');
  requireCaseDate(c, cmd.answeredOn, 'answeredOn', ctx.today);
  if (!cmd.adopted && !cmd.reason) throw ruleBroken('DECLINE_REASON_REQUIRED', 'a declined proposal needs a reason', 'reason');
  return [event('ClauseProposalAnswered', { ...cmd })];
}

function requireNotAdopted(c: SupportCase): void {
  const adopted = Object.values(c.lots).find((l) => l.adopted);
  if (adopted) throw conflict('PROPOSAL_ALREADY_ADOPTED', `the buyer adopted the proposal for lot ${adopted.lotId}; the lots can no longer change`, 'lots');
}

function requireDistinct(values: readonly string[], field: string): void {
  if (new Set(values).size !== values.length) throw ruleBroken('DUPLICATE_CLAUSE_TYPE', `${field} lists a type twice`, field);
}
