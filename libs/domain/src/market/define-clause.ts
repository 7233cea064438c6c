import { conflict, notFound, ruleBroken } from '../shared/domain-error';
import { DecisionContext, event } from '../shared/domain-event';
import { requireWholeNonNegative, toBasisPoints } from '../shared/quantities';
import { ClauseType } from '../shared/vocabulary';
import { ClauseDefined, TargetComputation } from './market-events';
import { Lot, Market, MaybeMarket } from './market';
import { requireOpenMarket } from './close-market';

export type TargetInput =
  | { mode: 'COMPUTED'; labourSharePercent: number; insertionRatePercent: number; hourlyCostCents: number }
  | { mode: 'FIXED'; hours: number; basis: 'WHOLE_MARKET' | 'PER_YEAR' | 'PER_ORDER'; note?: string };

export interface DefineClause {
  readonly marketId: string;
  readonly lotId: string;
  readonly clauseTypes: readonly ClauseType[];
  readonly target: TargetInput;
  readonly penaltyPerMissingHourCents: number;
}

/** A clause may be (re)defined until a company accepted it; after that the obligation is fixed. */
export function defineClause(cmd: DefineClause, market: MaybeMarket, ctx: DecisionContext): ClauseDefined[] {
  const lot = requireLot(market, cmd.marketId, cmd.lotId);
  requireOpenMarket(market, cmd.marketId);
  if (lot.acceptance) {
    throw conflict('CLAUSE_ALREADY_ACCEPTED', `the clause of lot ${cmd.lotId} was accepted by company ${lot.acceptance.companyId} and can no longer be redefined`, 'lotId');
  }
  if (cmd.clauseTypes.length === 0) throw ruleBroken('NO_CLAUSE_TYPE', 'clauseTypes needs at least one clause type', 'clauseTypes');
  if (new Set(cmd.clauseTypes).size !== cmd.clauseTypes.length) throw ruleBroken('DUPLICATE_CLAUSE_TYPE', 'clauseTypes lists a type twice', 'clauseTypes');
  requireWholeNonNegative(cmd.penaltyPerMissingHourCents, 'penaltyPerMissingHourCents', 'euro cents');
  const { computation, targetHours } = computeTarget(cmd.target, lot);
  return [
    event('ClauseDefined', {
      marketId: cmd.marketId,
      lotId: cmd.lotId,
      clauseTypes: [...cmd.clauseTypes],
      computation,
      targetHours,
      penaltyPerMissingHourCents: cmd.penaltyPerMissingHourCents,
      definedOn: ctx.today,
    }),
  ];
}

/**
 * target = estimated amount excl. tax × labour share × insertion rate ÷ loaded hourly cost,
 * in integer arithmetic (cents and basis points) and rounded half up to a whole hour.
 */
export function computeTarget(input: TargetInput, lot: Pick<Lot, 'lotId' | 'estimatedAmountCents'>): { computation: TargetComputation; targetHours: number } {
  if (input.mode === 'FIXED') {
    if (!Number.isSafeInteger(input.hours) || input.hours <= 0) {
      throw ruleBroken('INVALID_TARGET', `target.hours must be a whole number of hours above 0, got ${input.hours}`, 'target.hours');
    }
    return { computation: { ...input }, targetHours: input.hours };
  }
  const labourBp = BigInt(toBasisPoints(input.labourSharePercent, 'target.labourSharePercent'));
  const rateBp = BigInt(toBasisPoints(input.insertionRatePercent, 'target.insertionRatePercent'));
  if (!Number.isSafeInteger(input.hourlyCostCents) || input.hourlyCostCents <= 0) {
    throw ruleBroken('INVALID_AMOUNT', `target.hourlyCostCents must be a whole number of euro cents above 0, got ${input.hourlyCostCents}`, 'target.hourlyCostCents');
  }
  // lots registered before an amount was required may have none
  if (lot.estimatedAmountCents <= 0) {
    throw ruleBroken('NO_ESTIMATED_AMOUNT', `lot ${lot.lotId} has no estimated amount to compute a target from; use a FIXED target`, 'target.mode');
  }
  const numerator = BigInt(lot.estimatedAmountCents) * labourBp * rateBp;
  const denominator = 10_000n * 10_000n * BigInt(input.hourlyCostCents);
  const targetHours = Number((2n * numerator + denominator) / (2n * denominator));
  if (targetHours <= 0) throw ruleBroken('TARGET_BELOW_ONE_HOUR', 'the computed target is below one hour: check the inputs', 'target');
  return {
    computation: {
      mode: 'COMPUTED',
      estimatedAmountCents: lot.estimatedAmountCents,
      labourSharePercent: input.labourSharePercent,
      insertionRatePercent: input.insertionRatePercent,
      hourlyCostCents: input.hourlyCostCents,
      rounding: 'NEAREST_HOUR',
    },
    targetHours,
  };
}

export function requireMarket(market: MaybeMarket, marketId: string): Market {
  if (!market) throw notFound('MARKET_NOT_FOUND', `market ${marketId} does not exist`, 'marketId');
  return market;
}

export function requireLot(market: MaybeMarket, marketId: string, lotId: string): Lot {
  const lot = requireMarket(market, marketId).lots[lotId];
  if (!lot) throw notFound('LOT_NOT_FOUND', `market ${marketId} has no lot "${lotId}"`, 'lotId');
  return lot;
}
