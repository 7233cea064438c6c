import { ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { MaybeSupportCase } from './support-case';
import { AwardCriterionGrid, BidderScore, OffersScored } from './support-case-events';
import { requireCaseDate, requireCaseLot, requireOpenCase } from './case-rules';

export interface ScoreOffers {
  readonly caseId: string;
  readonly lotId: string;
  readonly grid: AwardCriterionGrid;
  readonly bidders: readonly Omit<BidderScore, 'totalPoints'>[];
  readonly scoredOn: string;
}

/**
 * Only for a lot whose proposal makes insertion an award criterion (R2152-7). Each bidder's
 * points stay within the published grid; totals are summed in hundredths of a point.
 */
export function scoreOffers(cmd: ScoreOffers, state: MaybeSupportCase, ctx: DecisionContext): OffersScored[] {
  const c = requireOpenCase(state, cmd.caseId);
  const lot = requireCaseLot(c, cmd.lotId);
  if (!lot.proposal?.clauseTypes.includes('AWARD_CRITERION')) {
    throw ruleBroken('NOT_AN_AWARD_CRITERION', `lot ${cmd.lotId} has no proposal with insertion as an award criterion (AWARD_CRITERION)`, 'lotId');
  }
  requireCaseDate(c, cmd.scoredOn, 'scoredOn', ctx.today);
  const { grid } = cmd;
  if (!(grid.weightPercent > 0 && grid.weightPercent <= 100)) throw ruleBroken('INVALID_PERCENT', 'grid.weightPercent must be above 0 and at most 100', 'grid.weightPercent');
  if (grid.subCriteria.length === 0) throw ruleBroken('EMPTY_GRID', 'grid.subCriteria needs at least one sub-criterion', 'grid.subCriteria');
  const maxOf = new Map<string, number>();
  grid.subCriteria.forEach((s, i) => {
    if (maxOf.has(s.code)) throw ruleBroken('DUPLICATE_SUB_CRITERION', `sub-criterion "${s.code}" appears twice`, `grid.subCriteria[${i}].code`);
    maxOf.set(s.code, hundredths(s.maxPoints, `grid.subCriteria[${i}].maxPoints`));
  });
  if (cmd.bidders.length === 0) throw ruleBroken('NO_BIDDER', 'bidders needs at least one offer', 'bidders');
  const bidders = cmd.bidders.map((b, i): BidderScore => {
    let total = 0;
    const given = new Set<string>();
    b.scores.forEach((s, j) => {
      const field = `bidders[${i}].scores[${j}]`;
      const max = maxOf.get(s.code);
      if (max === undefined) throw ruleBroken('UNKNOWN_SUB_CRITERION', `${field}.code "${s.code}" is not in the grid`, `${field}.code`);
      if (given.has(s.code)) throw ruleBroken('DUPLICATE_SUB_CRITERION', `${field}.code "${s.code}" is scored twice`, `${field}.code`);
      given.add(s.code);
      const points = hundredths(s.points, `${field}.points`);
      if (points > max) throw ruleBroken('POINTS_ABOVE_GRID', `${field}.points (${s.points}) is above the grid's ${max / 100}`, `${field}.points`);
      total += points;
    });
    if (given.size !== maxOf.size) throw ruleBroken('INCOMPLETE_SCORING', `bidders[${i}] must be scored on every sub-criterion of the grid`, `bidders[${i}].scores`);
    return { ...b, totalPoints: total / 100 };
  });
  return [event('OffersScored', { caseId: cmd.caseId, lotId: cmd.lotId, grid, bidders, scoredOn: cmd.scoredOn })];
}

function hundredths(value: number, field: string): number {
  const h = Math.round(value * 100);
  if (!Number.isFinite(value) || value < 0 || Math.abs(h - value * 100) > 1e-9) {
    throw ruleBroken('INVALID_POINTS', `${field} must be a non-negative number of points with at most 2 decimals, got ${value}`, field);
  }
  return h;
}
